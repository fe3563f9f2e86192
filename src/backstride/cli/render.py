"""Activities and gear as tables for people and JSON for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.table import Table

from backstride.domain import Activity, Gear, Units
from backstride.units import format_distance, format_duration, format_pace


def activity_json(activity: Activity, sources: list[str] | None = None) -> dict[str, object]:
    """The documented JSON shape of one activity (SI units, UTC ISO 8601).

    `sources` lists every file the activity was imported from: the kept one and
    those merged into it as the same run.
    """
    return {
        "id": activity.id,
        "source_file": activity.source_file,
        "source_format": activity.source_format.value,
        "external_id": activity.external_id,
        "sport": activity.sport.value,
        "sub_sport": activity.sub_sport,
        "start_utc": activity.start_utc.isoformat(),
        "utc_offset_s": activity.utc_offset_s,
        "distance_m": activity.distance_m,
        "elapsed_s": activity.elapsed_s,
        "moving_s": activity.moving_s,
        "avg_hr": activity.avg_hr,
        "max_hr": activity.max_hr,
        "avg_cadence_spm": activity.avg_cadence_spm,
        "ascent_m": activity.ascent_m,
        "gear": activity.gear,
        "name": activity.name,
        "notes": activity.notes,
        "device": activity.device,
        "rpe": activity.rpe,
        "feel": activity.feel,
        "content_hash": activity.content_hash,
        "sources": sources if sources is not None else [],
    }


def gear_json(gear: Gear) -> dict[str, object]:
    return {
        "id": gear.id,
        "name": gear.name,
        "kind": gear.kind,
        "distance_m": gear.distance_m,
        "start_distance_m": gear.start_distance_m,
        "activities": gear.activity_count,
        "retired": gear.retired,
    }


def _number(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def activities_table(activities: Sequence[Activity], units: Units, zone: ZoneInfo) -> Table:
    table = Table(title=f"{len(activities)} activities", title_justify="left")
    for name, justify in (
        ("id", "right"),
        ("date (local)", "left"),
        ("sport", "left"),
        ("distance", "right"),
        ("time", "right"),
        ("pace", "right"),
        ("HR", "right"),
        ("cadence", "right"),
        ("shoe", "left"),
        ("name", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for a in activities:
        sport = a.sport.value + (f" ({a.sub_sport})" if a.sub_sport else "")
        time_s = a.moving_s if a.moving_s else a.elapsed_s
        table.add_row(
            str(a.id),
            a.local_start(zone).strftime("%Y-%m-%d %H:%M"),
            sport,
            format_distance(a.distance_m, units),
            format_duration(time_s),
            format_pace(a.distance_m, time_s, units) if a.is_run else "-",
            _number(a.avg_hr),
            _number(a.avg_cadence_spm),
            a.gear or "",
            a.name or "",
        )
    return table


def gear_table(gear: Sequence[Gear], units: Units) -> Table:
    table = Table(title="Shoes and gear", title_justify="left")
    for name in ("name", "kind", "distance", "activities", "status"):
        table.add_column(name)
    for item in gear:
        table.add_row(
            item.name,
            item.kind,
            format_distance(item.distance_m, units, digits=1),
            str(item.activity_count),
            "retired" if item.retired else "in use",
        )
    return table
