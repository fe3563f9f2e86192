"""What went with the runner's worse back days, and the report for their clinician: read
what `History` does not hold (the gear worn besides shoes, the plans), check the period,
then call the pure cores (`insights.compute`, `report.build`).

Both shells call these: `backstride insights` / `report` and the Insights page, its API
and its report download.
"""

from __future__ import annotations

from datetime import date, timedelta

from backstride.insights import InsightOptions, Insights, compute
from backstride.report.build import build
from backstride.report.model import ReportDocument
from backstride.services.errors import Invalid
from backstride.services.workspace import Workspace
from backstride.store import Store
from backstride.training.days import local_date

BRACE_KIND = "brace"
REPORT_DAYS = 84  # the report covers twelve weeks unless told otherwise


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


def insights(
    ws: Workspace,
    since: date | None = None,
    until: date | None = None,
    options: InsightOptions | None = None,
) -> Insights:
    """Each candidate factor against next-morning pain and pain after a run, from `since`
    (default: the first run) to `until` (default: today)."""
    last = until or ws.today()
    history = ws.history()
    first = since or min(
        (local_date(a, history.time_zone) for a in history.activities if a.is_run),
        default=last,
    )
    if first > last:
        raise Invalid(f"the first day, {first}, is after the last, {last}", "since")
    return compute(
        history, ws.rules(), first, last, braced_runs=braced_runs(ws.store), options=options
    )


def report(
    ws: Workspace,
    since: date | None = None,
    until: date | None = None,
    options: InsightOptions | None = None,
) -> ReportDocument:
    """The clinician report for `since..until` (default: the twelve weeks to today)."""
    today = ws.today()
    last = until or today
    first = since or last - timedelta(days=REPORT_DAYS - 1)
    if first > last:
        raise Invalid(f"the first day, {first}, is after the last, {last}", "since")
    return build(
        ws.history(),
        ws.rules(),
        first,
        last,
        generated_on=today,
        runner=ws.athlete().name,
        plans=tuple(stored.plan for stored in ws.store.plans()),
        braced_runs=braced_runs(ws.store),
        options=options,
    )
