"""How honest are the insights' intervals and claims? Side by side on the same synthetic
histories (tests/insights_synthetic.py): ours (leave-one-week-out jackknife, t with the
fewer side's weeks), statsmodels' cluster-robust OLS (CR1, t with weeks - 1) and a block
bootstrap over weeks (percentile interval). For each history length:

- coverage: how often the 90 % interval holds the planted effect (warm-up +1.5, worn
  shoes +1.5 on next-morning pain), counting an uncompared factor as a miss;
- found: how often the planted warm-up effect stands out after Benjamini-Hochberg at 5 %;
- false claims: how often a history with no effect claims anything (28 comparisons);
- ms/history: the time to test every factor of one history.

    .venv/bin/python benchmarks/bench_insights.py [--histories 200] [--weeks 20 40 52 78]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import statsmodels.api as sm
from statsmodels.stats.multitest import multipletests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from insights_synthetic import synthetic_table

from backstride.insights import compare

PLANTED = {"warm-up": 1.5, "worn-shoes": 1.5}
LEVEL, FDR, MIN_DAYS = 0.90, 0.05, 8
Result = tuple[float, float, float] | None  # low, high, p
Method = Callable[[np.ndarray, np.ndarray, np.ndarray, np.random.Generator], Result]


def _usable(y: np.ndarray, x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, ...] | None:
    keep = np.isfinite(y) & np.isfinite(x)
    y, x, g = y[keep], x[keep] > 0.5, g[keep]
    if min(x.sum(), (~x).sum()) < MIN_DAYS or min(len(set(g[x])), len(set(g[~x]))) < 2:
        return None
    return y, x, g


def ours(y: np.ndarray, x: np.ndarray, g: np.ndarray, rng: np.random.Generator) -> Result:
    c = compare(y, x, g, min_days=MIN_DAYS, level=LEVEL)
    if c.low is None or c.high is None or c.p_value is None:
        return None
    return c.low, c.high, c.p_value


def cr1(y: np.ndarray, x: np.ndarray, g: np.ndarray, rng: np.random.Generator) -> Result:
    data = _usable(y, x, g)
    if data is None:
        return None
    y, xb, g = data
    fit = sm.OLS(y, sm.add_constant(xb.astype(float))).fit(
        cov_type="cluster", cov_kwds={"groups": g}, use_t=True
    )
    low, high = fit.conf_int(1 - LEVEL)[1]
    p = float(fit.pvalues[1])
    return float(low), float(high), p if math.isfinite(p) else 1.0


def bootstrap(y: np.ndarray, x: np.ndarray, g: np.ndarray, rng: np.random.Generator) -> Result:
    data = _usable(y, x, g)
    if data is None:
        return None
    y, xb, g = data
    _, index = np.unique(g, return_inverse=True)
    weeks = index.max() + 1
    s1 = np.bincount(index, y * xb, weeks)
    n1 = np.bincount(index, xb.astype(float), weeks)
    s0 = np.bincount(index, y * ~xb, weeks)
    n0 = np.bincount(index, (~xb).astype(float), weeks)
    draw = rng.integers(0, weeks, (2000, weeks))
    with np.errstate(all="ignore"):
        d = s1[draw].sum(1) / n1[draw].sum(1) - s0[draw].sum(1) / n0[draw].sum(1)
    d = d[np.isfinite(d)]
    low, high = np.quantile(d, [(1 - LEVEL) / 2, 1 - (1 - LEVEL) / 2])
    p = min(1.0, 2 * min(float(np.mean(d <= 0)), float(np.mean(d >= 0))))
    return float(low), float(high), p


METHODS: dict[str, Method] = {
    "ours (jackknife over weeks)": ours,
    "statsmodels cluster-robust OLS": cr1,
    "block bootstrap over weeks": bootstrap,
}


def run(method: Method, weeks: int, histories: int) -> dict[str, float]:
    rng = np.random.default_rng(weeks)
    covered = dict.fromkeys(PLANTED, 0)
    found = claims = 0
    spent = 0.0
    for _ in range(histories):
        for planted in (True, False):
            table = synthetic_table(rng, weeks=weeks, effects=PLANTED if planted else None)
            start = time.perf_counter()
            results = {
                (o, f): method(table.outcomes[o], table.factors[f], table.week, rng)
                for o in table.outcomes
                for f in table.factors
            }
            spent += time.perf_counter() - start
            made = {k: r for k, r in results.items() if r is not None}
            passed = (
                dict(
                    zip(
                        made,
                        multipletests([r[2] for r in made.values()], FDR, "fdr_bh")[0],
                        strict=True,
                    )
                )
                if made
                else {}
            )
            if planted:
                for name, size in PLANTED.items():
                    r = results[("next-morning", name)]
                    covered[name] += r is not None and r[0] <= size <= r[1]
                found += bool(passed.get(("next-morning", "warm-up")))
            else:
                claims += any(passed.values())
    return {
        "coverage warm-up": covered["warm-up"] / histories,
        "coverage worn shoes": covered["worn-shoes"] / histories,
        "found": found / histories,
        "false claims": claims / histories,
        "ms/history": spent / (2 * histories) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--histories", type=int, default=200)
    parser.add_argument("--weeks", type=int, nargs="+", default=[20, 40, 52, 78])
    args = parser.parse_args()
    print(f"{args.histories} histories with planted effects and {args.histories} without, each")
    print(
        "| weeks | method | coverage warm-up | coverage worn shoes | found | false claims | "
        "ms/history |"
    )
    print("|---|---|---|---|---|---|---|")
    for weeks in args.weeks:
        for name, method in METHODS.items():
            r = run(method, weeks, args.histories)
            print(
                f"| {weeks} | {name} | {r['coverage warm-up']:.1%} | "
                f"{r['coverage worn shoes']:.1%} | {r['found']:.1%} | {r['false claims']:.1%} | "
                f"{r['ms/history']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
