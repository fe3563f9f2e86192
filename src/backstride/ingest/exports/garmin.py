"""Read a Garmin Connect data export (the zip from Garmin's account data management).

The layout, as Garmin writes it:
- `DI_CONNECT/DI-Connect-Fitness/<user>_<n>_summarizedActivities.json`: a list
  wrapping `{"summarizedActivitiesExport": [record, ...]}`; each record has
  `activityId`, `name`, `activityType`, `sportType`, `startTimeGmt` and
  `startTimeLocal` (epoch ms), `duration`/`elapsedDuration`/`movingDuration` (ms),
  `distance` and `elevationGain` (cm), `avgHr`, `maxHr`, `avgDoubleCadence` or
  `avgRunCadence` (one foot), `description`.
- `DI_CONNECT/DI-Connect-Fitness/<user>_gear.json`: `[{"gearDTOS": [...],
  "gearActivityDTOs": {"<gearPk>": [{"activityId": ...}, ...]}}]`.
- `DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_*_Part<n>.zip`: nested zips
  of the files the devices uploaded (`<user>_<activityId>.fit` as a rule).

A file is matched to its record by the activity id in its name; a file whose
name holds no known id is matched after decoding, by start time (within 60 s).
Records no file matched become JSON-only activities at the end. Consume the items
in order, decoding each before taking the next: a record matched late (by start)
after the generator finished also comes back JSON-only, and only the store's
same-run check then keeps the FIT alone.
A nested zip is held in memory while its files are yielded (Garmin splits the
uploads into parts to keep them modest).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from backstride.domain import Activity, SourceFormat, Sport
from backstride.domain.activity import FOOT_SPORTS
from backstride.domain.bounds import one_line
from backstride.ingest.archive import ZIP_ERRORS
from backstride.ingest.errors import IngestError
from backstride.ingest.exports.tree import (
    ExportItem,
    ExportMetadata,
    ExportTree,
    zip_tree,
)
from backstride.ingest.sniff import ACTIVITY_FILE_SUFFIXES

FITNESS_DIR = "di_connect/di-connect-fitness/"
UPLOADS_DIR = "di_connect/di-connect-uploaded-files/"
MATCH_WINDOW_S = 60.0
# The export zip holds the uploads' zips; a zip in one of those is read too, no deeper.
MAX_NESTING = 3

# Garmin activity type keys (activityType, or sportType in capitals) -> sport.
_TYPES: dict[str, tuple[Sport, str | None]] = {
    key: (sport, sub_sport)
    for sport, sub_sport, keys in (
        (Sport.RUN, None, "running street_running ultra_run obstacle_run"),
        (Sport.RUN, "trail", "trail_running"),
        (Sport.RUN, "treadmill", "treadmill_running"),
        (Sport.RUN, "indoor", "indoor_running"),
        (Sport.RUN, "track", "track_running"),
        (Sport.RUN, "virtual", "virtual_run"),
        (Sport.WALK, None, "walking casual_walking speed_walking indoor_walking"),
        (Sport.HIKE, None, "hiking"),
        (Sport.CYCLING, None, "cycling road_biking cyclocross recumbent_cycling bmx"),
        (Sport.CYCLING, "mountain", "mountain_biking"),
        (Sport.CYCLING, "gravel", "gravel_cycling"),
        (Sport.CYCLING, "indoor", "indoor_cycling"),
        (Sport.CYCLING, "virtual", "virtual_ride"),
        (Sport.CYCLING, "e-bike", "e_bike_fitness e_bike_mountain"),
        (Sport.SWIMMING, None, "swimming"),
        (Sport.SWIMMING, "pool", "lap_swimming"),
        (Sport.SWIMMING, "open-water", "open_water_swimming"),
        (Sport.STRENGTH, "strength", "strength_training"),
        (Sport.YOGA, "yoga", "yoga"),
        (Sport.YOGA, "pilates", "pilates"),
        (Sport.CARDIO, "cardio", "cardio indoor_cardio fitness_equipment hiit"),
        (Sport.CARDIO, "elliptical", "elliptical"),
        (Sport.CARDIO, "stairs", "stair_climbing floor_climbing"),
        (Sport.CARDIO, "rowing", "rowing indoor_rowing"),
        (Sport.CARDIO, "nordic-ski", "cross_country_skiing_ws skate_skiing_ws"),
    )
    for key in keys.split()
}


def is_garmin_export(names: Collection[str]) -> bool:
    """True when the member names look like a Garmin Connect data export."""
    return any(n.casefold().startswith((FITNESS_DIR, UPLOADS_DIR)) for n in names)


def sport_of_garmin_type(
    activity_type: object, sport_type: object = None
) -> tuple[Sport, str | None]:
    """The backstride sport for a record's `activityType` (or `sportType`)."""
    if isinstance(activity_type, dict):  # some exports nest {"typeKey": "running"}
        activity_type = activity_type.get("typeKey")
    for key in (activity_type, sport_type):
        if isinstance(key, str) and key.casefold() in _TYPES:
            return _TYPES[key.casefold()]
    return Sport.OTHER, None


