"""Account exports (Strava's bulk export, Garmin Connect's data export) as one table of
readers: each says whether a tree of member names is its export and yields the items to
import. `tree` holds what they share (export trees, items, the metadata a row adds).
A new export format is a new module here and one row in `EXPORT_READERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from backstride.ingest.exports import garmin, strava
from backstride.ingest.exports.tree import ExportItem, ExportTree


@dataclass(frozen=True)
class ExportReader:
    """One kind of export: how to recognise it and how to read it."""

    name: str
    detect: Callable[[Collection[str]], bool]  # member names (zip or folder) -> is it one
    items: Callable[[ExportTree], Iterator[ExportItem]]
    marker: str  # what an unpacked folder of it holds at its top


EXPORT_READERS: tuple[ExportReader, ...] = (
    ExportReader(
        "Strava bulk export", strava.is_strava_export, strava.strava_items, strava.CSV_NAME
    ),
    ExportReader(
        "Garmin Connect export", garmin.is_garmin_export, garmin.garmin_items, "DI_CONNECT"
    ),
)


def folder_is_export(root: Path) -> bool:
    """True when the unpacked folder `root` has an export's marker at its top."""
    return any((root / reader.marker).exists() for reader in EXPORT_READERS)
