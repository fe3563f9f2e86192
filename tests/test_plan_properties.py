"""Property tests: every generated plan passes every rule and keeps its own promises, a
steady runner's first whole week is at their level on any weekday, and the generator is
deterministic.

BACKSTRIDE_PLAN_EXAMPLES sets the number of random runners (default 150; the issue's
check is 1000: `BACKSTRIDE_PLAN_EXAMPLES=1000 pytest tests/test_plan_properties.py`).
"""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from test_plan_builders import TODAY, ZONE, a_run, configs, goals, histories, profiles

from backstride.domain.activity import Units
from backstride.domain.backcare import History, RunType
from backstride.plan import PlanError, PlanProfile, generate, parse_goal
from backstride.plan.model import GoalKind, SessionType
from backstride.plan.validate import validate
from backstride.rules import REGISTRY, RulesConfig
from backstride.training.days import week_start_of
from backstride.training.level import level_after
from backstride.training.weekly import training_days

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

EXAMPLES = int(os.environ.get("BACKSTRIDE_PLAN_EXAMPLES", "150"))


@st.composite
def runners(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    today = TODAY + timedelta(days=draw(st.integers(0, 6)))
    return (
        draw(profiles()),
        draw(histories(today)),
        draw(goals(today)),
        draw(configs()),
        today,
    )


def _horizon_days(profile: PlanProfile, goal_race: date | None, today: date) -> int:
    if goal_race is not None:
        return (goal_race - today).days
    return 7 * (profile.weeks or 12)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runners())
def test_every_plan_passes_every_rule(runner) -> None:  # type: ignore[no-untyped-def]
    profile, history, goal, config, today = runner
    note(repr((profile, goal, config, today, history.activities)))
    try:
        result = generate(profile, history, goal, config, today)
    except PlanError as refused:
        # no plan without a run: only where the rules leave no room for one (the spike
        # limit over short recent runs lasts 30 days), and said in one line
        assert "no run fits the rules" in str(refused) or "before the plan can start" in str(
            refused
        )
        assert _horizon_days(profile, goal.race_date, today) < 45
        return
    plan = result.plan
    assert validate(plan, history, config) == []
    assert any(s.is_run for s in plan.sessions), "a plan without a red flag has runs"
    days = {s.on for s in plan.sessions}
    end = plan.weeks[-1].start + timedelta(days=6)
    first = max(plan.start, today + timedelta(days=1))  # the week in progress: after today
    assert days == {first + timedelta(days=i) for i in range((end - first).days + 1)}, (
        "every day from tomorrow to the plan's end is planned, none before"
    )
    assert plan.start <= today + timedelta(days=1) <= plan.start + timedelta(days=7)
    shortest = config.params(REGISTRY["warm-up"])
    for s in plan.sessions:
        if s.kind is SessionType.RUN:
            assert len(s.routines) == 2
            if not s.race and not s.is_walk_run:  # a run is worth its warm-up
                assert (s.distance_m or 0) >= shortest["min_run_m"] - 1e-6 or (
                    s.duration_s or 0
                ) >= shortest["min_run_minutes"] * 60 - 1
    for week in plan.weeks:
        runs = [
            s for s in plan.sessions if s.is_run and week.start <= s.on < week.start + timedelta(7)
        ]
        assert abs(week.done_m + sum(s.distance_m or 0 for s in runs) - week.target_m) < 1
        longs = [s for s in runs if s.run_type is RunType.LONG]
        for long in longs:
            assert all(
                (s.distance_m or 0) <= (long.distance_m or 0) + 1e-6 for s in runs if not s.race
            )
    if goal.kind is GoalKind.RACE:
        races = [s for s in plan.sessions if s.race]
        if result.refused:
            assert not races and result.refusal and result.alternatives and plan.notices
            assert result.earliest_safe is None or result.earliest_safe > (goal.race_date or today)
        else:
            assert [(s.on, s.distance_m, s.run_type) for s in races] == [
                (goal.race_date, goal.distance_m, RunType.RACE)
            ]
    elif not result.reachable:
        assert result.warnings and "not reachable safely" in result.warnings[-1]
    assert generate(profile, history, goal, config, today) == result


@st.composite
def steady_runners(draw: st.DrawFn) -> tuple[History, date, PlanProfile, str, float]:
    """A runner with five steady weeks behind them (the same days, the same long run), on
    any weekday of the week; this week either nothing run yet or their usual runs so far."""
    today = TODAY + timedelta(days=draw(st.integers(0, 6)))
    monday = week_start_of(today)
    weekly_km = draw(st.floats(15, 55))
    days = sorted(draw(st.sets(st.integers(0, 6), min_size=2, max_size=4)))
    long_share = draw(st.sampled_from([1.0, 1.5, 2.0]))
    shares = [1.0] * (len(days) - 1) + [long_share]
    pace = draw(st.sampled_from([300.0, 340.0, 380.0, 430.0]))
    this_week = draw(st.booleans())
    runs = []
    for w in range(0, 6):
        ws = monday - timedelta(days=7 * w)
        for d, share in zip(days, shares, strict=True):
            day = ws + timedelta(days=d)
            if w == 0 and (not this_week or day > today):
                continue
            runs.append(a_run(day, weekly_km * share / sum(shares), pace))
    units = draw(st.sampled_from(list(Units)))
    if draw(st.booleans()):
        goal = f"weekly:{weekly_km * draw(st.floats(1.0, 1.5)):.1f}km"
    else:
        race = draw(st.sampled_from(["5k", "10k", "half", "marathon"]))
        weeks = draw(st.integers(6, 20))
        goal = f"race:{race}@{today + timedelta(days=7 * weeks)}"
    return (
        History(activities=tuple(runs), time_zone=ZONE),
        today,
        PlanProfile(units),
        goal,
        weekly_km,
    )


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steady_runners())
def test_a_steady_runner_starts_at_their_level_on_any_weekday(
    runner: tuple[History, date, PlanProfile, str, float],
) -> None:
    """The first whole week is within 80-110 % of the current level (decision 1, from the
    complete weeks before it), whatever weekday the plan is made on, in km or miles."""
    history, today, profile, goal_text, _ = runner
    note(f"{today:%a} {goal_text} {profile.units}")
    result = generate(profile, history, parse_goal(goal_text), None, today)
    log = training_days(history)
    this_monday = week_start_of(today)
    last = this_monday if today.weekday() == 6 else this_monday - timedelta(days=7)
    first_week = log.first_week()
    assert first_week is not None
    level = level_after(log.weekly_distances(first_week, last)).distance_m
    assert level is not None
    first = next(w for w in result.plan.weeks if w.start > today)
    assert 0.8 * level <= first.target_m <= 1.1 * level, (first.target_m, level)
    assert validate(result.plan, history, RulesConfig(), today) == []
