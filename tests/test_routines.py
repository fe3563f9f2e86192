"""Routines as data: every shipped file reads, doses match evidence.md, the player's timeline."""

from __future__ import annotations

import pytest

from backstride.routines import (
    Phase,
    RoutineError,
    RoutineKind,
    load_routine,
    parse_routine,
    routine_names,
    routine_seconds,
    routine_text,
    routine_timeline,
)

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

EXPECTED = {
    "warm-up",
    "warm-up-short",
    "warm-up-walk",
    "warm-up-speed",
    "warm-up-flare",
    "cool-down",
    "cool-down-short",
    "core",
    "core-advanced",
    "rest-walk",
    "rest-yoga",
}


def _step_names(name: str) -> list[str]:
    return [s.name.lower() for s in load_routine(name).steps]


def test_every_variant_ships_and_names_match() -> None:
    assert set(routine_names()) == EXPECTED
    for name in EXPECTED:
        routine = load_routine(name)
        assert routine.version >= 1 and routine.steps
        assert all(step.practice in {2, 3, 4, 6, 7, 8, 9} for step in routine.steps)


def test_warm_ups_follow_practice_2() -> None:
    for name in ("warm-up", "warm-up-speed"):
        steps = load_routine(name).steps
        assert "walk" in steps[0].name.lower() and 120 <= (steps[0].duration_s or 0) <= 180
        assert "jog" in steps[1].name.lower()
        assert all(step.hold_s is None for step in steps), "no static stretching before a run"
    speed = " ".join(_step_names("warm-up-speed"))
    assert "burpees" in speed and "lateral jumps" in speed
    for name in ("warm-up", "warm-up-flare"):
        text = " ".join(_step_names(name))
        assert "burpee" not in text and "jump" not in text
    assert load_routine("warm-up-flare").kind is RoutineKind.WARM_UP


def test_cool_down_settles_then_stretches_the_back() -> None:
    names = _step_names("cool-down")
    assert names[:3] == ["easy jog", "slow trot", "walk"]
    walk = load_routine("cool-down").steps[2]
    assert 120 <= (walk.duration_s or 0) <= 180
    assert any("foam" in n for n in names)
    assert "child's pose" in names  # a back stretch


def test_core_doses_and_ball_pikes_only_advanced() -> None:
    core = {s.name: s for s in load_routine("core").steps}
    assert {"Plank", "Side plank", "Back extensions", "Glute bridges"} <= set(core)
    assert core["Plank"].sets == 3 and 10 <= (core["Plank"].hold_s or 0) <= 30
    assert 8 <= (core["Back extensions"].reps or 0) <= 15
    assert not any("pike" in n for n in _step_names("core"))
    assert any("pike" in n for n in _step_names("core-advanced"))
    assert load_routine("core-advanced").level == "advanced"


def test_timeline_expands_sets_sides_and_rests() -> None:
    timeline = routine_timeline(load_routine("core"))
    side = [t for t in timeline if t.label.startswith("Side plank")]
    assert len(side) == 6 and {t.side for t in side} == {"left", "right"}
    assert all(t.seconds == 15 for t in side)
    rests = [t for t in timeline if t.phase is Phase.REST and t.step_index == 1]
    assert len(rests) == 2  # between 3 sets, not after the last
    assert routine_seconds(load_routine("core")) == sum(t.seconds for t in timeline)


def test_show_text_lists_every_step_with_its_dose() -> None:
    text = routine_text(load_routine("warm-up-speed"))
    assert "Burpees — 2 x 5" in text and "Brisk walk — 2:30" in text


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("name='x'", "title must be text"),
        ("name='x'\ntitle='X'\nkind='nap'\nsummary='s'\nversion=1", "kind must be one of"),
        (
            "name='x'\ntitle='X'\nkind='core'\nsummary='s'\nversion=1\n"
            "[[steps]]\nname='a'\npractice=7\nreps=3\nhold_s=4",
            "exactly one of",
        ),
        (
            "name='x'\ntitle='X'\nkind='core'\nsummary='s'\nversion=1\n"
            "[[steps]]\nname='a'\npractice=1\nreps=3",
            "practice must be",
        ),
        ("name = ", "not valid TOML"),
    ],
)
def test_bad_routine_files_say_what_is_wrong(toml: str, message: str) -> None:
    with pytest.raises(RoutineError, match=message):
        parse_routine(toml)


def test_unknown_routine_lists_the_known_ones() -> None:
    with pytest.raises(RoutineError, match="known routines: cool-down"):
        load_routine("stretch")
