"""The Charts page and /api/charts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from backstride.domain.activity import Sport
from backstride.rules import REGISTRY
from backstride.services.activities import list_activities
from backstride.services.manage_shoes import gear_list
from backstride.services.workspace import Workspace
from backstride.training.days import week_start_of
from backstride.units import format_distance
from backstride.web.charts.schemas import (
    LoadDayOut,
    LoadOut,
    MonotonyOut,
    PainChartOut,
    PainWeekOut,
    WeekDistance,
    WeeklyDistanceOut,
)
from backstride.web.charts.views import (
    LOAD_CAVEAT,
    LoadInfo,
    acwr_chart,
    load_info,
    pain_chart,
    pain_weeks,
    rule_strength,
    weekly_distance,
    weekly_distance_chart,
)
from backstride.web.deps import WorkspaceDep
from backstride.web.errors import ERROR_RESPONSES
from backstride.web.render import render
from backstride.web.shoes.views import shoe_view

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["charts"])
Weeks = Annotated[int, Query(ge=1, le=260)]


def _since(ws: Workspace, weeks: int) -> date:
    return week_start_of(ws.today(), ws.rules().first_weekday) - timedelta(weeks=weeks)


def _distances(ws: Workspace, weeks: int) -> list[tuple[date, float]]:
    """Running distance per week for the `weeks` weeks to this one."""
    runs = list_activities(ws, since=_since(ws, weeks), sport=Sport.RUN, shaped=False)
    zone = ws.athlete().time_zone
    return weekly_distance(runs.activities, zone, ws.rules().first_weekday, ws.today(), weeks)


def _load(ws: Workspace, weeks: int) -> LoadInfo:
    config = ws.rules()
    params = {**config.params(REGISTRY["acwr"]), **config.params(REGISTRY["monotony"])}
    return load_info(ws.history(), config.first_weekday, ws.today(), _since(ws, weeks), params)


@pages.get("/charts", response_class=HTMLResponse)
def charts_page(
    request: Request, ws: WorkspaceDep, weeks: Annotated[int, Query(ge=4, le=104)] = 26
) -> HTMLResponse:
    units = ws.athlete().units
    totals = _distances(ws, weeks)
    pain = pain_weeks(ws.history(), totals, ws.rules().first_weekday)
    load = _load(ws, weeks)
    shoes = [shoe_view(g, units) for g in gear_list(ws) if g.is_shoe]
    return render(
        request,
        "charts.html",
        "charts",
        title="Charts",
        weeks=weeks,
        chart=weekly_distance_chart(totals, units),
        pain_chart=pain_chart(pain, units),
        pain_rows=[(w, format_distance(w.distance_m, units)) for w in reversed(pain) if w.reports],
        has_pain=any(w.reports for w in pain),
        totals=[(w, format_distance(m, units)) for w, m in reversed(totals)],
        shoes=[s for s in shoes if s.state != "retired"],
        load=load,
        acwr_chart=acwr_chart(load),
        latest_acwr=next((p for p in reversed(load.acwr) if p.ratio is not None), None),
        monotony=[m for m in reversed(load.monotony) if m.monotony is not None][:8],
        caveat=LOAD_CAVEAT,
        strengths={r: rule_strength(r) for r in ("acwr", "monotony")},
    )


@api.get("/charts/weekly-distance", summary="Running distance per week")
def get_weekly_distance(ws: WorkspaceDep, weeks: Weeks = 26) -> WeeklyDistanceOut:
    return WeeklyDistanceOut(
        weeks=[WeekDistance(week_start=w, distance_m=m) for w, m in _distances(ws, weeks)]
    )


@api.get("/charts/pain", summary="Weekly distance with weekly average pain and next-morning pain")
def get_pain_chart(ws: WorkspaceDep, weeks: Weeks = 26) -> PainChartOut:
    weekly = pain_weeks(ws.diary(), _distances(ws, weeks), ws.rules().first_weekday)
    return PainChartOut(
        weeks=[
            PainWeekOut(
                week_start=w.week_start,
                distance_m=w.distance_m,
                average_pain=w.average,
                next_morning_pain=w.next_morning,
                reports=w.reports,
            )
            for w in weekly
        ]
    )


@api.get(
    "/charts/load", summary="Load information: ACWR by day and monotony by week (never a block)"
)
def get_load(ws: WorkspaceDep, weeks: Weeks = 26) -> LoadOut:
    info = _load(ws, weeks)
    return LoadOut(
        caveat=LOAD_CAVEAT,
        acwr=[
            LoadDayOut(date=p.day, acute=p.acute, chronic=p.chronic, ratio=p.ratio)
            for p in info.acwr
        ],
        monotony=[
            MonotonyOut(
                week_start=m.week_start,
                weekly_load=m.weekly_load,
                monotony=m.monotony,
                strain=m.strain,
            )
            for m in info.monotony
        ],
    )
