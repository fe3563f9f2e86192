"""The generator on named runners: starting point, blocks, taper, unreachable goals, JSON."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

import pytest
from test_plan_builders import TODAY, steady_history

from backstride.domain.activity import Units
from backstride.domain.backcare import History, RedFlagAnswer, RunType
from backstride.plan import Block, PlanError, PlanProfile, SessionType, generate, parse_goal
from backstride.plan.model import parse_days
from backstride.plan.validate import validate
from backstride.rules import load_config

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = TODAY + timedelta(days=4)  # the last day of a week the runner ran in full


def test_goal_and_days_parsing() -> None:
    assert parse_goal("weekly:25km").distance_m == 25000
    assert parse_goal("weekly:15mi", Units.MI).distance_m == pytest.approx(24140.16)
    race = parse_goal("race:10k@2027-03-15")
    assert race.distance_m == 10000 and race.race_date == date(2027, 3, 15)
    assert parse_goal("race:half@2027-04-01").distance_m == 21097.5
    assert parse_days("mon,wed,fri,sat") == (0, 2, 4, 5)
    with pytest.raises(PlanError, match="weekly:25km"):
        parse_goal("25km")
    with pytest.raises(PlanError, match="day"):
        parse_days("mon,xyz")


def test_history_sets_the_start_and_blocks_alternate() -> None:
    """The first week at the runner's level; three weeks of more distance (speed work
    held) and a lighter week that raises the speed work, in turn."""
    history = steady_history(SUNDAY + timedelta(days=1))  # 19 km a week, this one too
    result = generate(PlanProfile(), history, parse_goal("weekly:32km"), None, SUNDAY)
    plan = result.plan
    assert plan.start == date(2026, 1, 19)  # the Monday after today
    assert plan.weeks[0].target_m == pytest.approx(19000, abs=300)
    blocks = [w.block for w in plan.weeks]
    assert blocks[:5] == [Block.BASE, Block.DISTANCE, Block.DISTANCE, Block.SPEED, Block.DISTANCE]
    for a, b in zip(plan.weeks, plan.weeks[1:], strict=False):
        assert b.target_m <= a.target_m + 3218.688 + 1e-6
        if b.block is Block.SPEED:
            assert b.target_m < a.target_m  # the speed work rises in a lighter week
    assert validate(plan, history) == []
    speed = [s for s in plan.sessions if s.speed is not None]
    assert speed and all(s.routines[0] == "warm-up-speed" for s in speed)
    week1 = [s for s in plan.sessions if s.on < plan.start + timedelta(days=7)]
    assert sum(1 for s in week1 if s.kind is SessionType.CORE) == 2
    assert sum(1 for s in week1 if s.kind is SessionType.CROSS) == 1
    rest_days = {s.on for s in week1} - {s.on for s in week1 if s.kind is not SessionType.REST}
    assert len(rest_days) >= 2


def test_runner_without_history_starts_cautiously_and_confirms() -> None:
    result = generate(PlanProfile(), History(), parse_goal("weekly:20km"), None, TODAY)
    assert result.needs_confirmation
    assert "starts cautiously" in result.warnings[0]
    assert result.plan.weeks[0].target_m <= 6000
    assert all(s.target == "time" for s in result.plan.sessions if s.is_run)
    confirmed = generate(
        PlanProfile(start_week_m=9000), History(), parse_goal("weekly:20km"), None, TODAY
    )
    assert not confirmed.needs_confirmation


def test_race_plan_tapers_and_ends_with_the_race() -> None:
    history = steady_history(SUNDAY + timedelta(days=1), kms=(6, 6, 10))
    goal = parse_goal("race:10k@2026-04-26")
    result = generate(PlanProfile(), history, goal, None, SUNDAY)
    assert result.reachable, result.warnings
    plan = result.plan
    assert [w.block for w in plan.weeks][-2:] == [Block.TAPER, Block.RACE]
    assert plan.weeks[-2].target_m < plan.weeks[-3].target_m
    race = [s for s in plan.sessions if s.race]
    assert len(race) == 1 and race[0].on == goal.race_date
    eve = [s for s in plan.on(goal.race_date - timedelta(days=1)) if s.is_run]
    assert all(s.run_type is RunType.EASY for s in eve)
    assert validate(plan, history) == []


def test_unreachable_race_offers_the_safe_version() -> None:
    history = steady_history(TODAY, kms=(3, 3, 4))
    goal = parse_goal("race:half@2026-03-01")
    result = generate(PlanProfile(), history, goal, None, TODAY)
    assert not result.reachable
    assert "not reachable safely by 2026-03-01" in result.warnings[-1]
    assert not any(s.race for s in result.plan.sessions)
    assert result.earliest_safe is not None and goal.race_date is not None
    assert result.earliest_safe > goal.race_date
    later = generate(
        PlanProfile(), history, parse_goal(f"race:half@{result.earliest_safe}"), None, TODAY
    )
    assert later.reachable
    assert validate(result.plan, history) == []


def test_unreachable_weekly_goal_says_when() -> None:
    history = steady_history(TODAY)
    result = generate(PlanProfile(weeks=4), history, parse_goal("weekly:60km"), None, TODAY)
    assert not result.reachable and result.earliest_safe is not None
    assert "not reachable safely in 4 weeks" in result.warnings[-1]


def test_config_and_availability_are_honoured() -> None:
    config = load_config(
        "[rules.run-days]\nmax_days = 2\n[rules.rest-days]\nmin_days = 3\n"
        "[rules.core]\nmin_sessions = 3\n[rules.cross-training]\nmin_sessions = 2"
    )
    history = steady_history(TODAY)
    profile = PlanProfile(run_days=parse_days("mon,wed,fri,sat"), long_run_day=5)
    plan = generate(profile, history, parse_goal("weekly:25km"), config, TODAY).plan
    runs = [s for s in plan.sessions if s.is_run]
    assert {s.on.weekday() for s in runs} <= {0, 2, 4, 5}
    assert all(s.on.weekday() == 5 for s in runs if s.run_type is RunType.LONG)
    assert validate(plan, history, config) == []


def test_red_flag_stops_generation() -> None:
    from test_plan_builders import at

    history = History(red_flag_answers=(RedFlagAnswer("bladder", at(TODAY), True),))
    result = generate(PlanProfile(), history, parse_goal("weekly:20km"), None, TODAY)
    assert result.plan.stopped_on == TODAY and not result.plan.sessions
    assert "red flag" in result.warnings[0]


def test_race_before_the_start_is_refused() -> None:
    """The plan fills the days after today: a race today is too late to plan for."""
    with pytest.raises(PlanError, match="before the plan can start"):
        generate(PlanProfile(), History(), parse_goal(f"race:5k@{TODAY}"), None, TODAY)


def test_a_race_later_this_week_is_planned_in_the_week_in_progress() -> None:
    history = steady_history(TODAY)
    saturday = TODAY + timedelta(days=3)
    result = generate(PlanProfile(), history, parse_goal(f"race:5k@{saturday}"), None, TODAY)
    plan = result.plan
    assert result.reachable and len(plan.weeks) == 1 and plan.weeks[0].block.value == "race"
    assert [s.on for s in plan.sessions if s.race] == [saturday]
    assert min(s.on for s in plan.sessions) == TODAY + timedelta(days=1)
    assert validate(plan, history) == []


def test_json_lists_sessions_with_the_required_fields() -> None:
    plan = generate(
        PlanProfile(), steady_history(TODAY), parse_goal("weekly:25km"), None, TODAY
    ).plan
    data = json.loads(json.dumps(plan.to_json()))
    first = data["sessions"][0]
    for key in (
        "date",
        "kind",
        "run_type",
        "distance_m",
        "duration_s",
        "routines",
        "notes",
        "rule_changes",
    ):
        assert key in first
    kinds = {s["kind"] for s in data["sessions"]}
    assert kinds == {"run", "core", "cross", "rest"}
    runs = [s for s in data["sessions"] if s["kind"] == "run"]
    assert all(s["run_type"] in ("easy", "long", "speed") for s in runs)
    per_day: dict[str, int] = {}
    for s in data["sessions"]:
        per_day[s["date"]] = per_day.get(s["date"], 0) + 1
    assert max(per_day.values()) >= 2  # a core session after an easy run


def test_same_plan_in_miles_and_km_only_rounds_differently() -> None:
    history = steady_history(SUNDAY + timedelta(days=1))
    km = generate(PlanProfile(), history, parse_goal("weekly:30km"), None, SUNDAY).plan
    mi = generate(
        PlanProfile(units=Units.MI), history, parse_goal("weekly:30km"), None, SUNDAY
    ).plan
    assert [s.kind for s in km.sessions] == [s.kind for s in mi.sessions]
    for a, b in zip(km.weeks, mi.weeks, strict=True):
        assert abs(a.target_m - b.target_m) < 1000


def test_lighter_weeks_are_lighter_while_rebuilding_too() -> None:
    """QA D1: six 35 km weeks, then two empty ones (a 2-week break: a level of 90 %,
    decision 1): the first whole week near that level, and every week called lighter,
    speed or taper below the week before it."""
    monday = TODAY - timedelta(days=TODAY.weekday())
    old = steady_history(monday - timedelta(days=14), weeks=6, kms=(10, 10, 15))
    plan = generate(PlanProfile(), old, parse_goal("weekly:40km"), None, TODAY).plan
    weeks = plan.weeks
    first = next(w for w in weeks if w.start > TODAY)
    assert 0.8 * 31500 <= first.target_m <= 1.1 * 31500
    assert any(w.block in (Block.LIGHTER, Block.SPEED) for w in weeks)
    for before, week in itertools.pairwise(weeks):
        if week.block in (Block.LIGHTER, Block.SPEED, Block.TAPER):
            assert week.target_m < before.target_m - 1, (before, week)


def test_taper_is_below_the_peak_when_weeks_are_short_of_the_race() -> None:
    """QA D2: weekly volume near the race distance: the taper week is still lighter."""
    history = steady_history(TODAY, weeks=6, kms=(6, 6, 11))
    race = (TODAY + timedelta(days=80)).isoformat()
    result = generate(PlanProfile(), history, parse_goal(f"race:half@{race}"), None, TODAY)
    assert result.reachable, result.warnings
    plan = result.plan
    blocks = [w.block for w in plan.weeks]
    assert blocks[-2:] == [Block.TAPER, Block.RACE]
    peak = max(w.target_m for w in plan.weeks[:-2])
    assert plan.weeks[-2].target_m <= 0.9 * peak


def test_a_race_too_soon_after_an_empty_week_still_gets_a_safe_run() -> None:
    """QA D3: a marathon 12 days away, nothing run lately: the safe plan is a short easy
    run on race day, never 'an easy 0.0 mi run'."""
    today = date(2026, 1, 5)
    history = History(activities=(), time_zone="UTC")
    profile = PlanProfile(units=Units.MI, start_week_m=14000.0)
    result = generate(profile, history, parse_goal("race:marathon@2026-01-17"), None, today)
    assert not result.reachable
    runs = [s for s in result.plan.sessions if s.is_run]
    assert runs and all((s.distance_m or 0) >= 900 for s in runs)
    assert "0.0 mi" not in " ".join(result.warnings)
    assert validate(result.plan, history, None, today) == []


def test_a_race_this_week_with_no_run_day_left_is_not_run() -> None:
    """Three run days used by Thursday, at most three a week: a race on Saturday would be
    a fourth. No plan without a run: the goal is refused in one line that says why."""
    from dataclasses import replace

    from test_plan_builders import a_run

    from backstride.rules import RulesConfig
    from backstride.rules.config import RuleSettings

    monday = TODAY - timedelta(days=TODAY.weekday())
    thursday, saturday = monday + timedelta(days=3), monday + timedelta(days=5)
    history = steady_history(monday)
    done = tuple(a_run(monday + timedelta(days=d), 5) for d in (0, 1, 2))
    history = replace(history, activities=history.activities + done)
    config = RulesConfig(0, {"run-days": RuleSettings(True, {"max_days": 3})})
    with pytest.raises(PlanError, match="no run fits the rules") as refused:
        generate(PlanProfile(), history, parse_goal(f"race:5k@{saturday}"), config, thursday)
    assert "\n" not in str(refused.value) and "choose a later race" in str(refused.value)


def test_warm_up_and_cool_down_scale_with_the_run() -> None:
    """A run under half an hour gets the short warm-up and cool-down, a longer one the
    standard ones, a speed session the speed-day warm-up; never under the configured
    minimum (a 10-minute warm-up asked for: never the short one)."""
    from backstride.routines import load_routine, routine_seconds

    history = steady_history(SUNDAY + timedelta(days=1), kms=(4, 4, 10))
    plan = generate(PlanProfile(), history, parse_goal("race:10k@2026-04-26"), None, SUNDAY).plan
    runs = [s for s in plan.sessions if s.is_run and not s.race]
    short = [s for s in runs if (s.duration_s or 0) < 30 * 60 and s.speed is None]
    longer = [s for s in runs if (s.duration_s or 0) >= 30 * 60 and s.speed is None]
    assert short and all(s.routines == ("warm-up-short", "cool-down-short") for s in short)
    assert longer and all(s.routines == ("warm-up", "cool-down") for s in longer)
    assert all(s.routines[0] == "warm-up-speed" for s in runs if s.speed is not None)
    config = load_config("[rules.warm-up]\nmin_minutes = 10")
    strict = generate(PlanProfile(), history, parse_goal("weekly:25km"), config, SUNDAY).plan
    for s in strict.sessions:
        if s.is_run:
            assert routine_seconds(load_routine(s.routines[0])) >= 600
    assert validate(strict, history, config, SUNDAY) == []
