"""Synthetic day tables for the insights' honesty tests: one runner's run days over some
weeks, every candidate factor drawn the way real ones fall (most day by day; the ramp week
for whole weeks; worn shoes for the last stretch of each pair's life), pain with a bad-week
component shared by the days of a week, and effects of known size planted on chosen
factors. Seeded and vectorised: hundreds of histories take a second or two."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

from backstride.domain.activity import Units
from backstride.insights import OUTCOMES, Cadence, DayTable
from backstride.insights.factors import Usual, describe
from backstride.rules import RulesConfig

DAY_SHARES: dict[str, float] = {
    "warm-up": 0.25,
    "cool-down": 0.3,
    "long-run-spike": 0.1,
    "speed-session": 0.25,
    "short-sleep": 0.2,
    "poor-sleep": 0.2,
    "stiffness": 0.15,
    "not-eating-enough": 0.15,
    "brace": 0.3,
    "treadmill": 0.15,
    "low-cadence": 0.2,
}
RAMP_WEEK_SHARE = 0.2
SHOE_LIFE_WEEKS = 20  # a pair's last 30 % counts as worn
REPORTED = {"next-morning": 0.85, "after-run": 0.6}  # share of run days with a report


def synthetic_table(
    rng: np.random.Generator,
    *,
    weeks: int = 40,
    effects: Mapping[str, float] | None = None,
    outcome: str = "next-morning",
) -> DayTable:
    """A day table; `effects` adds points of pain to `outcome` on days with each factor."""
    effects = effects or {}
    per_week = rng.integers(2, 5, size=weeks)  # 2-4 run days a week
    week = np.repeat(np.arange(weeks), per_week)
    n = len(week)
    # Day of the week for each run day: sorted distinct weekdays within the week.
    weekday = np.concatenate([np.sort(rng.choice(7, size=k, replace=False)) for k in per_week])
    start = date(2026, 1, 5)
    days = tuple(start + timedelta(days=int(7 * w + d)) for w, d in zip(week, weekday, strict=True))
    factors: dict[str, np.ndarray] = {
        name: (rng.random(n) < share).astype(np.float64) for name, share in DAY_SHARES.items()
    }
    factors["ramp-week"] = (rng.random(weeks) < RAMP_WEEK_SHARE).astype(np.float64)[week]
    phase = (week + rng.integers(0, SHOE_LIFE_WEEKS)) % SHOE_LIFE_WEEKS
    factors["worn-shoes"] = (phase >= 0.7 * SHOE_LIFE_WEEKS).astype(np.float64)
    ordinal = np.array([d.toordinal() for d in days])
    factors["back-to-back"] = np.isin(ordinal - 1, ordinal).astype(np.float64)
    bad_week = rng.normal(0.0, 0.7, size=weeks)[week]
    outcomes = {}
    for name in OUTCOMES:
        pain = 4.0 + bad_week + rng.normal(0.0, 1.2, size=n)
        if name == outcome:
            for factor, size in effects.items():
                pain = pain + size * factors[factor]
        pain = np.clip(np.round(pain), 0, 10)
        pain[rng.random(n) >= REPORTED[name]] = np.nan
        outcomes[name] = pain
    descriptions = describe(RulesConfig(), Usual(7.0, 3.0))
    assert {f.id for f in descriptions} == set(factors)
    return DayTable(
        days,
        week.astype(np.int64),
        outcomes,
        factors,
        descriptions,
        Cadence((), (), (), Units.KM),
    )