def _number(record: Mapping[str, Any], *keys: str) -> float | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
            return float(value)
    return None


def _epoch_ms(value: object) -> datetime | None:
    """A Garmin time: epoch milliseconds, or an ISO text in older exports; UTC."""
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=float(value))
        if isinstance(value, str) and value.strip():
            parsed = datetime.fromisoformat(value.strip().replace(" ", "T").removesuffix("Z"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        return None
    return None


def record_metadata(record: Mapping[str, Any], row: str, gear: str | None) -> ExportMetadata:
    """The metadata of one summarizedActivities record, in SI units."""
    sport, sub_sport = sport_of_garmin_type(record.get("activityType"), record.get("sportType"))
    start = _epoch_ms(record.get("startTimeGmt")) or _epoch_ms(record.get("beginTimestamp"))
    local = _epoch_ms(record.get("startTimeLocal"))
    offset = round((local - start).total_seconds()) if start and local else None
    elapsed_ms = _number(record, "elapsedDuration", "duration")
    moving_ms = _number(record, "movingDuration")
    distance_cm = _number(record, "distance")
    ascent_cm = _number(record, "elevationGain")
    cadence = _number(record, "avgDoubleCadence")
    if cadence is None and (single := _number(record, "avgRunCadence")) is not None:
        cadence = single * 2.0
    activity_id = record.get("activityId")
    name, notes = record.get("name"), record.get("description")
    return ExportMetadata(
        origin=SourceFormat.GARMIN_JSON,
        row=row,
        external_id=str(activity_id) if activity_id is not None else None,
        name=name.strip() or None if isinstance(name, str) else None,
        sport=sport,
        sub_sport=sub_sport,
        notes=notes.strip() or None if isinstance(notes, str) else None,
        gear=gear,
        start_utc=start,
        utc_offset_s=offset,
        elapsed_s=elapsed_ms / 1000.0 if elapsed_ms is not None else None,
        moving_s=moving_ms / 1000.0 if moving_ms is not None else None,
        distance_m=distance_cm / 100.0 if distance_cm is not None else None,
        ascent_m=ascent_cm / 100.0 if ascent_cm is not None else None,
        avg_hr=_number(record, "avgHr"),
        max_hr=_number(record, "maxHr"),
        avg_cadence_spm=cadence if sport in FOOT_SPORTS else None,
    )


def _records(payload: object) -> list[object]:
    """The records of a summarizedActivities file, whichever way it is wrapped."""
    if isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        return []
    out: list[object] = []
    for chunk in payload:
        if isinstance(chunk, dict) and "summarizedActivitiesExport" in chunk:
            inner = chunk["summarizedActivitiesExport"]
            out.extend(inner if isinstance(inner, list) else [])
        elif isinstance(chunk, dict) and "activityId" in chunk:
            out.append(chunk)
    return out


def gear_by_activity(payload: object) -> dict[str, str]:
    """Activity id -> gear name from a `_gear.json`; shoes win over other gear."""
    roots = payload if isinstance(payload, list) else [payload]
    out: dict[str, str] = {}
    for root in roots:
        if not isinstance(root, dict):
            continue
        names: dict[str, tuple[str, bool]] = {}
        dtos = root.get("gearDTOS") or root.get("gearDTOs")
        for dto in dtos if isinstance(dtos, list) else []:
            if not isinstance(dto, dict) or dto.get("gearPk") is None:
                continue
            label = dto.get("displayName") or dto.get("customMakeModel")
            if isinstance(label, str) and label.strip():
                is_shoe = str(dto.get("gearTypeName", "")).casefold() in ("shoes", "shoe")
                names[str(dto["gearPk"])] = (label.strip(), is_shoe)
        links = root.get("gearActivityDTOs") or {}
        for gear_pk, activities in links.items() if isinstance(links, dict) else []:
            if str(gear_pk) not in names or not isinstance(activities, list):
                continue
            label, is_shoe = names[str(gear_pk)]
            for link in activities:
                if isinstance(link, dict) and link.get("activityId") is not None:
                    key = str(link["activityId"])
                    if key not in out or is_shoe:
                        out[key] = label
    return out


def _load_json(tree: ExportTree, member: str) -> tuple[object, str | None]:
    try:
        return json.loads(tree.members[member]()), None
    except RecursionError:
        return None, f"{tree.source_of(member)}: not imported: its JSON is nested too deeply"
    except (IngestError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return None, f"{tree.source_of(member)}: not readable JSON ({first})"


class _Index:
    """The export's records by activity id, and the ones no file has claimed yet."""

    def __init__(self) -> None:
        self.by_id: dict[str, ExportMetadata] = {}
        self.unclaimed: dict[str, ExportMetadata] = {}

    def add(self, meta: ExportMetadata, key: str) -> None:
        self.by_id[key] = meta
        self.unclaimed[key] = meta

    def claim_id(self, name: str) -> ExportMetadata | None:
        for number in reversed(re.findall(r"\d{5,}", name.rsplit("/", 1)[-1])):
            if number in self.by_id:
                self.unclaimed.pop(number, None)
                return self.by_id[number]
        return None

    def claim_start(self, activities: Sequence[Activity]) -> ExportMetadata | None:
        """The record starting within 60 s of a decoded activity, unclaimed ones first."""
        for pool in (self.unclaimed, self.by_id):
            best: tuple[float, str] | None = None
            for activity in activities:
                for key, meta in pool.items():
                    if meta.start_utc is None:
                        continue
                    gap = abs((meta.start_utc - activity.start_utc).total_seconds())
                    if gap <= MATCH_WINDOW_S and (best is None or gap < best[0]):
                        best = (gap, key)
            if best is not None:
                self.unclaimed.pop(best[1], None)
                return self.by_id[best[1]]
        return None


def _build_index(tree: ExportTree) -> tuple[_Index, list[ExportItem]]:
    fitness = sorted(m for m in tree.members if m.casefold().startswith(FITNESS_DIR))
    errors: list[ExportItem] = []
    gear: dict[str, str] = {}
    for member in (m for m in fitness if m.casefold().endswith("_gear.json")):
        payload, error = _load_json(tree, member)
        if error:
            errors.append(ExportItem(tree.source_of(member), None, None, error=error))
        gear.update(gear_by_activity(payload))
    index = _Index()
    for member in (m for m in fitness if "summarizedactivities" in m.casefold()):
        payload, error = _load_json(tree, member)
        if error:
            errors.append(ExportItem(tree.source_of(member), None, None, error=error))
            continue
        for position, record in enumerate(_records(payload)):
            row = f"{tree.source_of(member)} record {position + 1}"
            key = record.get("activityId") if isinstance(record, dict) else None
            if not isinstance(record, dict) or key is None:
                errors.append(
                    ExportItem(tree.source_of(member), None, None, error=f"{row}: no activityId")
                )
                continue
            meta = record_metadata(
                record, f"{row} (activity {one_line(str(key))})", gear.get(str(key))
            )
            index.add(meta, str(key))
    return index, errors


def _file_item(tree: ExportTree, member: str, index: _Index) -> ExportItem:
    meta = index.claim_id(member)
    return ExportItem(
        tree.source_of(member),
        tree.members[member],
        meta,
        match=None if meta else index.claim_start,
    )


def _nested_tree(tree: ExportTree, member: str) -> ExportTree:
    """The tree of a zip inside the export (read into memory while it is walked)."""
    data = tree.members[member]()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise IngestError(f"{tree.source_of(member)}: not a readable zip ({exc})") from None
    return zip_tree(archive, tree.source_of(member))


def _upload_items(
    tree: ExportTree, members: Sequence[str], index: _Index, depth: int
) -> Iterator[ExportItem]:
    """The activity files among `members`, and those of the zips among them (read in
    memory, each within the archive limits), down to `MAX_NESTING` zips deep."""
    for member in members:
        folded = member.casefold()
        if folded.endswith(ACTIVITY_FILE_SUFFIXES):
            yield _file_item(tree, member, index)
        elif folded.endswith(".zip"):
            where = tree.source_of(member)
            if depth >= MAX_NESTING:
                error = f"{where}: not read: zips nested more than {MAX_NESTING} deep"
                yield ExportItem(where, None, None, error=error)
                continue
            try:
                nested = _nested_tree(tree, member)
            except IngestError as exc:
                yield ExportItem(where, None, None, error=str(exc))
                continue
            yield from _upload_items(nested, sorted(nested.members), index, depth + 1)


def garmin_items(tree: ExportTree) -> Iterator[ExportItem]:
    """One item per uploaded activity file, then one per record no file matched."""
    index, errors = _build_index(tree)
    yield from errors
    uploads = sorted(m for m in tree.members if m.casefold().startswith(UPLOADS_DIR))
    yield from _upload_items(tree, uploads, index, depth=1)
    for key in list(index.unclaimed):
        meta = index.unclaimed.pop(key, None)
        if meta is None:
            continue
        source = f"{meta.row.split(' record ', 1)[0]}#{key}"
        if meta.start_utc is None or (meta.elapsed_s is None and meta.moving_s is None):
            yield ExportItem(source, None, meta, error=f"{meta.row}: no start or duration")
        else:
            yield ExportItem(source, None, meta)
