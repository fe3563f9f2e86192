"""Where a plan starts: the last complete weeks set the level, the week in progress counts
only for what has been run in it, and the first week keeps to the weekly ramp exactly as
the rules engine will see it once the plan is run (`backstride check` stays quiet)."""

from __future__ import annotations

import itertools
import math
import os
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_plan_builders import TODAY, a_run, configs, histories, steady_history

from backstride.domain.backcare import History, RunType
from backstride.plan import Plan, PlanProfile, generate, parse_goal
from backstride.plan.limits import Limits
from backstride.plan.model import Block
from backstride.plan.start import RECENT_WEEKS, start_point
from backstride.plan.validate import validate
from backstride.rules import RulesConfig, check
from backstride.rules.config import RuleSettings
from backstride.training.days import week_start_of
from backstride.training.level import LevelKind, level_after
from backstride.training.weekly import training_days, weekly_figures

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

EXAMPLES = max(50, int(os.environ.get("BACKSTRIDE_PLAN_EXAMPLES", "150")) // 3)
RAMP = 3218.688
SATURDAY, SUNDAY = date(2026, 1, 17), date(2026, 1, 18)
MONDAY = date(2026, 1, 12)  # the week in progress on SATURDAY and SUNDAY


def _steady_35() -> History:
    """Six complete weeks of 35 km before MONDAY; nothing run since."""
    return steady_history(MONDAY, weeks=6, kms=(10, 10, 15))


def followed(plan: Plan, history: History) -> History:
    """The runner ran every planned run, as planned, and nothing else."""
    runs = tuple(
        a_run(s.on, (s.distance_m or 0.0) / 1000)
        for s in plan.sessions
        if s.is_run and (s.distance_m or 0.0) > 0
    )
    return replace(history, activities=history.activities + runs)


def ramp_findings(plan: Plan, history: History, config: RulesConfig | None = None) -> list[str]:
    done = followed(plan, history)
    planned = {week_start_of(s.on, plan.first_weekday) for s in plan.sessions if s.is_run}
    return [  # weeks the plan adds runs to (not a week in progress already over the ramp)
        f.message
        for f in check(done, config, plan.start, plan.end)
        if f.rule == "weekly-ramp" and f.week_start in planned
    ]


def test_an_empty_week_in_progress_does_not_restart_the_plan() -> None:
    """Saturday or Sunday, nothing run yet this week: the first whole week is at the
    runner's current level (35 km: an empty week is a 1-week break, evidence.md decision
    1), not a ramp step over the empty week.

    On Saturday the plan starts with Sunday (no run day here: Tue, Thu, Sat); on Sunday
    it starts next Monday."""
    history = _steady_35()
    goal = parse_goal("race:10k@2026-05-10")  # 16 weeks after the start
    sat = generate(PlanProfile(), history, goal, None, SATURDAY)
    sun = generate(PlanProfile(), history, goal, None, SUNDAY)
    assert sat.plan.start == MONDAY and sun.plan.start == MONDAY + timedelta(days=7)
    assert {s.on for s in sat.plan.sessions if s.on < sun.plan.start} == {SUNDAY}
    assert sat.plan.weeks[0].target_m == 0.0
    for result, today in ((sat, SATURDAY), (sun, SUNDAY)):
        whole = [w for w in result.plan.weeks if w.start > today]
        weeks = [w.target_m for w in whole]
        assert 0.8 * 35000 <= weeks[0] <= 1.1 * 35000, weeks
        taper = next(i for i, w in enumerate(whole) if w.block is Block.TAPER)
        assert weeks[taper] < weeks[taper - 1]
        assert result.reachable, result.warnings
        assert validate(result.plan, history, None, today) == []
        assert ramp_findings(result.plan, history) == []


def test_a_week_in_progress_counts_for_what_was_run() -> None:
    """Sunday, 20 km run this week (a week of more than half the level: no break): the
    first whole week ramps from it, and straight on back towards 35 km."""
    history = _steady_35()
    runs = (a_run(MONDAY + timedelta(days=1), 10), a_run(MONDAY + timedelta(days=3), 10))
    history = replace(history, activities=history.activities + runs)
    result = generate(PlanProfile(), history, parse_goal("weekly:40km"), None, SUNDAY)
    weeks = [w.target_m for w in result.plan.weeks]
    assert 20000 < weeks[0] <= 20000 + RAMP + 1e-6
    assert weeks[1] > weeks[0]  # straight back towards 35 km
    assert validate(result.plan, history, None, SUNDAY) == []
    assert ramp_findings(result.plan, history) == []


def test_a_plan_made_on_a_wednesday_starts_tomorrow_without_cramming() -> None:
    """Nothing run Monday to Wednesday: the rest of the week never holds longer runs than
    a whole week would, and holds no more than leaves it a down week, so the first whole
    week is back at the level (decision 1) rather than a ramp step over a short week."""
    history = _steady_35()
    wednesday = MONDAY + timedelta(days=2)
    result = generate(PlanProfile(), history, parse_goal("weekly:35km"), None, wednesday)
    plan = result.plan
    assert plan.start == MONDAY and plan.weeks[0].done_m == 0.0
    assert min(s.on for s in plan.sessions) == wednesday + timedelta(days=1)
    this_week = [s for s in plan.sessions if s.is_run and s.on < MONDAY + timedelta(days=7)]
    next_week = [s for s in plan.sessions if s.is_run and 7 <= (s.on - MONDAY).days < 14]
    assert this_week and {s.on.weekday() for s in this_week} <= {3, 5}
    assert [s.on.weekday() for s in next_week] == [1, 3, 5]
    for run in this_week:  # each run no longer than in a whole 35 km week
        assert (run.distance_m or 0) <= 35000 * 0.35 + 1e-6
    week0 = sum(s.distance_m or 0 for s in this_week)
    assert week0 < 35000 * 0.5 and plan.weeks[0].target_m == week0
    assert 0.8 * 35000 <= plan.weeks[1].target_m <= 1.1 * 35000
    assert validate(plan, history, None, wednesday) == []
    assert ramp_findings(plan, history) == []


def test_runs_done_this_week_count_and_the_rest_of_the_week_is_planned() -> None:
    """Tuesday and Wednesday run: Monday to Wednesday are history, Thursday on is planned,
    and the week as a whole keeps to the ramp, the run days and the rest days."""
    history = _steady_35()
    runs = (a_run(MONDAY + timedelta(days=1), 10), a_run(MONDAY + timedelta(days=2), 6))
    history = replace(history, activities=history.activities + runs)
    wednesday = MONDAY + timedelta(days=2)
    config = RulesConfig(0, {"run-days": RuleSettings(True, {"max_days": 3})})
    result = generate(PlanProfile(), history, parse_goal("weekly:35km"), config, wednesday)
    plan = result.plan
    week0 = [s for s in plan.sessions if s.on < MONDAY + timedelta(days=7)]
    assert plan.weeks[0].done_m == 16000.0
    assert [s.on.weekday() for s in week0 if s.is_run] == [5]  # one run day left of three
    assert plan.weeks[0].target_m == 16000.0 + sum(s.distance_m or 0 for s in week0)
    assert plan.weeks[0].target_m <= 35000 + RAMP
    assert validate(plan, history, config, wednesday) == []
    assert ramp_findings(plan, history, config) == []


def _complete_mean(history: History, config: RulesConfig, today: date) -> tuple[float, float]:
    """The mean of the last 4 complete weeks and what was run so far this week."""
    log = training_days(history, config.first_weekday)
    current = week_start_of(today, config.first_weekday)
    weeks = [weekly_figures(log, current - timedelta(days=7 * i)) for i in range(1, 5)]
    so_far = math.fsum(r.distance_m for r in log.runs if current <= r.day <= today)
    return sum(w.distance_m for w in weeks) / len(weeks), so_far


@st.composite
def _runners(draw: st.DrawFn) -> tuple[History, RulesConfig, date]:
    today = TODAY + timedelta(days=draw(st.integers(0, 6)))
    return draw(histories(today)), draw(configs()), today


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_runners())
def test_the_start_follows_the_current_level(runner: tuple[History, RulesConfig, date]) -> None:
    """The plan starts this week when days are left in it, else next week; the level is
    training.level over the complete weeks before today's week; with no base (no level,
    or under three of the shortest runs a week) the plan is the run-walk programme."""
    history, config, today = runner
    limits = Limits.of(config)
    log = training_days(history, config.first_weekday)
    sp = start_point(log, PlanProfile(), limits, today)
    assert RECENT_WEEKS == 4
    current = week_start_of(today, config.first_weekday)
    last_day = today == current + timedelta(days=6)
    assert sp.start == (current + timedelta(days=7) if last_day else current)
    assert sp.first_whole == current + timedelta(days=7)
    first = log.first_week()
    before = (
        log.weekly_distances(first, current - timedelta(days=7))
        if first is not None and first < current
        else []
    )
    level = level_after(before, limits.factors)
    assert sp.level_m == level.distance_m
    if level.kind is LevelKind.LAST_WEEK:
        assert sp.level_m == weekly_figures(log, current - timedelta(days=7)).distance_m
    base = 3 * limits.shortest_run_m(sp.easy_speed_m_s)
    assert sp.no_base == (level.distance_m is None or level.distance_m < base - 1e-6)
    _, so_far = _complete_mean(history, config, today)
    if not last_day:
        assert sp.so_far.distance_m == pytest.approx(so_far)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_runners(), st.floats(5, 60))
