"""`compute`: every candidate factor against next-morning pain and pain after a run."""

from __future__ import annotations

from datetime import date

from backstride.domain.backcare import History
from backstride.insights.factors import OUTCOMES, DayTable, build_table
from backstride.insights.model import Insight, InsightOptions, Insights
from backstride.insights.stats import Comparison, adjust, compare
from backstride.insights.words import sentence
from backstride.rules import RulesConfig


def strength(insight: Insight) -> float:
    """How far the interval keeps from no difference: the surer and larger, the stronger."""
    c = insight.comparison
    if c.low is None or c.high is None:
        return 0.0
    return max(c.low, -c.high, 0.0) + abs(c.difference or 0.0) / 1000


def analyse(table: DayTable, options: InsightOptions) -> list[Insight]:
    """Every (outcome, factor) comparison of a day table, adjusted together for the FDR."""
    pairs: list[tuple[str, str, Comparison]] = []
    for outcome in OUTCOMES:
        for factor in table.descriptions:
            pairs.append(
                (
                    outcome,
                    factor.id,
                    compare(
                        table.outcomes[outcome],
                        table.factors[factor.id],
                        table.week,
                        min_days=options.min_days,
                        level=options.level,
                    ),
                )
            )
    q_values, passed = adjust([c.p_value for _, _, c in pairs], options.fdr)
    by_id = {f.id: f for f in table.descriptions}
    return [
        Insight(
            outcome,
            factor,
            by_id[factor].title,
            c,
            q,
            ok,
            sentence(outcome, by_id[factor], c, options.min_days),
        )
        for (outcome, factor, c), q, ok in zip(pairs, q_values, passed, strict=True)
    ]


def compute(
    history: History,
    config: RulesConfig | None,
    since: date,
    until: date,
    *,
    braced_runs: frozenset[int] | None = None,
    options: InsightOptions | None = None,
) -> Insights:
    """What went with the runner's worse days between `since` and `until` (local days).

    `braced_runs`: ids of the runs a brace was worn on, None when no brace is on record.
    """
    config = config or RulesConfig()
    options = options or InsightOptions()
    table = build_table(history, config, since, until, braced_runs)
    found = analyse(table, options)
    stand_out = sorted((i for i in found if i.stands_out), key=strength, reverse=True)
    compared = sorted(
        (i for i in found if i.enough_data and not i.stands_out),
        key=lambda i: abs(i.comparison.difference or 0.0),
        reverse=True,
    )
    too_few = sorted(
        (i for i in found if not i.enough_data),
        key=lambda i: -min(i.comparison.n_with, i.comparison.n_without),
    )
    return Insights(
        since,
        until,
        options,
        len(table.days),
        tuple(stand_out),
        tuple(compared),
        tuple(too_few),
        table.cadence,
    )
