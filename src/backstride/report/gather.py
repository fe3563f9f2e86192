"""The edge between the store and the insights and report cores: read what `History` does
not hold (the gear worn besides shoes, the plans), then call the pure function.

A CLI command or a web route calls one of these and renders what comes back.
"""

from __future__ import annotations

from datetime import date

from backstride.history import load_history
from backstride.insights import InsightOptions, Insights, compute
from backstride.report.build import build
from backstride.report.model import ReportDocument
from backstride.rules import RulesConfig
from backstride.store import Store
from backstride.training.days import local_date

BRACE_KIND = "brace"


def braced_runs(store: Store) -> frozenset[int] | None:
    """The ids of the activities a brace was worn on; None when no brace is on record."""
    braces = {item.gear.name for item in store.gear_items() if item.gear.kind == BRACE_KIND}
    if not braces:
        return None
    return frozenset(
        activity_id
        for activity_id, names in store.extra_gear().items()
        if braces.intersection(names)
    )


def insights_from_store(
    store: Store,
    config: RulesConfig,
    since: date | None,
    until: date,
    options: InsightOptions | None = None,
) -> Insights:
    """`insights.compute` over the runner's whole history (since: default the first run)."""
    history = load_history(store)
    first = since or _first_day(store, until)
    return compute(history, config, first, until, braced_runs=braced_runs(store), options=options)


def report_from_store(
    store: Store,
    config: RulesConfig,
    since: date,
    until: date,
    generated_on: date,
    options: InsightOptions | None = None,
) -> ReportDocument:
    """The clinician report for `since..until` from everything the store holds."""
    history = load_history(store)
    plans = tuple(stored.plan for stored in store.plans())
    return build(
        history,
        config,
        since,
        until,
        generated_on=generated_on,
        runner=store.athlete().name,
        plans=plans,
        braced_runs=braced_runs(store),
        options=options,
    )


def _first_day(store: Store, until: date) -> date:
    """The local day of the runner's first run (`until` when there is none)."""
    zone = store.athlete().time_zone
    days = [local_date(a, zone) for a in store.activities(until=until) if a.is_run]
    return min(days, default=until)