def test_a_plan_run_as_planned_keeps_the_weekly_ramp(
    runner: tuple[History, RulesConfig, date], goal_km: float
) -> None:
    history, config, today = runner
    goal = parse_goal(f"weekly:{goal_km:.1f}km")
    plan = generate(PlanProfile(weeks=8), history, goal, config, today).plan
    assert validate(plan, history, config, today) == []
    assert ramp_findings(plan, history, config) == []


def test_a_hold_at_the_start_after_an_empty_week_keeps_the_level() -> None:
    """A red flag that holds progression, nothing run this week (a 1-week break): the plan
    holds at the runner's level from before the break, never above it, and not at zero."""
    from test_plan_builders import at

    from backstride.domain.backcare import RedFlagAnswer

    history = replace(
        _steady_35(), red_flag_answers=(RedFlagAnswer("weight-loss", at(SUNDAY), True),)
    )
    result = generate(PlanProfile(), history, parse_goal("weekly:35km"), None, SUNDAY)
    assert "on hold" in result.warnings[0]
    weeks = [w.target_m for w in result.plan.weeks]
    assert all(0.8 * 35000 <= w <= 35000 + 1e-6 for w in weeks), weeks
    assert any(s.is_run for s in result.plan.sessions if s.on < result.plan.start + timedelta(7))
    assert validate(result.plan, history, None, SUNDAY) == []


