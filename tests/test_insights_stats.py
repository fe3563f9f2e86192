"""Honesty of the insights: planted effects are found with intervals that cover them,
histories with no effect claim nothing (after the false-discovery adjustment), and too
little data says so instead of giving a number. Synthetic day tables (tests/
insights_synthetic.py), seeded; benchmarks/bench_insights.py runs the full-size version
through whole histories."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from insights_synthetic import synthetic_table

from backstride.insights import Insight, InsightOptions, Outcome, adjust, analyse, compare

pytestmark = pytest.mark.clock_free

HISTORIES = 200
PLANTED = {"warm-up": 1.5, "worn-shoes": 1.5}


def _one(found: Sequence[Insight], outcome: str, factor: str) -> Insight:
    return next(i for i in found if i.outcome == outcome and i.factor == factor)


def test_planted_effects_are_found_and_their_intervals_cover_the_truth() -> None:
    rng = np.random.default_rng(20261205)
    covered = {name: 0 for name in PLANTED}
    found = {name: 0 for name in PLANTED}
    for _ in range(HISTORIES):
        table = synthetic_table(rng, weeks=52, effects=PLANTED)
        insights = analyse(table, InsightOptions())
        for name, size in PLANTED.items():
            c = _one(insights, Outcome.NEXT_MORNING, name).comparison
            assert c.compared  # a year of run days is enough data for both
            assert c.low is not None and c.high is not None
            covered[name] += c.low <= size <= c.high
            found[name] += _one(insights, Outcome.NEXT_MORNING, name).stands_out
    for name in PLANTED:
        assert covered[name] >= 0.85 * HISTORIES, (name, covered[name])
        assert covered[name] <= 0.99 * HISTORIES, (name, covered[name])  # not vacuous
    assert found["warm-up"] >= 0.75 * HISTORIES, found
    assert found["worn-shoes"] >= 0.5 * HISTORIES, found


def test_histories_with_no_effect_claim_an_insight_in_under_5_percent() -> None:
    rng = np.random.default_rng(7)
    claimed = 0
    for _ in range(HISTORIES):
        insights = analyse(synthetic_table(rng, weeks=52), InsightOptions())
        claimed += any(i.stands_out for i in insights)
        # Every factor was tested on both outcomes: the adjustment covered 28 comparisons.
        assert sum(i.enough_data for i in insights) >= 20
    assert claimed < 0.05 * HISTORIES, claimed


def test_without_the_adjustment_the_same_histories_would_claim_far_more() -> None:
    """The false-discovery adjustment is what keeps the claims rare: unadjusted p < 0.05
    would claim something in most null histories."""
    rng = np.random.default_rng(7)
    unadjusted = 0
    for _ in range(50):
        insights = analyse(synthetic_table(rng, weeks=52), InsightOptions())
        unadjusted += any((i.comparison.p_value or 1) < 0.05 for i in insights)
    assert unadjusted >= 25


def test_too_little_data_gives_the_line_and_no_number() -> None:
    rng = np.random.default_rng(3)
    table = synthetic_table(rng, weeks=3, effects={"warm-up": 3.0})
    insights = analyse(table, InsightOptions())
    warm = _one(insights, Outcome.NEXT_MORNING, "warm-up")
    c = warm.comparison
    assert not warm.enough_data and not warm.stands_out
    assert c.difference is None and c.low is None and c.p_value is None
    fewer = min(c.n_with, c.n_without)
    assert warm.sentence.startswith(f"not enough data yet: {fewer} of 8 days (runs ")
    assert "worse" not in warm.sentence and "better" not in warm.sentence
    assert warm.to_json()["difference"] is None and warm.to_json()["interval"] is None


def test_the_minimum_days_is_configurable() -> None:
    rng = np.random.default_rng(3)
    table = synthetic_table(rng, weeks=6)
    few = {
        (i.outcome, i.factor) for i in analyse(table, InsightOptions(min_days=3)) if i.enough_data
    }
    many = {
        (i.outcome, i.factor) for i in analyse(table, InsightOptions(min_days=12)) if i.enough_data
    }
    assert many < few
    line = _one(analyse(table, InsightOptions(min_days=40)), Outcome.NEXT_MORNING, "brace")
    assert " of 40 days (runs " in line.sentence


def test_the_difference_is_the_difference_of_means_and_the_sentence_tells_it() -> None:
    y = np.array([5, 6, 5, 6, 5, 6, 5, 6, 2, 3, 2, 3, 2, 3, 2, 3], dtype=np.float64)
    x = np.array([1] * 8 + [0] * 8, dtype=np.float64)
    week = np.array([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3], dtype=np.int64)
    c = compare(y, x, week, min_days=8)
    assert c.difference == pytest.approx(3.0)
    assert c.mean_with == pytest.approx(5.5) and c.mean_without == pytest.approx(2.5)
    assert c.n_with == c.n_without == 8 and c.weeks_with == c.weeks_without == 4
    assert c.low == c.high == pytest.approx(3.0)  # every week alike: no spread left
    # Unknown days (NaN) are left out, on either array.
    y2, x2 = y.copy(), x.copy()
    y2[0], x2[15] = math.nan, math.nan
    c2 = compare(y2, x2, week, min_days=7)
    assert (c2.n_with, c2.n_without) == (7, 7)


def test_a_factor_in_one_week_only_is_not_compared() -> None:
    y = np.arange(20, dtype=np.float64) % 7
    x = np.array([1] * 10 + [0] * 10, dtype=np.float64)
    week = np.array([0] * 10 + [1, 2, 3, 4, 5] * 2, dtype=np.int64)
    c = compare(y, x, week, min_days=8)
    assert c.weeks_with == 1 and not c.compared


def test_adjust_leaves_uncompared_out_and_is_benjamini_hochberg() -> None:
    q, passed = adjust([0.001, None, 0.04, 0.5], 0.05)
    assert q[1] is None and passed == [True, False, False, False]
    assert q[0] == pytest.approx(0.003) and q[2] == pytest.approx(0.06)
    assert adjust([None, None], 0.05) == ([None, None], [False, False])


def test_options_are_checked() -> None:
    with pytest.raises(ValueError, match="min_days"):
        InsightOptions(min_days=1)
    with pytest.raises(ValueError, match="fdr"):
        InsightOptions(fdr=0.7)
