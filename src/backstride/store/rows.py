"""Turning table rows into domain objects and back."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, timedelta
from enum import Enum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity, Athlete, Gear, Samples, SourceFormat, Sport, Units
from backstride.store.tables import ActivityRow, AthleteRow, GearRow

# Activity fields stored as they are, in both directions.
_PLAIN_FIELDS = (
    "sub_sport",
    "start_utc",
    "utc_offset_s",
    "elapsed_s",
    "moving_s",
    "distance_m",
    "ascent_m",
    "avg_hr",
    "max_hr",
    "avg_cadence_spm",
    "name",
    "notes",
    "device",
    "source_file",
    "content_hash",
    "external_id",
    "rpe",
    "feel",
)
_SPORTS = {sport.value: sport for sport in Sport}
_FORMATS = {source_format.value: source_format for source_format in SourceFormat}
_E = TypeVar("_E", bound=Enum)


def _member(members: Mapping[str, _E], kind: type[_E], value: str) -> _E:
    """`kind(value)` by a dictionary look-up; an unknown value raises as `kind(value)` does."""
    found = members.get(value)
    return found if found is not None else kind(value)


def local_date(row: ActivityRow | Activity, zone: ZoneInfo) -> date:
    """The date the activity started on where it was recorded, else in `zone`."""
    if row.utc_offset_s is not None:
        return (row.start_utc + timedelta(seconds=row.utc_offset_s)).date()
    return row.start_utc.astimezone(zone).date()


def source_hashes(
    activity: Activity, also_hashes: Iterable[tuple[str, str | None]]
) -> list[tuple[str, str | None]]:
    """The activity's own hash first, then the merged-away ones, each once."""
    pairs = [(activity.content_hash, activity.source_file)] if activity.content_hash else []
    pairs.extend(also_hashes)
    seen: set[str] = set()
    out = []
    for content_hash, source_file in pairs:
        if content_hash and content_hash not in seen:
            seen.add(content_hash)
            out.append((content_hash, source_file))
    return out


def fill_activity_row(row: ActivityRow, activity: Activity, gear_id: int | None) -> None:
    row.sport = Sport(activity.sport).value
    row.source_format = SourceFormat(activity.source_format).value
    for name in _PLAIN_FIELDS:
        setattr(row, name, getattr(activity, name))
    row.gear_id = gear_id


def activity_from_row(row: Any, gear: str | None, samples: Samples | None) -> Activity:
    """An activity from an ORM row or a plain result row of the activity table."""
    mapping = row._mapping if hasattr(row, "_mapping") else None
    if mapping is not None:
        fields = {name: mapping[name] for name in _PLAIN_FIELDS}
        sport, source_format, row_id = mapping["sport"], mapping["source_format"], mapping["id"]
    else:
        fields = {name: getattr(row, name) for name in _PLAIN_FIELDS}
        sport, source_format, row_id = row.sport, row.source_format, row.id
    return Activity(
        sport=Sport(sport),
        source_format=SourceFormat(source_format),
        gear=gear,
        samples=samples,
        id=row_id,
        **fields,
    )


def activities_from_rows(rows: Sequence[Any], gear_names: Mapping[int, str]) -> list[Activity]:
    """Activities (without samples) from plain result rows of the activity table, in order.

    The same as `activity_from_row` row by row, with the columns found by position
    once: listing ten years of activities spends its time building them, not finding
    their fields.
    """
    if not rows:
        return []
    names = list(rows[0]._fields)
    plain = operator.itemgetter(*(names.index(name) for name in _PLAIN_FIELDS))
    sport_at, format_at, id_at, gear_at = (
        names.index(name) for name in ("sport", "source_format", "id", "gear_id")
    )
    out = []
    for row in rows:
        gear_id = row[gear_at]
        out.append(
            Activity(
                sport=_member(_SPORTS, Sport, row[sport_at]),
                source_format=_member(_FORMATS, SourceFormat, row[format_at]),
                gear=gear_names.get(gear_id) if gear_id is not None else None,
                samples=None,
                id=row[id_at],
                **dict(zip(_PLAIN_FIELDS, plain(row), strict=True)),
            )
        )
    return out


def athlete_from_row(row: AthleteRow) -> Athlete:
    return Athlete(name=row.name, units=Units(row.units), time_zone=row.time_zone, id=row.id)


def gear_from_row(row: GearRow, count: int, used_m: float) -> Gear:
    return Gear(
        name=row.name,
        kind=row.kind,
        start_distance_m=row.start_distance_m,
        retired=row.retired,
        distance_m=row.start_distance_m + float(used_m),
        activity_count=int(count),
        id=row.id,
    )


def describe(activity: Activity) -> str:
    when = activity.start_utc.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"the {Sport(activity.sport).value} of {when}"
