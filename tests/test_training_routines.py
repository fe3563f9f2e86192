"""Warm-up and cool-down detection from samples, and the runner's own records."""

from __future__ import annotations

import pytest
from test_rules_builders import MONDAY, history, profile_samples, run

from backstride.domain.backcare import RoutineRecord
from backstride.training.routines import RoutineDetected, detect_cool_down, detect_warm_up
from backstride.training.weekly import training_days

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

MAIN = 2.8
WALK = 1.4


def test_walk_warm_up_and_walk_cool_down() -> None:
    activity = run(MONDAY, 6, samples=profile_samples([(300, WALK), (1800, MAIN), (180, WALK)]))
    warm, cool = detect_warm_up(activity), detect_cool_down(activity)
    assert warm is not None and cool is not None
    assert abs(warm.minutes - 5.0) <= 0.3 and warm.kind == "walk"
    assert abs(cool.minutes - 3.0) <= 0.3 and cool.kind == "walk"


def test_walk_then_slow_jog_warm_up() -> None:
    activity = run(MONDAY, 6, samples=profile_samples([(180, WALK), (240, 2.2), (1800, MAIN)]))
    warm = detect_warm_up(activity)
    assert warm is not None
    assert abs(warm.minutes - 7.0) <= 0.3
    assert warm.kind == "walk+jog"


def test_straight_into_main_pace_is_no_warm_up() -> None:
    activity = run(MONDAY, 6, samples=profile_samples([(1800, MAIN)]))
    assert detect_warm_up(activity) == RoutineDetected(0.0, None)
    assert detect_cool_down(activity) == RoutineDetected(0.0, None)


def test_no_samples_cannot_show_it() -> None:
    assert detect_warm_up(run(MONDAY, 6)) is None
    assert detect_cool_down(run(MONDAY, 6)) is None


def test_runner_record_wins_over_detection() -> None:
    activity = run(MONDAY, 6, samples=profile_samples([(1800, MAIN)]))
    record = RoutineRecord(activity.id or 0, warm_up_min=8, warm_up_kind="drills", confirmed=True)
    log = training_days(history(activity, routines=(record,)))
    assert log.runs[0].warm_up == RoutineDetected(8, "drills")
    assert log.runs[0].cool_down == RoutineDetected(0.0, None)  # not recorded: detected
