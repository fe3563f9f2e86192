"""Builders for rule and training tests: runs at local times, histories, sample profiles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from backstride.domain.activity import Activity, Samples, SourceFormat, Sport, Units
from backstride.domain.backcare import History, Session, SessionKind
from backstride.rules import Finding

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

LONDON = "Europe/London"
MILE = 1609.344
MONDAY = date(2024, 3, 4)  # a Monday

_ids = iter(range(1, 10**9))


def at(day: date, hour: int = 8, minute: int = 0, tz: str = LONDON) -> datetime:
    """An aware UTC moment for a local wall-clock time."""
    return datetime.combine(day, time(hour, minute), ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))


def run(
    day: date,
    km: float,
    *,
    hour: int = 8,
    minute: int = 0,
    tz: str = LONDON,
    pace_s_per_km: float = 360.0,
    gear: str | None = None,
    sport: Sport = Sport.RUN,
    id: int | None = None,
    offset_s: int | None = None,
    rpe: float | None = None,
    samples: object = None,
) -> Activity:
    moving = km * pace_s_per_km
    return Activity(
        sport=sport,
        start_utc=at(day, hour, minute, tz),
        elapsed_s=moving,
        moving_s=moving,
        source_format=SourceFormat.MANUAL,
        distance_m=km * 1000.0,
        gear=gear,
        id=id if id is not None else next(_ids),
        utc_offset_s=offset_s,
        rpe=rpe,
        samples=samples,  # type: ignore[arg-type]
    )


def core(day: date, minutes: float = 20) -> Session:
    return Session(day, SessionKind.CORE, minutes, ("plank", "side-plank"))


def history(*activities: Activity, units: Units = Units.KM, **kw: object) -> History:
    return History(activities=tuple(activities), time_zone=LONDON, units=units, **kw)  # type: ignore[arg-type]


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def steady_week(
    monday: date, km_per_run: float, days: tuple[int, ...] = (0, 2, 4)
) -> list[Activity]:
    return [run(monday + timedelta(days=d), km_per_run) for d in days]


def profile_samples(segments: Sequence[tuple[float, float]]) -> Samples:
    """Samples at 1 Hz from (seconds, speed m/s) segments."""
    speeds = np.concatenate([np.full(int(sec), speed) for sec, speed in segments])
    t = np.arange(len(speeds), dtype=np.float64)
    distance = np.concatenate(([0.0], np.cumsum(speeds[1:])))
    return Samples(time_s=t, speed_m_s=speeds.astype(np.float64), distance_m=distance)


def test_at_is_utc_and_local_wall_clock() -> None:
    moment = at(date(2024, 7, 1), 23, 30)
    assert moment.utcoffset() == timedelta(0)
    assert moment.hour == 22  # BST is UTC+1


def test_profile_samples_distance_matches_speed() -> None:
    samples = profile_samples([(60, 2.0), (60, 3.0)])
    assert len(samples) == 120