def _runs_by_week(plan: Plan) -> list[float]:
    return [
        sum(
            s.distance_m or 0.0
            for s in plan.sessions
            if s.is_run and w.start <= s.on < w.start + timedelta(days=7)
        )
        for w in plan.weeks
    ]


def test_one_short_run_long_ago_does_not_leave_the_plan_empty() -> None:
    """QA D3: a 3 km run 33 days back must not give 16 weeks without runs."""
    from backstride.domain.activity import Units

    today = date(2026, 11, 22)
    history = History(activities=(a_run(date(2026, 10, 20), 3.0),), time_zone="UTC")
    profile = PlanProfile(units=Units.MI, run_days=(0, 3, 4))
    result = generate(profile, history, parse_goal("race:5k@2027-03-10", Units.MI), None, today)
    weeks = _runs_by_week(result.plan)
    assert weeks[0] >= 3000
    assert max(weeks) > 1.5 * weeks[0]
    assert all(w > 0 for w in weeks)
    assert validate(result.plan, history, RulesConfig(), today) == []


def test_a_gap_starts_at_the_cautious_week_and_grows() -> None:
    """QA D3: eight 5 km runs 60 days back: the cautious start is planned, then grows."""
    from backstride.domain.activity import Units

    today = date(2026, 11, 22)
    runs = tuple(a_run(today - timedelta(days=60 + 2 * k), 5.0) for k in range(8))
    history = History(activities=runs, time_zone="UTC")
    for units, days in itertools.product((Units.KM, Units.MI), ((0, 2, 4, 5), (1, 3, 5))):
        profile = PlanProfile(units=units, run_days=days)
        plan = generate(profile, history, parse_goal("weekly:20km", units), None, today).plan
        weeks = _runs_by_week(plan)
        assert weeks[0] >= 3000, weeks
        assert max(weeks[6:]) > 1.3 * weeks[0], weeks
        assert validate(plan, history, RulesConfig(), today) == []


def test_the_runners_own_days_and_long_run_day_are_the_default() -> None:
    """A runner who runs Monday, Wednesday and a long Sunday run gets a plan on those
    days, the long run on Sunday, the quality session away from it."""
    runs = tuple(
        a_run(MONDAY - timedelta(days=7 * w) + timedelta(days=d), km)
        for w in range(1, 7)
        for d, km in ((0, 7), (2, 7), (6, 12))
    )
    history = History(activities=runs, time_zone="Europe/London")
    plan = generate(PlanProfile(), history, parse_goal("race:10k@2026-04-26"), None, SUNDAY).plan
    weekdays = {s.on.weekday() for s in plan.sessions if s.is_run and not s.race}
    assert weekdays == {0, 2, 6}
    longs = {s.on.weekday() for s in plan.sessions if s.is_run and s.run_type is RunType.LONG}
    assert longs == {6}
    quality = {s.on.weekday() for s in plan.sessions if s.speed is not None}
    assert quality and 6 not in quality and 0 not in quality  # never the day after the long run
    assert validate(plan, history, None, SUNDAY) == []
    # days the runner gives win over their habits
    given = generate(
        PlanProfile(run_days=(1, 3, 5), long_run_day=5),
        history,
        parse_goal("weekly:30km"),
        None,
        SUNDAY,
    ).plan
    assert {s.on.weekday() for s in given.sessions if s.is_run} <= {1, 3, 5}


def test_a_start_week_a_runner_with_history_sets_is_honoured() -> None:
    """`--start-week 20km` from a 35 km runner: the first whole week is 20 km, not the
    level (a lower start is always within the rules)."""
    plan = generate(
        PlanProfile(start_week_m=20000), _steady_35(), parse_goal("weekly:35km"), None, SUNDAY
    ).plan
    first = next(w for w in plan.weeks if w.start > SUNDAY)
    assert first.target_m == pytest.approx(20000, abs=300)
