"""The HTML pages: each route reads through a dependency, calls one core or store
function, and renders a template. The API (`api.py`) answers the same questions in JSON."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import AfterValidator, BeforeValidator
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backstride.domain.activity import Sport, Units
from backstride.rules import REGISTRY, check, status
from backstride.training.days import week_start_of
from backstride.training.weekly import training_days, weekly_figures
from backstride.web.api import FIRST_DAY, LAST_DAY, activity_or_404
from backstride.web.deps import (
    AthleteDep,
    CheckedFormDep,
    HistoryDep,
    RulesConfigDep,
    SettingsDep,
    StoreDep,
    TodayDep,
    ZoneDep,
)
from backstride.web.errors import ApiError
from backstride.web.schemas import is_time_zone, time_zones
from backstride.web.uploads import import_saved, save_uploads
from backstride.web.views import (
    activity_charts,
    activity_row,
    activity_title,
    finding_view,
    fmt_distance,
    routine_views,
    rule_lines,
    shoe_view,
    weekly_distance,
    weekly_distance_chart,
)

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _blank_is_none(value: object) -> object:
    """An empty form field (a cleared date filter) means 'not given'."""
    return None if value == "" else value


# GET forms send every field, empty ones as "": the filters treat those as not given.
def _plausible_day(value: date | None) -> date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return value


DayQuery = Annotated[
    date | None, BeforeValidator(_blank_is_none), AfterValidator(_plausible_day), Query()
]
SportQuery = Annotated[Sport | None, BeforeValidator(_blank_is_none), Query()]


def render(request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
    """A page: the template, the nav marker and this session's form token."""
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        template,
        {"page": page, "csrf_token": request.state.csrf_token, **context},
    )
    return response


@router.get("/", response_class=HTMLResponse)
def today_page(
    request: Request,
    history: HistoryDep,
    config: RulesConfigDep,
    today: TodayDep,
    athlete: AthleteDep,
) -> HTMLResponse:
    answer = status(history, config, today)
    return render(
        request,
        "today.html",
        "today",
        title="Today",
        status=answer,
        red_flags=[finding_view(f) for f in answer.red_flags],
        pain=[finding_view(f) for f in answer.pain],
        if_you_run=[finding_view(f) for f in answer.if_you_run_today],
        shoes=[finding_view(f) for f in answer.shoes],
        week_distance=fmt_distance(answer.week.distance_m, athlete.units),
        has_runs=bool(history.activities),
    )


@router.get("/week", response_class=HTMLResponse)
def week_page(
    request: Request,
    history: HistoryDep,
    config: RulesConfigDep,
    today: TodayDep,
    athlete: AthleteDep,
    day: DayQuery = None,
) -> HTMLResponse:
    start = week_start_of(day or today, config.first_weekday)
    end = start + timedelta(days=6)
    findings = check(history, config, start, end)
    figures = weekly_figures(training_days(history, config.first_weekday), start)
    return render(
        request,
        "week.html",
        "week",
        title="Week",
        start=start,
        end=end,
        previous=start - timedelta(days=7),
        following=start + timedelta(days=7) if end < today else None,
        figures=figures,
        distance=fmt_distance(figures.distance_m, athlete.units),
        longest=fmt_distance(figures.longest_run_m, athlete.units),
        lines=rule_lines(findings),
    )


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(request: Request, rule_id: str) -> HTMLResponse:
    if rule_id not in REGISTRY:
        raise ApiError(404, "not-found", f"there is no rule {rule_id!r}")
    return render(request, "rule.html", "week", title=rule_id, rule=REGISTRY[rule_id])


