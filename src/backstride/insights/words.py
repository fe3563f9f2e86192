"""Insights in plain words: what went with what, never what caused it."""

from __future__ import annotations

from backstride.insights.factors import Factor, Outcome
from backstride.insights.stats import Comparison

SAME = 0.05  # a difference that rounds to 0.0 points


def _points(value: float) -> str:
    return f"{abs(value):.1f} point" + ("" if round(abs(value), 1) == 1.0 else "s")


def _interval(c: Comparison) -> str:
    """The interval in the sentence's direction: '0.6 to 2.0', or '0.4 better to 1.0 worse'."""
    assert c.low is not None and c.high is not None and c.difference is not None
    low, high = c.low, c.high
    if c.difference < 0:  # told as "better": flip so the numbers read as points better
        low, high = -high, -low
    if low >= 0:
        return f"{low:.1f} to {high:.1f}"
    worse, better = ("worse", "better") if c.difference >= 0 else ("better", "worse")
    return f"{abs(low):.1f} {better} to {high:.1f} {worse}"


def sentence(outcome: str, factor: Factor, c: Comparison, min_days: int) -> str:
    """One sentence for a comparison, or the 'not enough data yet' line."""
    if not c.compared:
        fewer = min(c.n_with, c.n_without)
        side = f"runs {factor.present}" if c.n_with <= c.n_without else f"runs {factor.absent}"
        if fewer >= min_days:
            return f"not enough data yet: the {fewer} days ({side}) all fall in one week"
        return f"not enough data yet: {fewer} of {min_days} days ({side})"
    assert c.difference is not None
    if outcome == Outcome.NEXT_MORNING:
        start = f"On the {c.n_with} mornings after runs {factor.present}"
        end = f"than after the {c.n_without} {factor.absent}"
    else:
        start = f"After the {c.n_with} runs {factor.present}"
        end = f"than after the {c.n_without} {factor.absent}"
    if abs(c.difference) < SAME:
        return f"{start}, your back was on average about the same ({_interval(c)}) {end}."
    word = "worse" if c.difference > 0 else "better"
    size = _points(c.difference)
    return f"{start}, your back was on average {size} {word} ({_interval(c)}) {end}."
