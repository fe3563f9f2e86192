"""The HTML pages: each route reads through a dependency, calls one core or store
function, and renders a template. The API (`api.py`) answers the same questions in JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import AfterValidator, BeforeValidator
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from backstride.diary import LOCATIONS
from backstride.domain.activity import Sport
from backstride.domain.backcare import PainTiming
from backstride.plan.describe import session_text
from backstride.rules import REGISTRY, Severity, status
from backstride.rules.engine import check_week
from backstride.rules.redflags import EMERGENCY_FLAGS, screening_due
from backstride.store import Store
from backstride.training.days import week_start_of
from backstride.web.api import FIRST_DAY, LAST_DAY, activity_or_404
from backstride.web.chart_views import (
    LOAD_CAVEAT,
    acwr_chart,
    load_info,
    pain_chart,
    pain_weeks,
    rule_strength,
)
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
from backstride.web.diary import active_flags
from backstride.web.errors import ApiError
from backstride.web.rules_config import settings_views
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
TIMING_LABELS: tuple[tuple[str, str], ...] = (
    ("before", "Before a run"),
    ("during", "During a run"),
    ("after", "After a run"),
    ("next-morning", "Next morning"),
    ("other", "Other time"),
)


@dataclass(frozen=True)
class CheckedIn:
    """What the Today page says after a check-in: the score and how the status moved."""

    score: float
    timing: PainTiming
    was: Severity
    now: Severity
    plan_changes: int
    character: str | None
    advice: str | None

    @property
    def changed(self) -> bool:
        return self.was is not self.now


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


def render(
    request: Request, template: str, page: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page: the template, the nav marker, this session's form token, and the
    red-flag banner (every page shows an active red flag until it is cleared)."""
    store: Store = request.app.state.store
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        template,
        {
            "page": page,
            "csrf_token": request.state.csrf_token,
            "active_flags": active_flags(store.red_flag_answers()),
            **context,
        },
        status_code=status_code,
    )
    return response


def days_to_come(week_start: date, today: date) -> int:
    """Days of the week after today: the rules count them as rest days still to come."""
    return max(0, min(7, (week_start + timedelta(days=6) - today).days))


@router.get("/", response_class=HTMLResponse)
def today_page(
    request: Request,
    store: StoreDep,
    history: HistoryDep,
    config: RulesConfigDep,
    today: TodayDep,
    athlete: AthleteDep,
    logged: Annotated[float | None, Query(ge=0, le=10)] = None,
    timing: PainTiming | None = None,
    was: Severity | None = None,
    changes: Annotated[int, Query(ge=0, le=1000)] = 0,
    character: Annotated[str | None, Query(max_length=40)] = None,
    advice: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    answer = status(history, config, today)
    stored = store.active_plan()
    planned = stored.plan.on(today) if stored else []
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
        to_come=days_to_come(answer.week.week_start, today),
        has_runs=bool(history.activities),
        has_plan=stored is not None,
        planned=[(s, session_text(s, athlete.units)) for s in planned],
        plan_changed_today=bool(stored and stored.plan.changes_on(today)),
        due=screening_due(history),
        emergency=EMERGENCY_FLAGS,
        locations=LOCATIONS,
        timings=TIMING_LABELS,
        checked_in=(
            CheckedIn(logged, timing, was, answer.severity, changes, character, advice)
            if logged is not None and timing is not None and was is not None
            else None
        ),
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
    week = check_week(history, config, start)
    figures = week.figures
    findings = week.findings
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
        to_come=days_to_come(start, today),
        lines=rule_lines(findings),
    )


@router.get("/rules/{rule_id}", response_class=HTMLResponse)
def rule_page(
    request: Request, rule_id: str, config: RulesConfigDep, athlete: AthleteDep
) -> HTMLResponse:
    if rule_id not in REGISTRY:
        raise ApiError(404, "not-found", f"there is no rule {rule_id!r}")
    view = next(v for v in settings_views(config, athlete.units) if v.rule == rule_id)
    return render(request, "rule.html", "week", title=rule_id, rule=REGISTRY[rule_id], view=view)


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
    history: HistoryDep,
    athlete: AthleteDep,
    config: RulesConfigDep,
    today: TodayDep,
    weeks: Annotated[int, Query(ge=4, le=104)] = 26,
) -> HTMLResponse:
    since = week_start_of(today, config.first_weekday) - timedelta(weeks=weeks)
    runs = store.activities(since=since, sport=Sport.RUN)
    totals = weekly_distance(runs, athlete.time_zone, config.first_weekday, today, weeks)
    shoes = [shoe_view(i, athlete.units) for i in store.gear_items() if i.is_shoe]
    pain = pain_weeks(history, totals, config.first_weekday)
    params = {**config.params(REGISTRY["acwr"]), **config.params(REGISTRY["monotony"])}
    load = load_info(history, config.first_weekday, today, since, params)
    return render(
        request,
        "charts.html",
        "charts",
        title="Charts",
        weeks=weeks,
        chart=weekly_distance_chart(totals, athlete.units),
        pain_chart=pain_chart(pain, athlete.units),
        pain_rows=[
            (w, fmt_distance(w.distance_m, athlete.units)) for w in reversed(pain) if w.reports
        ],
        has_pain=any(w.reports for w in pain),
        totals=[(w, fmt_distance(m, athlete.units)) for w, m in reversed(totals)],
        shoes=[s for s in shoes if s.state != "retired"],
        load=load,
        acwr_chart=acwr_chart(load),
        latest_acwr=next((p for p in reversed(load.acwr) if p.ratio is not None), None),
        monotony=[m for m in reversed(load.monotony) if m.monotony is not None][:8],
        caveat=LOAD_CAVEAT,
        strengths={r: rule_strength(r) for r in ("acwr", "monotony")},
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
