"""Adaptation, day by day through pain scenarios: a bad run, a bad morning, a rising
week, a red flag and its clearance. Each change names its rule and passes the validator."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from test_plan_builders import a_run, at, steady_history

from backstride.domain.backcare import History, PainReport, PainTiming, RedFlagAnswer, RunType
from backstride.plan import Plan, PlanProfile, SessionType, generate, parse_goal
from backstride.plan.adapt import adapt, why
from backstride.plan.validate import validate

SUNDAY = date(2026, 1, 18)  # the plan starts the next day
START = SUNDAY + timedelta(days=1)


def _setup() -> tuple[Plan, History]:
    history = steady_history(SUNDAY + timedelta(days=1), weeks=6)
    plan = generate(PlanProfile(), history, parse_goal("weekly:30km"), None, SUNDAY).plan
    return plan, history


def _follow(plan: Plan, history: History, until: date) -> History:
    """The runner ran every planned run up to `until`."""
    runs = tuple(
        a_run(s.on, (s.distance_m or 0) / 1000)
        for s in plan.sessions
        if s.is_run and s.on <= until and s.on >= plan.start
    )
    return replace(history, activities=history.activities + runs)


def _runs_after(plan: Plan, day: date) -> list:  # type: ignore[type-arg]
    return [s for s in plan.sessions if s.on > day and s.kind is SessionType.RUN]


def _with_pain(history: History, *reports: PainReport) -> History:
    return replace(history, pain_reports=history.pain_reports + reports)


def test_a_bad_run_cuts_the_next_run_and_holds_progression() -> None:
    plan, history = _setup()
    first = _runs_after(plan, SUNDAY)[0]
    day = first.on
    history = _with_pain(
        _follow(plan, history, day), PainReport(at(day, 9), 6.5, PainTiming.DURING)
    )
    adapted = adapt(plan, history, None, day)
    before, after = _runs_after(plan, day)[0], _runs_after(adapted, day)[0]
    assert after.on == before.on
    assert after.distance_m is not None and before.distance_m is not None
    assert after.distance_m <= before.distance_m * 0.5 + 1e-6
    assert after.run_type is RunType.EASY and after.routines[0] == "warm-up-flare"
    change = adapted.changes_on(after.on)[0]
    assert change.rule == "pain-during" and "6.5/10" in change.why
    assert any("pain-during" in line for line in why(adapted, after.on))
    assert validate(adapted, history, None, day) == []
    assert adapt(adapted, history, None, day) == adapted  # a trigger acts once
    # the next day nothing new happened: the plan stays as it is
    assert adapt(adapted, history, None, day + timedelta(days=1)).changes == adapted.changes


def test_severe_pain_swaps_the_next_run_for_cross_training() -> None:
    plan, history = _setup()
    day = _runs_after(plan, SUNDAY)[0].on
    history = _with_pain(_follow(plan, history, day), PainReport(at(day, 9), 8, PainTiming.DURING))
    adapted = adapt(plan, history, None, day)
    next_day = _runs_after(plan, day)[0].on
    swapped = [s for s in adapted.on(next_day) if s.kind is SessionType.CROSS]
    assert swapped and not [s for s in adapted.on(next_day) if s.is_run]
    assert validate(adapted, history, None, day) == []


def test_a_bad_morning_cuts_the_next_run() -> None:
    plan, history = _setup()
    usual = tuple(
        PainReport(at(SUNDAY - timedelta(days=d), 7), 2, PainTiming.NEXT_MORNING) for d in (1, 3, 5)
    )
    first = _runs_after(plan, SUNDAY)[0]
    morning = first.on + timedelta(days=1)
    history = _with_pain(
        _follow(plan, history, morning),
        *usual,
        PainReport(at(morning, 7), 4.5, PainTiming.NEXT_MORNING),
    )
    adapted = adapt(plan, history, None, morning)
    before, after = _runs_after(plan, morning)[0], _runs_after(adapted, morning)[0]
    assert (after.distance_m or 0) <= (before.distance_m or 0) * 0.7 + 1e-6
    assert adapted.changes_on(after.on)[0].rule == "pain-next-morning"
    assert validate(adapted, history, None, morning) == []


def test_a_rising_week_steps_back_a_week() -> None:
    plan, history = _setup()
    week1 = tuple(
        PainReport(at(START + timedelta(days=d), 7), 2, PainTiming.OTHER) for d in (0, 2, 4)
    )
    wednesday = START + timedelta(days=9)
    week2 = tuple(
        PainReport(at(START + timedelta(days=d), 7), 4.5, PainTiming.OTHER) for d in (7, 8, 9)
    )
    history = _with_pain(_follow(plan, history, wednesday), *week1, *week2)
    adapted = adapt(plan, history, None, wednesday)
    next_week = START + timedelta(days=14)
    trend = [c for c in adapted.changes if c.rule == "pain-trend"]
    assert trend and trend[0].on == next_week and "rose from 2.0 to 4.5" in trend[0].why
    planned = sum(
        s.distance_m or 0
        for s in plan.sessions
        if s.is_run and next_week <= s.on < next_week + timedelta(7)
    )
    stepped = [
        s for s in adapted.sessions if s.is_run and next_week <= s.on < next_week + timedelta(7)
    ]
    assert sum(s.distance_m or 0 for s in stepped) < planned
    assert all(s.speed is None for s in stepped)
    assert validate(adapted, history, None, wednesday) == []


def test_a_red_flag_stops_the_plan_until_cleared() -> None:
    plan, history = _setup()
    day = START + timedelta(days=2)
    history = _follow(plan, history, day)
    flagged = replace(history, red_flag_answers=(RedFlagAnswer("both-legs", at(day, 10), True),))
    stopped = adapt(plan, flagged, None, day)
    assert stopped.stopped_on == day + timedelta(days=1)
    assert all(s.kind is SessionType.REST for s in stopped.sessions if s.on > day)
    assert stopped.changes[-1].rule == "red-flags"
    assert "emergency" in stopped.changes[-1].why.lower() or "A&E" in stopped.changes[-1].why
    assert validate(stopped, flagged, None, day) == []
    # days later, still no clearance: still stopped
    assert adapt(stopped, flagged, None, day + timedelta(days=2)) == stopped
    cleared_on = day + timedelta(days=4)
    cleared = replace(
        history,
        red_flag_answers=(RedFlagAnswer("both-legs", at(day, 10), True, at(cleared_on, 12)),),
    )
    resumed = adapt(stopped, cleared, None, cleared_on)
    assert resumed.stopped_on is None
    assert _runs_after(resumed, cleared_on)
    assert resumed.changes[-1].rule == "red-flags" and "resumed" in resumed.changes[-1].what
    assert validate(resumed, cleared, None, cleared_on) == []


def test_running_more_than_planned_trims_the_coming_week() -> None:
    plan, history = _setup()
    sunday = START + timedelta(days=6)
    history = _follow(plan, history, sunday)
    history = replace(history, activities=(*history.activities, a_run(sunday, 12)))
    adapted = adapt(plan, history, None, sunday)
    assert validate(adapted, history, None, sunday) == []
