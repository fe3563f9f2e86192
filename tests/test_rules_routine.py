"""shoe-mileage, warm-up, cool-down, core and cross-training."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_rules_builders import MILE, MONDAY, core, history, only, profile_samples, run

from backstride.domain.activity import Gear, Sport, Units
from backstride.domain.backcare import History, RoutineRecord, Session, SessionKind, Shoe
from backstride.rules import Finding, Severity, check, load_config, status

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = MONDAY + timedelta(days=6)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def shoe_findings(h: History, config: str | None = None) -> list[Finding]:
    return only(
        check(h, load_config(config) if config else None, day(-400), day(400)), "shoe-mileage"
    )


# --- shoe-mileage ---------------------------------------------------------------
@pytest.mark.parametrize("units", [Units.KM, Units.MI])
def test_shoe_reminder_from_90_percent_and_warning_at_250_miles(units: Units) -> None:
    pegasus = Shoe(Gear("Pegasus", start_distance_m=200 * MILE))
    # 200 mi + 24.9 mi = 224.9 < 225 (90%); +0.2 mi crosses 90%; then + 25 mi crosses 250
    runs = [
        run(day(0), 24.9 * MILE / 1000, gear="Pegasus"),
        run(day(1), 0.2 * MILE / 1000, gear="pegasus "),
        run(day(2), 24.85 * MILE / 1000, gear="Pegasus"),
        run(day(3), 0.1 * MILE / 1000, gear="Pegasus"),
        run(day(4), 10, gear="Other"),
    ]
    found = shoe_findings(history(*runs, shoes=(pegasus,), units=units))
    assert [(f.on, f.severity) for f in found] == [
        (day(1), Severity.ADVICE),
        (day(2), Severity.ADVICE),
        (day(3), Severity.WARNING),
    ]
    assert units.value in found[-1].message


def test_shoe_threshold_configured_in_km_and_per_shoe() -> None:
    shoe = Shoe(Gear("Clifton"))
    runs = [run(day(0), 499, gear="Clifton"), run(day(1), 2, gear="Clifton")]
    h = history(*runs, shoes=(shoe,))
    found = shoe_findings(h, "[rules.shoe-mileage]\nreplace_at_km = 500\nremind_from_pct = 100\n")
    assert [(f.on, f.severity) for f in found] == [(day(1), Severity.WARNING)]
    own = Shoe(Gear("Clifton"), replace_at_m=600_000, remind_from=0.99)
    assert [f.on for f in shoe_findings(history(*runs, shoes=(own,)))] == []


def test_retired_shoe_and_worn_shoe() -> None:
    runs = [run(day(0), 450, gear="Old"), run(day(0), 5, gear="Worn"), run(day(2), 5, gear="Worn")]
    shoes = (Shoe(Gear("Old", retired=True)), Shoe(Gear("Worn"), worn=True, worn_on=day(1)))
    found = shoe_findings(history(*runs, shoes=shoes))
    assert [(f.values["shoe"], f.on) for f in found] == [("Worn", day(2))]
    s = status(history(*runs, shoes=shoes), None, day(3))
    assert [f.values["shoe"] for f in s.shoes] == ["Worn"]


# --- warm-up / cool-down --------------------------------------------------------
@pytest.mark.parametrize(("minutes", "fires"), [(1.9, True), (2.0, False)])
def test_warm_up_and_cool_down_minimum(minutes: float, fires: bool) -> None:
    a = run(day(0), 5)
    record = RoutineRecord(a.id or 0, minutes, "walk", minutes, "walk", confirmed=True)
    found = check(history(a, routines=(record,)), None, day(0), day(0))
    assert len(only(found, "warm-up")) == int(fires)
    assert len(only(found, "cool-down")) == int(fires)


def test_detected_routines_from_samples() -> None:
    with_both = run(day(0), 6, samples=profile_samples([(300, 1.4), (1800, 2.8), (180, 1.4)]))
    without = run(day(1), 6, samples=profile_samples([(1800, 2.8)]))
    unknown = run(day(2), 6)
    found = check(history(with_both, without, unknown), None, day(0), day(2))
    assert [f.on for f in only(found, "warm-up")] == [day(1)]
    assert [f.on for f in only(found, "cool-down")] == [day(1)]


def test_warm_up_configured() -> None:
    a = run(day(0), 5)
    h = history(a, routines=(RoutineRecord(a.id or 0, 4, "walk", 4, "walk"),))
    config = load_config("[rules.warm-up]\nmin_minutes = 5\n")
    assert len(only(check(h, config, day(0), day(0)), "warm-up")) == 1
    assert only(check(h, config, day(0), day(0)), "cool-down") == []


# --- core and cross-training ----------------------------------------------------
def test_core_two_sessions_a_week() -> None:
    one = history(run(day(0), 5), sessions=(core(day(1)),))
    two = history(run(day(0), 5), sessions=(core(day(1)), core(SUNDAY)))
    assert [f.week_start for f in only(check(one, None, MONDAY, SUNDAY), "core")] == [MONDAY]
    assert only(check(two, None, MONDAY, SUNDAY), "core") == []


def test_strength_with_core_exercises_counts_as_core() -> None:
    sessions = (core(day(1)), Session(day(3), SessionKind.STRENGTH, 30, ("squat", "plank")))
    assert only(check(history(sessions=sessions), None, MONDAY, SUNDAY), "core") == []


def test_incomplete_week_is_not_judged_for_core_but_status_says_so_far() -> None:
    h = history(sessions=(core(day(1)),))
    assert only(check(h, None, MONDAY, day(3)), "core") == []
    s = status(h, None, day(3))
    (p,) = [f for f in s.if_you_run_today if f.rule == "core"]
    assert p.values == {"sessions": 1, "min_sessions": 2, "days_left": 4}


def test_cross_training_imported_and_logged() -> None:
    nothing = history(run(day(0), 5), sessions=(core(day(1)),))
    ride = history(run(day(0), 5), run(day(2), 20, sport=Sport.CYCLING))
    swim = history(sessions=(Session(day(4), SessionKind.SWIMMING, 30),))
    assert len(only(check(nothing, None, MONDAY, SUNDAY), "cross-training")) == 1
    assert only(check(ride, None, MONDAY, SUNDAY), "cross-training") == []
    assert only(check(swim, None, MONDAY, SUNDAY), "cross-training") == []
