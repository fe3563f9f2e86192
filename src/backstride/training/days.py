"""Local days and weeks: every daily and weekly figure is by the runner's local day."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity, Units

METRES_PER_MILE = 1609.344
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def to_local_date(moment: datetime, time_zone: str) -> date:
    """The runner's calendar day for an aware moment (DST-correct)."""
    return moment.astimezone(zone(time_zone)).date()


def local_date(activity: Activity, time_zone: str) -> date:
    """The local day an activity started on.

    The offset the device recorded wins (a run at 23:30 local on holiday abroad
    belongs to that day there); otherwise the runner's zone decides.
    """
    if activity.utc_offset_s is not None:
        return (activity.start_utc + timedelta(seconds=activity.utc_offset_s)).date()
    return to_local_date(activity.start_utc, time_zone)


def week_start_of(day: date, first_weekday: int = 0) -> date:
    """The first day of the week holding `day`; weeks start on `first_weekday` (0 = Monday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def format_distance(metres: float, units: Units, digits: int = 1) -> str:
    """A distance in the runner's units, one decimal unless told otherwise."""
    if units is Units.MI:
        return f"{metres / METRES_PER_MILE:.{digits}f} mi"
    return f"{metres / 1000:.{digits}f} km"


def format_over(value_m: float, limit_m: float, units: Units) -> tuple[str, str]:
    """A value and the limit it passed, with enough decimals to tell them apart."""
    for digits in (1, 2, 3):
        shown = format_distance(value_m, units, digits), format_distance(limit_m, units, digits)
        if shown[0] != shown[1]:
            return shown
    return shown


def format_pace(speed_m_s: float, units: Units) -> str:
    """A pace such as 6:05/km or 9:47/mi."""
    if speed_m_s <= 0:
        return "-"
    unit_m = METRES_PER_MILE if units is Units.MI else 1000.0
    seconds = round(unit_m / speed_m_s)
    return f"{seconds // 60}:{seconds % 60:02d}/{units.value}"
