"""The Insights page and /api/insights (as `backstride insights`), and the clinician
report to download as PDF or HTML (as `backstride report`)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from backstride.insights import InsightOptions
from backstride.report import ReportDocument, render_html, render_pdf
from backstride.services import insights as service
from backstride.services.errors import Invalid
from backstride.services.workspace import Workspace
from backstride.web.deps import WorkspaceDep
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.insights.schemas import InsightsOut
from backstride.web.insights.views import (
    InsightRow,
    band_rows,
    cadence_rows,
    form_weeks,
)
from backstride.web.params import DayQuery, PageDayQuery
from backstride.web.render import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["insights"])

MIN_DAYS = InsightOptions().min_days
MinDaysQuery = Annotated[
    int,
    Query(ge=2, le=365, description="Days needed on each side before a factor is compared"),
]
# The report's period, named as `backstride report --from --to` names it.
ReportFrom = Annotated[PageDayQuery, Query(alias="from")]
ReportTo = Annotated[PageDayQuery, Query(alias="to")]


@pages.get("/insights", response_class=HTMLResponse)
def insights_page(
    request: Request, ws: WorkspaceDep, since: PageDayQuery = None, until: PageDayQuery = None
) -> HTMLResponse:
    found = service.insights(ws, since, until)
    weeks, earlier_weeks = form_weeks(found)
    report_to = until or ws.today()
    return render(
        request,
        "insights.html",
        "insights",
        title="Insights",
        found=found,
        compared=sum(i.enough_data for i in found.all()),
        level=f"{found.options.level:.0%}".replace("%", " %"),
        stand_out=[InsightRow.of(i) for i in found.stand_out],
        unclear=[InsightRow.of(i) for i in found.no_clear_link],
        too_few=[InsightRow.of(i) for i in found.not_enough_data],
        bands=band_rows(found),
        units=ws.athlete().units.value,
        cadence_pain=cadence_rows(found),
        form_weeks=weeks,
        earlier_weeks=earlier_weeks,
        report_from=since or report_to - timedelta(days=service.REPORT_DAYS - 1),
        report_to=report_to,
    )


def _report(ws: Workspace, first: date | None, last: date | None) -> ReportDocument:
    try:
        return service.report(ws, first, last)
    except Invalid as exc:  # the service names its own parameter; the page's is `from`
        raise ApiError(422, "invalid", str(exc), "query.from") from None


def _attachment(doc: ReportDocument, suffix: str) -> dict[str, str]:
    name = f"backstride-report-{doc.since}-to-{doc.until}.{suffix}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@pages.get("/report.pdf")
def report_pdf(ws: WorkspaceDep, first: ReportFrom = None, last: ReportTo = None) -> Response:
    doc = _report(ws, first, last)
    return Response(render_pdf(doc), media_type="application/pdf", headers=_attachment(doc, "pdf"))


@pages.get("/report.html")
def report_html(ws: WorkspaceDep, first: ReportFrom = None, last: ReportTo = None) -> Response:
    doc = _report(ws, first, last)
    return Response(
        render_html(doc), media_type="text/html; charset=utf-8", headers=_attachment(doc, "html")
    )


@api.get(
    "/insights",
    summary="What went with worse back days: each factor against pain, with its interval",
)
def get_insights(
    ws: WorkspaceDep,
    since: DayQuery = None,
    until: DayQuery = None,
    min_days: MinDaysQuery = MIN_DAYS,
) -> InsightsOut:
    found = service.insights(ws, since, until, InsightOptions(min_days=min_days))
    return InsightsOut.model_validate(found.to_json())
