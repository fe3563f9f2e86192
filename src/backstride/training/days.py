"""Local days and weeks: every daily and weekly figure is by the runner's local day.

(Distances and paces in the runner's units are written by `backstride.units`.)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity

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
