"""No base, no tiny runs: a run-walk programme in the manner of NHS Couch to 5K (three
timed run-walk sessions a week, the running growing week by week to 30 minutes), each
session within every rule and worth its warm-up; a runner who sets their own first week
gets it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_plan_builders import ZONE, a_run

from backstride.domain.activity import Units
from backstride.domain.backcare import History, RunType
from backstride.plan import Plan, PlanProfile, generate, parse_goal
from backstride.plan.describe import session_text
from backstride.plan.programme import SESSIONS, WEEKS, start_index
from backstride.plan.validate import validate

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = date(2026, 1, 18)  # the plan starts with a whole week


def _weeks(plan: Plan) -> list[list[float]]:
    """Running seconds of each session, week by week (walking left out)."""
    out = []
    for w in plan.weeks:
        runs = [s for s in plan.sessions if s.is_run and w.start <= s.on < w.start + timedelta(7)]
        out.append([s.walk_run.run_s if s.walk_run else float(s.duration_s or 0) for s in runs])
    return out


def test_the_programme_is_couch_to_5k_nine_weeks_three_sessions() -> None:
    assert len(WEEKS) == 9 and all(len(w) == 3 for w in WEEKS)
    assert SESSIONS[0].describe() == "8 x (1 min run, 1:30 walk)"
    assert SESSIONS[0].run_s == 8 * 60 and SESSIONS[-1].continuous
    assert SESSIONS[-1].run_s == 30 * 60
    assert all(s.total_s >= 15 * 60 for s in SESSIONS)  # each worth its warm-up


def test_a_beginner_gets_the_run_walk_programme_and_reaches_30_minutes() -> None:
    result = generate(
        PlanProfile(), History(time_zone=ZONE), parse_goal("weekly:15km"), None, SUNDAY
    )
    plan = result.plan
    assert result.needs_confirmation and "run-walk programme" in result.warnings[0]
    assert "starts cautiously" in result.warnings[0] and "Couch to 5K" in result.warnings[0]
    weeks = _weeks(plan)
    assert [len(w) for w in weeks[:9]] == [3] * 9  # three sessions a week
    first = next(s for s in plan.sessions if s.is_run)
    assert first.is_walk_run and first.routines == ("warm-up-walk", "cool-down-short")
    assert session_text(first, Units.KM) == "run-walk 20 min: 8 x (1 min run, 1:30 walk)"
    assert all(s.target == "time" for s in plan.sessions if s.is_run)
    # the running grows week by week (a week may repeat a step the rules hold back)
    totals = [sum(w) for w in weeks]
    assert totals[4] > totals[0] and totals[8] > totals[4]
    thirty = next(i for i, w in enumerate(weeks) if max(w) >= 30 * 60)
    assert thirty <= 9, weeks  # 30 minutes of running in about 9-10 weeks
    for s in plan.sessions:  # never a tiny run: a run-walk or a run of 15 minutes or more
        if s.is_run:
            assert (s.duration_s or 0) >= 15 * 60
    assert validate(plan, History(time_zone=ZONE), None, SUNDAY) == []


def test_confirming_the_programme_keeps_the_programme() -> None:
    """`plan new --confirm-start` writes the proposed first week back as start_week_m: the
    same programme comes back, not runs of a third of it."""
    history = History(time_zone=ZONE)
    proposed = generate(PlanProfile(), history, parse_goal("weekly:15km"), None, SUNDAY)
    confirmed = generate(
        PlanProfile(start_week_m=proposed.plan.baseline_week_m),
        history,
        parse_goal("weekly:15km"),
        None,
        SUNDAY,
    )
    assert not confirmed.needs_confirmation
    assert confirmed.plan.sessions == proposed.plan.sessions


def test_a_start_week_of_its_own_is_honoured() -> None:
    """`--start-week 8km`: the first week is 8 km of runs, each worth its warm-up."""
    history = History(time_zone=ZONE)
    for units in (Units.KM, Units.MI):
        plan = generate(
            PlanProfile(units, start_week_m=8000), history, parse_goal("weekly:20km"), None, SUNDAY
        ).plan
        first = plan.weeks[0]
        assert first.target_m == pytest.approx(8000, abs=350)
        runs = [s for s in plan.sessions if s.is_run and s.on < first.start + timedelta(7)]
        assert runs and not any(s.is_walk_run for s in runs)
        assert all((s.distance_m or 0) >= 1800 for s in runs)
        assert validate(plan, history, None, SUNDAY) == []


def test_a_beginners_5k_in_twelve_weeks_is_run() -> None:
    race = SUNDAY + timedelta(days=7 * 12 - 1)
    result = generate(
        PlanProfile(), History(time_zone=ZONE), parse_goal(f"race:5k@{race}"), None, SUNDAY
    )
    assert not result.refused, result.refusal
    races = [s for s in result.plan.sessions if s.race]
    assert [(s.on, s.run_type) for s in races] == [(race, RunType.RACE)]


def test_two_days_a_week_the_programme_goes_on_two_days() -> None:
    profile = PlanProfile(run_days=(2, 5))
    plan = generate(profile, History(time_zone=ZONE), parse_goal("weekly:15km"), None, SUNDAY).plan
    assert {len(w) for w in _weeks(plan)} == {2}
    assert {s.on.weekday() for s in plan.sessions if s.is_run} == {2, 5}
    assert validate(plan, History(time_zone=ZONE), None, SUNDAY) == []


def test_a_small_base_joins_the_programme_later() -> None:
    """Two 2.5 km runs a week (about 16 minutes each): under three of the shortest runs a
    week, so the programme, but not from its first week."""
    monday = SUNDAY - timedelta(days=6)
    runs = tuple(
        a_run(monday - timedelta(days=7 * w) + timedelta(days=d), 2.5, 390)
        for w in range(1, 6)
        for d in (1, 4)
    )
    history = History(activities=runs, time_zone=ZONE)
    plan = generate(PlanProfile(), history, parse_goal("weekly:15km"), None, SUNDAY).plan
    first = next(s for s in plan.sessions if s.is_run)
    assert first.walk_run is not None and first.walk_run.run_s > SESSIONS[0].run_s
    assert start_index(None, 0, 2.5) == 0 and start_index(5000, 2000, 2.5) > 0
    assert validate(plan, history, None, SUNDAY) == []
