"""Shared fixtures: where the real device files are, and the databases to test on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from realfiles import CORPUS, CorpusFile, corpus_files

__all__ = ["CORPUS", "CorpusFile", "corpus_files"]


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real device files in ../shared/corpus; tests skip with a reason where absent."""
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"real device corpus not found at {CORPUS} (clone with ../shared beside it)")
    return CORPUS


@pytest.fixture()
def tmp_db_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'backstride.db'}"
