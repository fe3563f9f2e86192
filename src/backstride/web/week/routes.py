"""The Week page and /api/week; a page per rule with its thresholds."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from backstride.rules import REGISTRY
from backstride.services.change_settings import rule_settings
from backstride.services.status import WeekOut, week_check
from backstride.units import format_distance
from backstride.web.deps import TodayDep, WorkspaceDep
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.params import DayQuery, PageDayQuery
from backstride.web.render import render
from backstride.web.week.views import days_to_come

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["rules"])


@pages.get("/week", response_class=HTMLResponse)
def week_page(
    request: Request, ws: WorkspaceDep, today: TodayDep, day: PageDayQuery = None
) -> HTMLResponse:
    week = week_check(ws, day)
    units = ws.athlete().units
    start, end = week.week_start, week.week_end
    return render(
        request,
        "week.html",
        "week",
        title="Week",
        start=start,
        end=end,
        previous=start - timedelta(days=7),
        following=start + timedelta(days=7) if end < today else None,
        figures=week.figures,
        distance=format_distance(week.figures.distance_m, units),
        longest=format_distance(week.figures.longest_run_m, units),
        to_come=days_to_come(start, today),
        lines=week.rules,
        answer=week.today,
    )


@pages.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, ws: WorkspaceDep, rule_id: str) -> HTMLResponse:
    rule = next((r for r in REGISTRY if r.id == rule_id), None)
    if rule is None:
        raise ApiError(404, "not-found", f"there is no rule {rule_id!r}")
    view = rule_settings(rule, ws.rules(), ws.athlete().units)
    return render(request, "rule.html", "week", title=rule_id, rule=rule, view=view)


@api.get("/week", summary="Every rule's state for one week")
def get_week(ws: WorkspaceDep, day: DayQuery = None) -> WeekOut:
    return week_check(ws, day)
