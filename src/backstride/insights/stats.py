"""The comparison behind every insight: days with a factor against days without it.

For one outcome (a pain score per run day) and one factor (present, absent or unknown per
day) the estimate is the difference of the two means. One person's days are not
independent draws: a bad week is bad on every day of it, and some factors (a ramp week, a
worn pair of shoes) hold for whole weeks. So the uncertainty treats the runner's weeks as
the units: the standard error is the leave-one-week-out jackknife (the "CV3" cluster-robust
variance, MacKinnon, Nielsen & Webb 2023), and the interval and the p-value use Student's t
(scipy.stats.t) with one degree of freedom fewer than the weeks on the side with fewer
weeks, a Satterthwaite-like count that stays honest when a factor falls in only a few weeks.
`benchmarks/bench_insights.py` compares this with statsmodels' cluster-robust OLS (CR1)
and a block bootstrap over weeks on the same synthetic histories: with 20-78 weeks those
two claimed an association in 8-14 % and 13-21 % of histories that had none (ours 1-4 %),
and the bootstrap's 90 % intervals held the planted effect in as few as 76 % of histories
with 20 weeks (ours 88-94 %).

Many factors are tested at once, so the p-values are adjusted for the false discovery rate
(Benjamini–Hochberg, statsmodels' `multipletests`) before anything is said to stand out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Comparison:
    """Pain on days with a factor against days without it (difference = with - without).

    `difference`, `low`, `high` and `p_value` are None when there is too little to compare
    (fewer than `min_days` on a side, or every day of a side in one week).
    """

    n_with: int
    n_without: int
    weeks_with: int
    weeks_without: int
    mean_with: float | None = None
    mean_without: float | None = None
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    p_value: float | None = None

    @property
    def compared(self) -> bool:
        return self.difference is not None


MIN_WEEKS = 2  # a side whose days all fall in one week says nothing beyond that week


def _week_sums(
    y: FloatArray, x: npt.NDArray[np.bool_], g: IntArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per week: the sum and count of scores with the factor, and without it."""
    _, index = np.unique(g, return_inverse=True)
    weeks = int(index.max()) + 1
    present = x.astype(np.float64)

    def total(values: FloatArray) -> FloatArray:
        return np.asarray(np.bincount(index, values, weeks), dtype=np.float64)

    return total(y * present), total(present), total(y * (1.0 - present)), total(1.0 - present)


def compare(
    outcome: FloatArray,
    factor: FloatArray,
    week: IntArray,
    *,
    min_days: int,
    level: float = 0.90,
) -> Comparison:
    """Compare `outcome` on days where `factor` is 1 with days where it is 0.

    NaN in either array leaves the day out. `week` numbers each day's week (the clusters).
    """
    keep = np.isfinite(outcome) & np.isfinite(factor)
    y, x, g = outcome[keep], factor[keep] > 0.5, week[keep]
    n_with, n_without = int(x.sum()), int((~x).sum())
    weeks_with, weeks_without = len(np.unique(g[x])), len(np.unique(g[~x]))
    counts = Comparison(n_with, n_without, weeks_with, weeks_without)
    if min(n_with, n_without) < min_days or min(weeks_with, weeks_without) < MIN_WEEKS:
        return counts
    s1, n1, s0, n0 = _week_sums(y, x, g)
    mean_with, mean_without = float(s1.sum() / n1.sum()), float(s0.sum() / n0.sum())
    difference = mean_with - mean_without
    # The estimate without each week in turn (a side can only empty when it has 1 week).
    left_out = (s1.sum() - s1) / (n1.sum() - n1) - (s0.sum() - s0) / (n0.sum() - n0)
    weeks = len(left_out)
    spread = float(np.sum((left_out - left_out.mean()) ** 2))
    se = math.sqrt((weeks - 1) / weeks * spread)
    df = min(weeks_with, weeks_without) - 1
    if se > 1e-9:
        from scipy import stats  # loaded when a comparison is made, not at start-up

        half = float(stats.t.ppf(0.5 + level / 2, df)) * se
        p_value = float(2 * stats.t.sf(abs(difference) / se, df))
    else:  # every day of both sides alike: nothing to tell apart
        half, p_value = 0.0, 1.0
    return Comparison(
        n_with,
        n_without,
        weeks_with,
        weeks_without,
        mean_with,
        mean_without,
        difference,
        difference - half,
        difference + half,
        p_value,
    )


def adjust(p_values: Sequence[float | None], fdr: float) -> tuple[list[float | None], list[bool]]:
    """Benjamini–Hochberg over the comparisons that were made (None stays None, never a
    finding): the adjusted p-values (q-values) and which pass at false discovery rate `fdr`."""
    made = [i for i, p in enumerate(p_values) if p is not None]
    adjusted: list[float | None] = [None] * len(p_values)
    passed = [False] * len(p_values)
    if not made:
        return adjusted, passed
    from statsmodels.stats.multitest import multipletests

    reject, corrected, _, _ = multipletests([p_values[i] for i in made], alpha=fdr, method="fdr_bh")
    for i, r, q in zip(made, reject, corrected, strict=True):
        adjusted[i] = float(q)
        passed[i] = bool(r)
    return adjusted, passed
