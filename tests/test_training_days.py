"""Local days and weeks, across midnight, zones and daylight-saving changes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_rules_builders import LONDON, at, run

from backstride.training.days import local_date, to_local_date, week_start_of

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def test_run_at_2330_local_in_summer_belongs_to_that_day() -> None:
    activity = run(date(2024, 7, 1), 5, hour=23, minute=30)
    assert activity.start_utc.date() == date(2024, 7, 1)
    assert local_date(activity, LONDON) == date(2024, 7, 1)


def test_run_at_0030_local_in_summer_is_next_day_although_utc_is_previous() -> None:
    activity = run(date(2024, 7, 2), 5, hour=0, minute=30)
    assert activity.start_utc.date() == date(2024, 7, 1)
    assert local_date(activity, LONDON) == date(2024, 7, 2)


def test_recorded_offset_wins_over_home_zone() -> None:
    # 23:30 in New York (UTC-4 in July) is 03:30 UTC the next day
    activity = run(
        date(2024, 7, 1), 5, hour=23, minute=30, tz="America/New_York", offset_s=-4 * 3600
    )
    assert activity.start_utc.date() == date(2024, 7, 2)
    assert local_date(activity, LONDON) == date(2024, 7, 1)


def test_dst_spring_forward_sunday_night_stays_in_its_week() -> None:
    sunday = date(2024, 3, 31)  # clocks go forward at 01:00 UTC
    late = run(sunday, 5, hour=23, minute=30)
    assert local_date(late, LONDON) == sunday
    assert week_start_of(local_date(late, LONDON)) == date(2024, 3, 25)
    monday_early = run(sunday + timedelta(days=1), 5, hour=0, minute=30)
    assert monday_early.start_utc.date() == sunday  # 23:30 UTC on Sunday
    assert week_start_of(local_date(monday_early, LONDON)) == date(2024, 4, 1)


def test_dst_fall_back_sunday() -> None:
    sunday = date(2024, 10, 27)
    assert to_local_date(at(sunday, 23, 30), LONDON) == sunday
    assert at(sunday, 23, 30).hour == 23  # GMT again: UTC == local
    assert to_local_date(at(sunday, 1, 30), LONDON) == sunday


def test_week_start_configurable() -> None:
    wednesday = date(2024, 3, 6)
    assert week_start_of(wednesday) == date(2024, 3, 4)
    assert week_start_of(wednesday, 6) == date(2024, 3, 3)  # Sunday start
    assert week_start_of(date(2024, 3, 3), 6) == date(2024, 3, 3)
