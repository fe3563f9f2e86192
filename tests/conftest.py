"""Shared fixtures: where the real device files are, and the databases to test on."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from realfiles import CORPUS, CorpusFile, corpus_files
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from backstride.store import Store, open_store

__all__ = ["CORPUS", "CorpusFile", "corpus_files"]


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real device files in ../shared/corpus; tests skip with a reason where absent."""
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"real device corpus not found at {CORPUS} (clone with ../shared beside it)")
    return CORPUS


POSTGRES_URL = os.environ.get("BACKSTRIDE_TEST_POSTGRES_URL", "")


@pytest.fixture()
def tmp_db_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'backstride.db'}"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set"),
            ],
        ),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_db_url: str) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL schema dropped after."""
    if request.param == "sqlite":
        yield tmp_db_url
        return
    schema = f"backstride_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture()
def open_db(db_url: str) -> Iterator[Callable[[], Store]]:
    """Opens the test database as often as a test likes (each a separate engine); closes
    every store after."""
    stores: list[Store] = []

    def opener() -> Store:
        stores.append(open_store(db_url))
        return stores[-1]

    yield opener
    for store in stores:
        store.close()
