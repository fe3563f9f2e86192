"""Races are run: the race itself on race day after a taper, the longest training run capped
the way coaches cap it, quality sessions in most weeks, and a race the plan cannot reach
safely refused with the earliest safe date and safe alternatives (or kept anyway, with
the plan saying in words that the race is not in it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_plan_builders import steady_history

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType
from backstride.plan import Block, Plan, PlanProfile, generate, parse_goal
from backstride.plan.codec import plan_from_record, plan_record
from backstride.plan.races import long_cap_m, race_spec, ready_long_m, taper_weeks
from backstride.plan.validate import validate

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SATURDAY = date(2026, 1, 17)  # nothing run yet this week


def _race_plan(goal: str, kms: tuple[float, ...], units: Units = Units.KM) -> Plan:
    history = steady_history(SATURDAY, weeks=6, kms=kms)
    result = generate(PlanProfile(units), history, parse_goal(goal, units), None, SATURDAY)
    assert not result.refused, result.refusal
    assert validate(result.plan, history, None, SATURDAY) == []
    return result.plan


def _runs(plan: Plan, week: int) -> list[float]:
    w = plan.weeks[week]
    return [
        s.distance_m or 0.0
        for s in plan.sessions
        if s.is_run and not s.race and w.start <= s.on < w.start + timedelta(7)
    ]


@pytest.mark.parametrize(
    ("goal", "kms", "taper"),
    [
        ("race:10k@2026-04-12", (5, 5, 9), 1),
        ("race:half@2026-04-19", (6, 6, 10), 2),  # 13 weeks: the longer half taper
        ("race:marathon@2026-06-07", (10, 10, 12, 16), 3),  # 20 weeks: three
    ],
)
def test_the_race_is_run_on_race_day_after_a_taper(
    goal: str, kms: tuple[float, ...], taper: int
) -> None:
    plan = _race_plan(goal, kms)
    race = [s for s in plan.sessions if s.race]
    assert [(s.on, s.run_type, s.distance_m) for s in race] == [
        (plan.goal.race_date, RunType.RACE, plan.goal.distance_m)
    ]
    assert "race day" in race[0].notes[0] and race[0].routines[0].startswith("warm-up")
    assert "5/10" in race[0].effort  # the runner's pain limit, in words
    blocks = [w.block for w in plan.weeks]
    assert blocks[-1] is Block.RACE and blocks[-1 - taper : -1] == [Block.TAPER] * taper
    assert Block.TAPER not in blocks[: -1 - taper]
    # nothing hard the day before the race
    race_day = plan.goal.race_date
    assert race_day is not None
    eve = [s for s in plan.on(race_day - timedelta(days=1)) if s.is_run]
    assert all(s.run_type is RunType.EASY for s in eve)


def test_a_marathon_build_caps_the_longest_run_the_way_coaches_do() -> None:
    """About 32 km and at most 3 hours; the race itself is exempt from the spike limit, so
    no 39 km training run is needed to 'reach' it, and the taper is three weeks."""
    plan = _race_plan("race:marathon@2026-06-07", (10, 10, 12, 16))
    longest = max(s.distance_m or 0 for s in plan.sessions if s.is_run and not s.race)
    longest_s = max(s.duration_s or 0 for s in plan.sessions if s.is_run and not s.race)
    assert 29000 <= longest <= 32000 + 1e-6
    assert longest_s <= 3 * 3600
    peak = max(w.target_m for w in plan.weeks[:-1])
    assert peak < 80000  # no 86.6 km weeks on three days


def test_a_slower_runner_is_capped_by_time() -> None:
    spec = race_spec(42195.0)
    slow = 2.0  # 8:20/km
    assert long_cap_m(spec, slow) == pytest.approx(3 * 3600 * slow)
    assert ready_long_m(spec, 42195.0, slow) == pytest.approx(3 * 3600 * slow)
    assert long_cap_m(spec, slow, 30000) == 30000  # never below the runner's own longest
    assert taper_weeks(race_spec(21097.5), 10) == 1 and taper_weeks(race_spec(21097.5), 14) == 2
    assert taper_weeks(race_spec(42195.0), 12) == 2 and taper_weeks(race_spec(42195.0), 18) == 3
    assert race_spec(15000.0, Units.MI).name == "9.3 mi race"


def test_a_10k_plan_has_quality_in_most_weeks_taking_turns() -> None:
    """Strides, repeats and tempo; distance weeks hold the speed work, a lighter week
    raises it (one progression at a time)."""
    plan = _race_plan("race:10k@2026-04-26", (6, 6, 10))
    weeks = plan.weeks[1:-1]
    with_quality = [
        w
        for w in weeks
        if any(
            s.speed is not None for s in plan.sessions if w.start <= s.on < w.start + timedelta(7)
        )
    ]
    assert len(with_quality) >= len(weeks) * 0.6
    kinds = {s.speed.kind.value for s in plan.sessions if s.speed is not None}
    assert len(kinds) >= 2, kinds


def test_a_race_that_cannot_be_reached_safely_is_refused_with_safe_alternatives() -> None:
    """A half marathon three weeks out from 15 km a week: refused (not saved, `plan new`
    exits 1), with the earliest safe date and alternatives a runner can pick."""
    history = steady_history(SATURDAY, weeks=6, kms=(4, 4, 7))
    goal = parse_goal(f"race:half@{SATURDAY + timedelta(days=22)}")
    result = generate(PlanProfile(), history, goal, None, SATURDAY)
    assert result.refused and not result.reachable
    assert result.refusal and "refused" in result.refusal and "\n" not in result.refusal
    assert result.earliest_safe is not None and result.earliest_safe > (goal.race_date or SATURDAY)
    assert result.earliest_safe.weekday() == (goal.race_date or SATURDAY).weekday()
    goals = [a.goal for a in result.alternatives]
    assert goals[0] == f"race:half@{result.earliest_safe}"
    assert any(g.startswith("race:10k@") or g.startswith("race:5k@") for g in goals)
    assert goals[-1].startswith("weekly:")
    for alternative in result.alternatives:  # each alternative is a goal plan new takes
        again = generate(PlanProfile(), history, parse_goal(alternative.goal), None, SATURDAY)
        assert not again.refused and again.reachable, alternative
    # no race in the plan it did not save, and it says why in words
    plan = result.plan
    assert not [s for s in plan.sessions if s.race]
    assert plan.notices and "not in this plan" in plan.notices[0]
    assert validate(plan, history, None, SATURDAY) == []


def test_anyway_keeps_the_plan_that_stops_short_and_it_says_so() -> None:
    history = steady_history(SATURDAY, weeks=6, kms=(4, 4, 7))
    goal = parse_goal(f"race:half@{SATURDAY + timedelta(days=22)}")
    result = generate(PlanProfile(anyway=True), history, goal, None, SATURDAY)
    assert not result.refused and not result.reachable and result.refusal is None
    plan = result.plan
    notice = plan.notices[0]
    assert "half marathon" in notice and "not in this plan" in notice
    assert "earliest safe date" in notice
    race_day = [s for s in plan.on(goal.race_date or SATURDAY) if s.is_run]
    assert race_day and race_day[0].run_type is RunType.EASY and not race_day[0].race
    assert "not the race" in race_day[0].notes[0]
    assert plan.to_json()["notices"] == [notice]
    assert plan_from_record(plan_record(plan)) == plan  # the store keeps the words
    assert validate(plan, history, None, SATURDAY) == []


def test_a_half_marathon_from_20_km_a_week_in_12_weeks_is_reached() -> None:
    """What a widely used novice plan reaches (Higdon's novice half: 12 weeks); and in
    miles too."""
    for units in (Units.KM, Units.MI):
        plan = _race_plan("race:half@2026-04-12", (5, 5, 10), units)
        longest = max(s.distance_m or 0 for s in plan.sessions if s.is_run and not s.race)
        assert longest >= 0.7 * 21097.5
        assert any(s.race for s in plan.sessions)


def test_the_race_week_holds_no_more_than_the_week_before_up_to_a_half() -> None:
    """Counted with the race, a half marathon's race week is no bigger than the taper week
    before it (the ramp and one progression hold even counting the race)."""
    plan = _race_plan("race:half@2026-04-19", (6, 6, 10))
    assert plan.weeks[-1].target_m <= plan.weeks[-2].target_m + 1e-6
    assert sum(_runs(plan, -1)) + plan.goal.distance_m == pytest.approx(plan.weeks[-1].target_m)


def test_the_easy_run_instead_of_an_unreachable_race_is_no_longer_than_the_long_run() -> None:
    """Found by the property test: two run days a week, the week starting on Sunday, a 5 km
    race on a Tuesday the plan cannot reach. The race day's easy run (the next run-walk
    session) came out at 4.1 km, longer than that Sunday's 4.0 km long run."""
    from test_plan_builders import ZONE, a_run

    from backstride.domain.backcare import History
    from backstride.rules import RulesConfig
    from backstride.rules.config import RuleSettings

    rules: dict[str, dict[str, float]] = {
        "run-days": {"max_days": 2},
        "rest-days": {"min_days": 1},
        "weekly-ramp": {"max_increase_m": 1000.0},
        "long-run-spike": {"warn_pct": 10.0, "strong_pct": 100.0},
        "core": {"min_sessions": 1},
        "cross-training": {"min_sessions": 0},
        "one-progression": {"min_distance_increase_m": 0.0, "min_speed_increase_min": 0.0},
    }
    config = RulesConfig(6, {k: RuleSettings(True, v) for k, v in rules.items()})
    history = History(
        activities=(
            a_run(date(2026, 1, 13), 2.0, 300),
            a_run(date(2026, 1, 12), 13.0, 300),
            a_run(date(2026, 1, 4), 2.0, 300),
        ),
        time_zone=ZONE,
    )
    profile = PlanProfile(units=Units.KM, run_days=tuple(range(7)), weeks=1)
    race_day = date(2026, 3, 17)
    plan = generate(profile, history, parse_goal(f"race:5000m@{race_day}"), config, SATURDAY).plan
    assert validate(plan, history, config) == []
    (instead,) = [s for s in plan.on(race_day) if s.is_run]
    assert not instead.race
    week = [
        s for s in plan.sessions if s.is_run and race_day - timedelta(days=2) <= s.on < race_day
    ]
    (long_run,) = [s for s in week if s.run_type is RunType.LONG]
    assert (instead.distance_m or 0) <= (long_run.distance_m or 0) + 0.5
    # the notice's "longest run" is the one before the race week, and says so (that week's
    # own long run may be longer)
    assert "before the race week your longest run would be" in plan.notices[0]
