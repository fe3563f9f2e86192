"""Activities as a table in the runner's units."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.table import Table

from backstride.domain import Activity, Units
from backstride.domain.activity import Lap
from backstride.units import format_distance, format_duration, format_pace, pace_s


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
            format_distance(a.distance_m, units, digits=2),
            format_duration(time_s),
            format_pace(pace_s(a.distance_m, time_s, units), units) if a.is_run else "-",
            _number(a.avg_hr),
            _number(a.avg_cadence_spm),
            a.gear or "",
            a.name or "",
        )
    return table


def laps_table(laps: Sequence[Lap], units: Units, running: bool) -> Table:
    """The device's laps in the runner's units."""
    table = Table(title=f"{len(laps)} lap{'s' if len(laps) != 1 else ''}", title_justify="left")
    for name in ("lap", "distance", "time", "pace", "HR", "cadence"):
        table.add_column(name, justify="right")
    for lap in laps:
        time_s = lap.moving_s or lap.elapsed_s
        table.add_row(
            str(lap.number),
            format_distance(lap.distance_m, units, digits=2),
            format_duration(time_s),
            format_pace(pace_s(lap.distance_m, time_s, units), units) if running else "-",
            _number(lap.avg_hr),
            _number(lap.avg_cadence_spm),
        )
    return table