@router.get("/activities", response_class=HTMLResponse)
def activities_page(
    request: Request,
    store: StoreDep,
    athlete: AthleteDep,
    zone: ZoneDep,
    since: DayQuery = None,
    until: DayQuery = None,
    sport: SportQuery = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    found = store.activities(since=since, until=until, sport=sport)
    found.reverse()
    first = (page - 1) * PAGE_SIZE
    rows = [activity_row(a, athlete.units, zone) for a in found[first : first + PAGE_SIZE]]
    return render(
        request,
        "activities.html",
        "activities",
        title="Activities",
        rows=rows,
        total=len(found),
        page_number=page,
        pages=max(1, -(-len(found) // PAGE_SIZE)),
        since=since,
        until=until,
        sport=sport.value if sport else "",
        sports=[s.value for s in Sport],
    )


@router.get("/activities/{activity_id}", response_class=HTMLResponse)
def activity_page(
    request: Request, store: StoreDep, athlete: AthleteDep, zone: ZoneDep, activity_id: int
) -> HTMLResponse:
    activity = activity_or_404(store, activity_id)
    return render(
        request,
        "activity.html",
        "activities",
        title=activity_title(activity, zone),
        row=activity_row(activity, athlete.units, zone),
        activity=activity,
        charts=activity_charts(activity, athlete.units),
        routines=routine_views(activity),
    )


@router.get("/shoes", response_class=HTMLResponse)
def shoes_page(request: Request, store: StoreDep, athlete: AthleteDep) -> HTMLResponse:
    items = store.gear_items()
    shoes = [shoe_view(i, athlete.units) for i in items if i.is_shoe]
    other = [shoe_view(i, athlete.units) for i in items if not i.is_shoe]
    shoes.sort(key=lambda s: (s.state == "retired", -s.percent))
    return render(request, "shoes.html", "shoes", title="Shoes", shoes=shoes, other=other)


@router.get("/charts", response_class=HTMLResponse)
def charts_page(
    request: Request,
    store: StoreDep,
    athlete: AthleteDep,
    config: RulesConfigDep,
    today: TodayDep,
    weeks: Annotated[int, Query(ge=4, le=104)] = 26,
) -> HTMLResponse:
    since = week_start_of(today, config.first_weekday) - timedelta(weeks=weeks)
    runs = store.activities(since=since, sport=Sport.RUN)
    totals = weekly_distance(runs, athlete.time_zone, config.first_weekday, today, weeks)
    shoes = [shoe_view(i, athlete.units) for i in store.gear_items() if i.is_shoe]
    return render(
        request,
        "charts.html",
        "charts",
        title="Charts",
        weeks=weeks,
        chart=weekly_distance_chart(totals, athlete.units),
        totals=[(w, fmt_distance(m, athlete.units)) for w, m in reversed(totals)],
        shoes=[s for s in shoes if s.state != "retired"],
    )


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    return render(
        request,
        "import.html",
        "import",
        title="Import",
        report=None,
        max_mb=settings.max_upload_bytes // (1024 * 1024),
    )


@router.post("/import", response_class=HTMLResponse)
async def import_form(
    request: Request, store: StoreDep, settings: SettingsDep, form: CheckedFormDep
) -> HTMLResponse:
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    saved = await save_uploads(files, settings.max_upload_bytes)
    report = await run_in_threadpool(import_saved, store, saved, settings.import_workers)
    return render(
        request,
        "import.html",
        "import",
        title="Import",
        report=report,
        max_mb=settings.max_upload_bytes // (1024 * 1024),
    )


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, athlete: AthleteDep, saved: bool = False) -> HTMLResponse:
    return render(
        request,
        "settings.html",
        "settings",
        title="Settings",
        athlete=athlete,
        units=[u.value for u in Units],
        zones=sorted(time_zones()),
        saved=saved,
    )


@router.post("/settings")
def settings_form(store: StoreDep, form: CheckedFormDep) -> Response:
    units, zone = form.get("units"), form.get("time_zone")
    if not isinstance(units, str) or units not in {u.value for u in Units}:
        raise ApiError(422, "invalid", "units must be km or mi", "units")
    if not isinstance(zone, str) or not is_time_zone(zone):
        raise ApiError(422, "invalid", "choose a time zone from the list", "time_zone")
    store.update_athlete(units=Units(units), time_zone=zone)
    return RedirectResponse("/settings?saved=true", status_code=303)


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request) -> HTMLResponse:
    return render(request, "coming.html", "plan", title="Plan", what="plan")


@router.get("/routines", response_class=HTMLResponse)
def routines_page(request: Request) -> HTMLResponse:
    return render(request, "coming.html", "routines", title="Routines", what="routines")


@router.get("/screening", response_class=HTMLResponse)
def screening_page(request: Request) -> HTMLResponse:
    return render(request, "coming.html", "screening", title="Screening", what="screening")
