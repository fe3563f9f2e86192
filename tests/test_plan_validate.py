"""The independent validator catches every broken promise: a run under the shortest worth
its warm-up, a long run shorter than an easy run, a week whose total or label is not its
sessions', a race missing from race day without a word, a race on another day; and it
leaves the race itself out of the spike, the ramp and one progression."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from test_plan_builders import steady_history

from backstride.domain.backcare import History, RunType
from backstride.plan import Block, Plan, PlanProfile, generate, parse_goal
from backstride.plan.validate import validate

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SATURDAY = date(2026, 1, 17)


def _plan(goal: str = "race:half@2026-04-19") -> tuple[Plan, History]:
    history = steady_history(SATURDAY, weeks=6, kms=(6, 6, 10))
    plan = generate(PlanProfile(), history, parse_goal(goal), None, SATURDAY).plan
    assert validate(plan, history, None, SATURDAY) == []
    return plan, history


def _rules(plan: Plan, history: History) -> set[str]:
    return {v.rule for v in validate(plan, history, None, SATURDAY)}


def _with(plan: Plan, index: int, **changes: object) -> Plan:
    sessions = list(plan.sessions)
    sessions[index] = replace(sessions[index], **changes)  # type: ignore[arg-type]
    return replace(plan, sessions=tuple(sessions))


def test_a_run_under_the_shortest_is_caught() -> None:
    plan, history = _plan()
    i = next(i for i, s in enumerate(plan.sessions) if s.is_run and s.run_type is RunType.EASY)
    short = _with(plan, i, distance_m=1200.0, duration_s=450)
    assert "warm-up" in _rules(short, history)


def test_a_long_run_shorter_than_an_easy_run_is_caught() -> None:
    plan, history = _plan()
    i = next(i for i, s in enumerate(plan.sessions) if s.run_type is RunType.LONG)
    assert "long-run" in _rules(_with(plan, i, distance_m=2500.0), history)


def test_a_week_whose_total_is_not_its_sessions_is_caught() -> None:
    plan, history = _plan()
    weeks = list(plan.weeks)
    weeks[2] = replace(weeks[2], target_m=weeks[2].target_m + 5000)
    assert "plan" in _rules(replace(plan, weeks=tuple(weeks)), history)


def test_a_label_its_sessions_do_not_bear_out_is_caught() -> None:
    plan, history = _plan()
    speed_week = next(i for i, w in enumerate(plan.weeks) if w.block is Block.SPEED)
    start = plan.weeks[speed_week].start
    sessions = tuple(
        replace(s, speed=None, run_type=RunType.EASY, notes=())
        if start <= s.on < start + timedelta(7) and s.speed is not None
        else s
        for s in plan.sessions
    )
    assert "plan" in _rules(replace(plan, sessions=sessions), history)
    weeks = list(plan.weeks)
    weeks[1] = replace(weeks[1], block=Block.LIGHTER)  # more distance than the week before
    assert "plan" in _rules(replace(plan, weeks=tuple(weeks)), history)


def test_the_race_on_race_day_or_a_word_why() -> None:
    plan, history = _plan()
    i = next(i for i, s in enumerate(plan.sessions) if s.race)
    race = plan.sessions[i]
    easy = replace(race, race=False, run_type=RunType.EASY, distance_m=5000.0)
    gone = _with(plan, i, **{k: getattr(easy, k) for k in ("race", "run_type", "distance_m")})
    assert "race" in _rules(gone, history)
    said = replace(gone, notices=("The half marathon is not in this plan: ...",))
    assert "race" not in _rules(said, history)
    moved = _with(plan, i, on=race.on - timedelta(days=1))
    assert "race" in _rules(moved, history)


def test_the_race_itself_is_exempt_from_the_spike_ramp_and_one_progression() -> None:
    plan, history = _plan()
    race = next(s for s in plan.sessions if s.race)
    longest = max(s.distance_m or 0 for s in plan.sessions if s.is_run and not s.race)
    assert (race.distance_m or 0) > longest * 1.1  # more than the spike limit allows a run
    assert validate(plan, history, None, SATURDAY) == []
    # the same distance as a training run is a spike
    i = plan.sessions.index(race)
    training = _with(plan, i, race=False, run_type=RunType.LONG)
    assert "long-run-spike" in _rules(training, history)


def test_todays_planned_run_counts_until_a_run_is_recorded() -> None:
    """A re-plan in the morning still plans today's run: the validator counts it, as the
    adaptation does, so a week cannot hide a run in today."""
    plan, history = _plan("weekly:30km")
    day = next(s.on for s in plan.sessions if s.is_run and s.on > SATURDAY)
    i = next(i for i, s in enumerate(plan.sessions) if s.on == day and s.is_run)
    huge = _with(plan, i, distance_m=40000.0)
    assert {"long-run-spike", "weekly-ramp"} <= {v.rule for v in validate(huge, history, None, day)}
