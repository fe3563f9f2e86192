"""run-days, rest-days, weekly-ramp, one-progression, long-run-spike, hard-days:
each just inside and just outside its threshold, in km and mi, across week edges."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_rules_builders import MILE, MONDAY, core, history, only, run

from backstride.domain.activity import Sport, Units
from backstride.domain.backcare import History, RunType, RunTypeOverride, Session, SessionKind
from backstride.rules import Finding, check, load_config, status

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

LAST = MONDAY - timedelta(days=7)
SUNDAY = MONDAY + timedelta(days=6)


def findings(
    h: History, rule: str, config: str | None = None, since: date = LAST, until: date = SUNDAY
) -> list[Finding]:
    return only(check(h, load_config(config) if config else None, since, until), rule)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


# --- weekly-ramp ----------------------------------------------------------------
@pytest.mark.parametrize("units", [Units.KM, Units.MI])
@pytest.mark.parametrize(("extra_m", "fires"), [(3218.0, False), (3219.5, True)])
def test_weekly_ramp_default_two_miles(units: Units, extra_m: float, fires: bool) -> None:
    h = history(
        run(LAST, 5),
        run(LAST + timedelta(days=2), 5),
        run(day(0), 5),
        run(day(2), 5 + extra_m / 1000),
        units=units,
    )
    found = findings(h, "weekly-ramp")
    assert [f.week_start for f in found] == ([MONDAY] if fires else [])
    if fires:
        assert found[0].values["increase_m"] == pytest.approx(extra_m)
        assert found[0].values["strong"] is True  # 32% over 10 km
        assert ("mi" if units is Units.MI else "km") in found[0].message


@pytest.mark.parametrize(
    ("config", "limit_m"),
    [
        ("max_increase_km = 4", 4000.0),
        ("max_increase_mi = 3", 3 * MILE),
        ("max_increase_m = 1500", 1500.0),
    ],
)
@pytest.mark.parametrize("side", [-1.0, 1.0])
def test_weekly_ramp_configured_in_km_mi_m(config: str, limit_m: float, side: float) -> None:
    h = history(run(LAST, 20), run(day(1), 20 + (limit_m + side) / 1000))
    found = findings(h, "weekly-ramp", f"[rules.weekly-ramp]\n{config}\n")
    assert len(found) == (1 if side > 0 else 0)
    if found:
        assert found[0].values["strong"] is False  # about 20% over 20 km


@pytest.mark.parametrize(("this_km", "strong"), [(26.0, False), (26.01, True)])
def test_weekly_ramp_strong_above_30_percent(this_km: float, strong: bool) -> None:
    h = history(run(LAST, 20), run(day(0), this_km))
    (found,) = findings(h, "weekly-ramp")
    assert found.values["strong"] is strong


def test_weekly_ramp_first_week_of_history_is_not_checked() -> None:
    assert findings(history(run(day(0), 30)), "weekly-ramp") == []


def test_weekly_ramp_sunday_2330_counts_in_its_week_monday_0030_in_the_next() -> None:
    monday = date(2024, 7, 8)  # summer: London is UTC+1
    last, sunday = monday - timedelta(days=7), monday + timedelta(days=6)
    base = [run(last, 10), run(monday + timedelta(days=1), 12)]
    late_sunday = run(sunday, 2, hour=23, minute=30)
    early_monday = run(sunday + timedelta(days=1), 2, hour=0, minute=30)
    assert early_monday.start_utc.date() == sunday  # still Sunday in UTC
    assert findings(history(*base, late_sunday), "weekly-ramp", since=last, until=sunday) != []
    assert findings(history(*base, early_monday), "weekly-ramp", since=last, until=sunday) == []


def test_weekly_ramp_across_dst_week() -> None:
    # the week of 25 March 2024 has 167 hours; Sunday 31 March 23:30 BST is 22:30 UTC
    last, this = date(2024, 3, 18), date(2024, 3, 25)
    h = history(run(last, 10), run(this, 10), run(date(2024, 3, 31), 3.3, hour=23, minute=30))
    found = only(check(h, None, last, this + timedelta(days=6)), "weekly-ramp")
    assert [f.week_start for f in found] == [this]


def test_weekly_ramp_with_sunday_weeks() -> None:
    # Sunday-start weeks: the Sunday run joins the following week
    h = history(run(LAST, 10), run(MONDAY - timedelta(days=1), 4), run(day(2), 10))
    assert findings(h, "weekly-ramp") == []  # Monday weeks: 14 km then 10 km
    found = findings(h, "weekly-ramp", 'week_start = "sunday"\n')  # 10 km then 14 km
    assert [f.week_start for f in found] == [MONDAY - timedelta(days=1)]


# --- run-days -------------------------------------------------------------------
@pytest.mark.parametrize(("days", "fires"), [((0, 1, 3, 5), False), ((0, 1, 3, 5, 6), True)])
def test_run_days_at_most_four(days: tuple[int, ...], fires: bool) -> None:
    h = history(*[run(day(d), 5) for d in days], run(day(0), 3, hour=18))
    found = findings(h, "run-days")
    assert len(found) == int(fires)
    if fires:
        assert found[0].values["run_days"] == 5


def test_run_days_in_the_autumn_dst_week() -> None:
    monday = date(2024, 10, 21)  # clocks go back on Sunday 27 October
    days = [monday + timedelta(days=d) for d in (0, 1, 2)]
    saturday_late = run(date(2024, 10, 26), 5, hour=23, minute=30)  # 22:30 UTC, BST
    sunday_late = run(date(2024, 10, 27), 5, hour=23, minute=30)  # 23:30 UTC, GMT
    next_monday = run(date(2024, 10, 28), 5, hour=0, minute=30)
    four = history(*[run(d, 5) for d in days], sunday_late, next_monday)
    five = history(*[run(d, 5) for d in days], saturday_late, sunday_late, next_monday)
    until = monday + timedelta(days=6)
    assert only(check(four, None, monday, until), "run-days") == []
    found = only(check(five, None, monday, until), "run-days")
    assert [(f.week_start, f.values["run_days"]) for f in found] == [(monday, 5)]


def test_run_days_configured() -> None:
    h = history(*[run(day(d), 5) for d in (0, 2, 4)])
    assert findings(h, "run-days", "[rules.run-days]\nmax_days = 2\n") != []
    assert findings(h, "run-days", "[rules.run-days]\nmax_days = 3\n") == []


def test_run_day_prediction() -> None:
    h = history(*[run(day(d), 5) for d in (0, 1, 2, 3)])
    today = day(4)
    s = status(h, None, today)
    (p,) = [f for f in s.if_you_run_today if f.rule == "run-days"]
    assert "run day 5" in p.message
    assert not [f for f in status(h, None, day(3)).if_you_run_today if f.rule == "run-days"]


# --- rest-days ------------------------------------------------------------------
def test_rest_days_two_is_enough_one_is_not() -> None:
    runs = [run(day(d), 5) for d in (0, 1, 2, 3, 4)]
    assert findings(history(*runs), "rest-days") == []
    found = findings(history(*runs, sessions=(core(day(5)),)), "rest-days")
    assert [f.values["rest_days"] for f in found] == [1]


def test_walk_and_yoga_keep_a_rest_day_cycling_does_not() -> None:
    runs = [run(day(d), 5) for d in (0, 1, 2, 3, 4)]
    restful = (Session(day(5), SessionKind.WALK, 60), Session(day(6), SessionKind.YOGA, 30))
    assert findings(history(*runs, sessions=restful), "rest-days") == []
    ride = run(day(6), 20, sport=Sport.CYCLING)
    assert findings(history(*runs, ride), "rest-days") != []
    hike = run(day(6), 10, sport=Sport.HIKE)
    assert findings(history(*runs, hike), "rest-days") == []


def test_rest_day_prediction() -> None:
    runs = [run(day(d), 5) for d in (0, 1, 2, 3, 4)]
    assert not [
        f for f in status(history(*runs), None, day(4)).if_you_run_today if f.rule == "rest-days"
    ]
    s = status(history(*runs), None, day(5))
    assert [f.rule for f in s.if_you_run_today if f.rule == "rest-days"] == ["rest-days"]


# --- one-progression ------------------------------------------------------------
def _base() -> list:  # type: ignore[type-arg]
    return [run(LAST - timedelta(days=d), 8) for d in range(1, 60, 3)] + [run(LAST, 10)]


@pytest.mark.parametrize(
    ("this_week", "fires"),
    [
        ([run(day(1), 11)], False),  # distance only
        ([run(day(1), 5, pace_s_per_km=300), run(day(3), 5)], False),  # speed only
        ([run(day(1), 5, pace_s_per_km=300), run(day(3), 6)], True),  # both
    ],
)
def test_one_progression(this_week: list, fires: bool) -> None:  # type: ignore[type-arg]
    found = findings(history(*_base(), *this_week), "one-progression")
    assert [f.week_start for f in found] == ([MONDAY] if fires else [])


def test_one_progression_speed_tolerance_in_minutes() -> None:
    # 0.9 km at 5:00/km is 4.5 min of speed work; tolerance 5 min hides it, 4 shows it
    this_week = [run(day(1), 0.9, pace_s_per_km=300), run(day(3), 10)]
    h = history(*_base(), *this_week)
    assert (
        findings(h, "one-progression", "[rules.one-progression]\nmin_speed_increase_min = 5") == []
    )
    assert (
        findings(h, "one-progression", "[rules.one-progression]\nmin_speed_increase_min = 4") != []
    )


# --- long-run-spike -------------------------------------------------------------
@pytest.mark.parametrize("units", [Units.KM, Units.MI])
@pytest.mark.parametrize(
    ("ratio", "warns", "strong"),
    [(1.10, False, False), (1.1001, True, False), (1.30, True, False), (1.3001, True, True)],
)
def test_long_run_spike(units: Units, ratio: float, warns: bool, strong: bool) -> None:
    longest_km = 10 * (MILE / 1000 if units is Units.MI else 1)  # 10 km or 10 mi
    h = history(
        run(day(-20), longest_km), run(day(-10), 5), run(day(0), longest_km * ratio), units=units
    )
    found = findings(h, "long-run-spike")
    assert len(found) == int(warns)
    if warns:
        assert found[0].values["strong"] is strong
        assert found[0].on == day(0)
        assert units.value in found[0].message


def test_long_run_spike_window_is_the_30_days_before() -> None:
    inside = history(run(day(-30), 10), run(day(0), 12))
    outside = history(run(day(-31), 10), run(day(0), 12))
    assert findings(inside, "long-run-spike", since=day(0)) != []
    assert findings(outside, "long-run-spike", since=day(0)) == []  # nothing to compare with


def test_long_run_spike_configured_and_validated() -> None:
    h = history(run(day(-5), 10), run(day(0), 11.5))
    assert findings(h, "long-run-spike", "[rules.long-run-spike]\nwarn_pct = 20\n") == []
    assert findings(h, "long-run-spike", "[rules.long-run-spike]\nwarn_pct = 14\n") != []


# --- hard-days ------------------------------------------------------------------
def _typed(*pairs: tuple[int, RunType]):  # type: ignore[no-untyped-def]
    runs = [run(day(d), 5) for d, _ in pairs]
    overrides = tuple(RunTypeOverride(r.id or 0, t) for r, (_, t) in zip(runs, pairs, strict=True))
    return history(*runs, overrides=overrides)


def test_hard_days_in_a_row() -> None:
    assert [f.on for f in findings(_typed((0, RunType.SPEED), (1, RunType.LONG)), "hard-days")] == [
        day(1)
    ]
    assert (
        findings(_typed((0, RunType.SPEED), (1, RunType.EASY), (2, RunType.LONG)), "hard-days")
        == []
    )
    assert findings(_typed((0, RunType.SPEED), (2, RunType.SPEED)), "hard-days") == []


def test_hard_day_prediction_after_a_hard_day() -> None:
    s = status(_typed((0, RunType.LONG)), None, day(1))
    assert [f.rule for f in s.if_you_run_today if f.rule == "hard-days"] == ["hard-days"]
