"""The current level (evidence.md decision 1): last week normally; after down weeks, the best
of the 4 weeks before the break times a return share by the break's length; after more than
8 weeks, a fresh start. Then weekly-ramp through the rules engine, on weeks that test it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_rules_builders import MONDAY, history, only, run

from backstride.rules import check, load_config
from backstride.training.level import Level, LevelKind, ReturnFactors, level_after, levels

pytestmark = pytest.mark.clock_free


def test_a_steady_runner_is_compared_with_last_week() -> None:
    assert level_after([30, 31, 29]) == Level(LevelKind.LAST_WEEK, 29)
    assert level_after([]) == Level(LevelKind.NONE, None)
    assert levels([20])[0].kind is LevelKind.NONE  # the first week of a history


@pytest.mark.parametrize(
    ("empty_weeks", "share"),
    [(1, 1.0), (2, 0.9), (3, 0.75), (4, 0.75), (5, 0.5), (8, 0.5)],
)
def test_after_a_break_the_level_is_the_best_recent_week_times_the_return_share(
    empty_weeks: int, share: float
) -> None:
    level = level_after([28, 30, 26, 29, *[0] * empty_weeks])
    assert level.kind is LevelKind.RETURN and level.break_weeks == empty_weeks
    assert level.peak_m == 30 and level.distance_m == pytest.approx(30 * share)
    assert level.as_values()["return_factor_pct"] == pytest.approx(share * 100)


def test_a_break_longer_than_eight_weeks_is_a_fresh_start_until_the_next_run() -> None:
    level = level_after([30, 30, *[0] * 9])
    assert level.kind is LevelKind.FRESH_START and level.distance_m is None
    assert level_after([30, 30, *[0] * 12]).kind is LevelKind.FRESH_START
    assert level_after([30, 30, *[0] * 12, 6]) == Level(LevelKind.LAST_WEEK, 6)


def test_a_down_week_is_under_half_of_the_level_before_it() -> None:
    assert level_after([30, 15]) == Level(LevelKind.LAST_WEEK, 15)  # exactly half: not down
    assert level_after([30, 14.9]).kind is LevelKind.RETURN
    # short weeks in a row: each compared with the return level it had; a 13 km week is
    # over half of 75% of 30 km, so after three the runner is at 13 km from then on
    assert level_after([30, 13, 13]).distance_m == pytest.approx(27)
    assert level_after([30, 13, 13, 13]).distance_m == pytest.approx(22.5)
    assert level_after([30, 13, 13, 13, 13]) == Level(LevelKind.LAST_WEEK, 13)


def test_only_the_four_weeks_before_the_break_set_the_peak() -> None:
    assert level_after([50, 20, 20, 20, 20, 0]).distance_m == pytest.approx(20)
    assert level_after([20, 30, 50, 40, 0]).distance_m == pytest.approx(50)


def test_the_factors_are_configurable() -> None:
    mine = ReturnFactors(down_week_pct=70, after_1_week_pct=80)
    assert level_after([30, 20], mine).distance_m == pytest.approx(24)  # 20 < 70% of 30
    assert level_after([30, 20]).distance_m == 20  # the default: not a down week


@given(st.lists(st.floats(0, 120_000, allow_nan=False), max_size=40))
def test_the_level_is_last_week_unless_that_week_was_down(weeks: list[float]) -> None:
    all_levels = levels(weeks)
    assert len(all_levels) == len(weeks) + 1
    for i, week in enumerate(weeks):
        before, after = all_levels[i], all_levels[i + 1]
        down = (before.distance_m is not None and week < before.distance_m * 0.5) or (
            before.kind is LevelKind.FRESH_START and week <= 0
        )
        if not down:
            assert after == Level(LevelKind.LAST_WEEK, week)
        elif after.kind is LevelKind.RETURN:
            assert after.distance_m is not None
            assert after.distance_m <= after.peak_m * (1 + 1e-12)
            assert after.peak_m == max(weeks[max(0, i - after.break_weeks - 3) : i])


# -- weekly-ramp against the level ---------------------------------------------------------


def _weeks(*kms: float) -> list[object]:
    """One run a week of each distance, the last on MONDAY's week."""
    first = MONDAY - timedelta(days=7 * (len(kms) - 1))
    return [run(first + timedelta(days=7 * i + 2), km) for i, km in enumerate(kms) if km]


def _ramp(*kms: float, config: str | None = None) -> list[object]:
    h = history(*_weeks(*kms))  # type: ignore[arg-type]
    found = check(h, load_config(config) if config else None, MONDAY, MONDAY + timedelta(6))
    return only(found, "weekly-ramp")  # type: ignore[return-value]


def test_a_normal_week_after_a_missed_week_is_no_ramp() -> None:
    """A 30 km runner misses a week: 30 km the week after is their level, not a ramp."""
    assert _ramp(30, 30, 30, 0, 30) == []
    (found,) = _ramp(30, 30, 30, 0, 34)
    assert found.values["reference"] == "return"  # type: ignore[attr-defined]
    assert found.values["reference_m"] == pytest.approx(30_000)  # type: ignore[attr-defined]
    assert "your level after a 1-week break, 30.0 km" in found.message  # type: ignore[attr-defined]


def test_after_three_weeks_off_the_ramp_is_over_three_quarters_of_the_level() -> None:
    assert _ramp(40, 40, 0, 0, 0, 33) == []  # 30 km level + 3.2 km
    (found,) = _ramp(40, 40, 0, 0, 0, 34)
    assert "75% of your best recent week, 40.0 km" in found.message  # type: ignore[attr-defined]
    assert (
        _ramp(40, 40, 0, 0, 0, 34, config="[rules.weekly-ramp]\nreturn_3_4_weeks_pct = 80\n") == []
    )


def test_after_a_long_break_the_first_week_back_is_not_checked() -> None:
    assert _ramp(40, 40, *[0] * 10, 25) == []
    assert _ramp(40, 40, *[0] * 10, 5, 12) != []  # the week after it is


def test_the_return_factors_must_not_grow_with_the_break() -> None:
    with pytest.raises(ValueError, match="return_2_weeks_pct"):
        load_config("[rules.weekly-ramp]\nreturn_2_weeks_pct = 100\nreturn_1_week_pct = 95\n")
