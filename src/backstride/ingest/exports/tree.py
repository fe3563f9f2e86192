"""What every export reader yields: trees of members, items to import, the
metadata an export row adds to a decoded file, and activities from a row alone.

Shared by the Strava and Garmin readers and the import pipeline.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from backstride.domain import Activity, SourceFormat, Sport
from backstride.domain.activity import SUMMARY_FIELDS
from backstride.ingest.archive import EXPORT_FILE_LIMIT_BYTES, read_capped, safe_members
from backstride.ingest.errors import IngestError

MemberLoader = Callable[[], bytes]
Parser = Callable[[bytes, str], list[Activity]]


@dataclass(frozen=True)
class ExportTree:
    """An export's members (path inside it -> loader of its bytes), zip or folder alike."""

    label: str
    members: Mapping[str, MemberLoader]
    in_archive: bool = True

    def source_of(self, member: str) -> str:
        """How a member is named to the runner: `export.zip!activities/1.fit.gz`."""
        return f"{self.label}!{member}" if self.in_archive else f"{self.label}/{member}"


def zip_tree(archive: zipfile.ZipFile, label: str) -> ExportTree:
    """The tree of an open zip, read with every safety limit of `ingest.archive`."""
    return ExportTree(label, safe_members(archive, label))


def folder_tree(root: Path) -> ExportTree:
    """The tree of an unpacked export folder."""
    members = {
        path.relative_to(root).as_posix(): partial(read_capped, path, EXPORT_FILE_LIMIT_BYTES)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }
    return ExportTree(str(root), members, in_archive=False)


@dataclass(frozen=True)
class ExportMetadata:
    """What an export's CSV row or JSON record says about one activity (SI units)."""

    origin: SourceFormat  # STRAVA_CSV or GARMIN_JSON
    row: str  # names the row in messages: "export.zip!activities.csv line 7 (activity 42)"
    external_id: str | None = None
    name: str | None = None
    sport: Sport = Sport.OTHER
    sub_sport: str | None = None
    notes: str | None = None
    gear: str | None = None
    start_utc: datetime | None = None
    utc_offset_s: int | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None


@dataclass(frozen=True)
class ExportItem:
    """One unit of work from an export: a file to decode, a row alone, or an error.

    `load` is None for a row with no file. `metadata` is None for a file no row
    names; `match` then finds the row after decoding (Garmin matches by start).
    `error` means nothing can be imported from this item; `warning` means it was
    imported with a caveat. Both are one line that names the row or file.
    """

    source_file: str
    load: MemberLoader | None
    metadata: ExportMetadata | None
    error: str | None = None
    warning: str | None = None
    match: Callable[[Sequence[Activity]], ExportMetadata | None] | None = field(
        default=None, compare=False, repr=False
    )


def parse_number(text: str | None) -> float | None:
    """A CSV number as exports write it (`1,012.5`, `33,22`, `1 234,5`), or None."""
    if text is None:
        return None
    text = text.strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        if "." in text:
            text = (
                text.replace(",", "")
                if text.rfind(".") > text.rfind(",")
                else (text.replace(".", "").replace(",", "."))
            )
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _closest(activities: Sequence[Activity], start: datetime | None) -> int:
    if start is None or not activities:
        return 0
    gaps = [abs((a.start_utc - start).total_seconds()) for a in activities]
    return gaps.index(min(gaps))


_FILLABLE = SUMMARY_FIELDS


def apply_metadata(activities: list[Activity], meta: ExportMetadata) -> list[Activity]:
    """Decoded activities with what the export adds.

    The file's own summary values (the device's) stay; a value the file lacks is
    taken from the export. Name, notes, external id and gear come from the
    export, and so does the sport when the file says other. With several
    activities in one file, the one starting closest to the export's start gets
    the export's identity; the others only get the gear.
    """
    target = _closest(activities, meta.start_utc)
    out: list[Activity] = []
    for index, activity in enumerate(activities):
        changes: dict[str, object] = {}
        if meta.gear and not activity.gear:
            changes["gear"] = meta.gear
        if index == target:
            for name in ("name", "notes", "external_id"):
                if getattr(meta, name):
                    changes[name] = getattr(meta, name)
            if activity.sport is Sport.OTHER and meta.sport is not Sport.OTHER:
                changes["sport"] = meta.sport
                changes["sub_sport"] = meta.sub_sport
            elif activity.sub_sport is None and activity.sport is meta.sport and meta.sub_sport:
                changes["sub_sport"] = meta.sub_sport
            for name in _FILLABLE:
                if getattr(activity, name) is None and getattr(meta, name) is not None:
                    changes[name] = getattr(meta, name)
        out.append(activity.with_(**changes) if changes else activity)
    return out


def metadata_hash(meta: ExportMetadata) -> str:
    """sha256 of a canonical form of the row: the same row always hashes the same."""
    fields = {k: v for k, v in asdict(meta).items() if k != "row" and v is not None}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def activity_from_metadata(meta: ExportMetadata, source_file: str) -> Activity:
    """An activity from the export's row alone (no file), keyed by the row's hash."""
    if meta.start_utc is None:
        raise IngestError(f"{meta.row}: no start time, so no activity")
    elapsed = meta.elapsed_s if meta.elapsed_s is not None else meta.moving_s
    if elapsed is None:
        raise IngestError(f"{meta.row}: no elapsed time, so no activity")
    return Activity(
        sport=meta.sport,
        start_utc=meta.start_utc,
        elapsed_s=elapsed,
        source_format=meta.origin,
        sub_sport=meta.sub_sport,
        utc_offset_s=meta.utc_offset_s,
        moving_s=meta.moving_s,
        distance_m=meta.distance_m,
        ascent_m=meta.ascent_m,
        avg_hr=meta.avg_hr,
        max_hr=meta.max_hr,
        avg_cadence_spm=meta.avg_cadence_spm,
        name=meta.name,
        notes=meta.notes,
        source_file=source_file,
        content_hash=metadata_hash(meta),
        external_id=meta.external_id,
        gear=meta.gear,
    )


def import_item(item: ExportItem, parse: Parser) -> tuple[list[Activity], str | None]:
    """The activities of one item and a one-line note (error or warning), never raising.

    A file that cannot be decoded falls back to the export's row when there is one.
    """
    if item.error is not None:
        return [], item.error
    meta = item.metadata
    try:
        if item.load is None:
            if meta is None:
                return [], f"{item.source_file}: nothing to import"
            return [activity_from_metadata(meta, item.source_file)], item.warning
        try:
            try:
                data = item.load()
            except OSError as exc:
                raise IngestError(f"cannot read: {exc.strerror or exc}") from None
            activities = parse(data, item.source_file)
        except IngestError as exc:
            if meta is None or meta.start_utc is None:
                raise
            fallback = activity_from_metadata(meta, item.source_file)
            kind = "CSV row" if meta.origin is SourceFormat.STRAVA_CSV else "JSON record"
            return [fallback], f"{item.source_file}: {exc}; imported from the {kind} alone"
    except IngestError as exc:
        text = str(exc)
        return [], text if text.startswith(item.source_file) else f"{item.source_file}: {text}"
    if meta is None and item.match is not None:
        meta = item.match(activities)
    return (apply_metadata(activities, meta) if meta else activities), item.warning


def find_member(
    members: Mapping[str, MemberLoader], folded: Mapping[str, str], path: str
) -> str | None:
    """The member at `path`, matched exactly or else ignoring case."""
    if path in members:
        return path
    return folded.get(path.casefold())
