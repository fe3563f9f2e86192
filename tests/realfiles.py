"""Where the real device files are, and what the corpus MANIFEST says of each.

A module of its own (not conftest) so test modules can import it by one name
wherever pytest collects them from.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BACKSTRIDE_CORPUS", REPO.parent / "shared" / "corpus"))


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    sport: str
    device: str
    running: str
    negative_or_edge: str

    @property
    def negative(self) -> bool:
        return self.negative_or_edge.startswith("NEG")


def corpus_files() -> list[CorpusFile]:
    """Every file listed in the corpus MANIFEST, or none when ../shared is absent."""
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CorpusFile(
            path=CORPUS / row["file"],
            sport=row["sport"],
            device=row["device"],
            running=row["running"],
            negative_or_edge=row["negative_or_edge"],
        )
        for row in rows
    ]
