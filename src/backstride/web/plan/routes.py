"""The Plan page and /api/plan: the calendar, why a day changed, the .ics and FIT
downloads, and a new plan from a goal (as `backstride plan new`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from backstride.plan.describe import goal_in_words
from backstride.plan.model import causes
from backstride.services.errors import Invalid
from backstride.services.export_plan import plan_calendar, plan_workouts_zip
from backstride.services.make_plan import PlanMade, make_plan
from backstride.services.show_plan import (
    PlanDayOut,
    PlanOut,
    changes_out,
    current_plan,
    plan_day,
    plan_out,
)
from backstride.services.workspace import Workspace
from backstride.training.days import WEEKDAYS
from backstride.units import format_distance
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError, error_body, refused
from backstride.web.plan.schemas import PlanIn
from backstride.web.plan.views import calendar
from backstride.web.render import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["plan"])
PlanDay = Annotated[date, Path(ge=date(1980, 1, 1), le=date(2200, 1, 1))]
RECENT_CHANGES = 8


def _plan_page(
    request: Request,
    ws: Workspace,
    *,
    all_weeks: bool = False,
    error: ApiError | None = None,
    made: PlanMade | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    plan = current_plan(ws)
    units, today = ws.athlete().units, ws.today()
    recent = []
    if plan:  # the latest re-plan first, and within it the soonest day first
        latest = sorted(causes(plan.changes), key=lambda c: (-c.made_on.toordinal(), c.on))
        recent = changes_out(latest[:RECENT_CHANGES])
    first = (
        made.plan.weeks[0].target_m
        if made and made.needs_confirmation and made.plan.weeks
        else None
    )
    return render(
        request,
        "plan.html",
        "plan",
        title="Plan",
        plan=plan,
        changes=len(causes(plan.changes)) if plan else 0,
        weeks=calendar(plan, units, today, 200 if all_weeks else 4) if plan else [],
        all_weeks=all_weeks,
        recent=recent,
        weekdays=WEEKDAYS,
        units=units.value,
        error=error,
        confirm_start=format_distance(first, units, digits=1) if first is not None else None,
        goal_distance=format_distance(plan.goal.distance_m, units, compact=True) if plan else "",
        goal_words=goal_in_words(plan.goal, units) if plan else "",
        form=form or {},
        refusal=made.result if made and made.refused else None,
        status_code=error.status if error else 422 if made and made.refused else 200,
    )


@pages.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request, ws: WorkspaceDep, all: bool = False) -> HTMLResponse:
    return _plan_page(request, ws, all_weeks=all)


def _form_text(form: CheckedFormDep, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _bad(message: str, field: str) -> ApiError:
    return ApiError(422, "invalid", message, field)


def _form_request(form: CheckedFormDep) -> PlanIn:
    """The goal form's fields as a plan request; `ApiError` naming the field at fault."""
    kind, distance = _form_text(form, "goal_kind"), _form_text(form, "distance")
    race_date = _form_text(form, "race_date")
    weeks_text = _form_text(form, "weeks")
    if not distance:
        raise _bad("enter a distance such as 25 (km a week) or 10k", "distance")
    if weeks_text and not weeks_text.isdigit():
        raise _bad("weeks must be a whole number from 1 to 104", "weeks")
    try:
        return PlanIn(
            goal=f"race:{distance}@{race_date}" if kind == "race" else f"weekly:{distance}",
            days=",".join(d[:3] for d in WEEKDAYS if form.get(f"day_{d[:3]}") == "on") or None,
            long_run_day=_form_text(form, "long_run_day") or None,
            weeks=int(weeks_text) if weeks_text else None,
            start_week=_form_text(form, "start_week") or None,
            confirm_start=form.get("confirm_start") == "on",
            anyway=form.get("anyway") == "on",
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "goal"
        raise _bad(f"{field}: {first.get('msg', 'is not valid')}", field) from None


@pages.post("/plan", response_class=HTMLResponse)
def plan_form(request: Request, ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    shown = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    try:
        made = make_plan(ws, _form_request(form).request())
    except ApiError as exc:
        return _plan_page(request, ws, error=exc, form=shown)
    except Invalid as exc:
        return _plan_page(request, ws, error=refused(exc), form=shown)
    if not made.saved:
        return _plan_page(request, ws, made=made, form=shown)
    return RedirectResponse("/plan?saved=true", status_code=303)


@pages.get("/plan/day/{day}", response_class=HTMLResponse)
def plan_day_page(request: Request, ws: WorkspaceDep, day: PlanDay) -> HTMLResponse:
    shown = plan_day(ws, day)
    return render(request, "plan_day.html", "plan", title=f"{day:%a %d %b}", day=shown)


def _ics(ws: Workspace) -> Response:
    return Response(
        plan_calendar(ws),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="backstride-plan.ics"'},
    )


def _zip(ws: Workspace) -> Response:
    return Response(
        plan_workouts_zip(ws),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="backstride-workouts.zip"'},
    )


@pages.get("/plan/backstride-plan.ics")
def plan_ics_page(ws: WorkspaceDep) -> Response:
    return _ics(ws)


@pages.get("/plan/backstride-workouts.zip")
def plan_zip_page(ws: WorkspaceDep) -> Response:
    return _zip(ws)


# -- API ---------------------------------------------------------------------------


@api.get("/plan", summary="The active plan: weeks, days with their sessions, every change")
def get_plan(ws: WorkspaceDep) -> PlanOut:
    return plan_out(ws)


@api.post(
    "/plan",
    summary="Make a plan from a goal (it replaces the active plan)",
    dependencies=[Depends(checked_token_header)],
    response_model=PlanOut,
)
def post_plan(ws: WorkspaceDep, given: PlanIn) -> Response:
    """A race that cannot be reached safely by its date is refused with 422: the error
    says why, and names the earliest safe date and the safe alternatives (nothing saved;
    `anyway` keeps the plan that stops short of it)."""
    made = make_plan(ws, given.request())
    units = ws.athlete().units
    result = made.result
    if made.refused:
        body = error_body("refused", result.refusal or "the goal is refused", "goal")
        body["error"]["earliest_safe"] = (
            result.earliest_safe.isoformat() if result.earliest_safe else None
        )
        body["error"]["alternatives"] = [
            {"goal": a.goal, "text": a.text} for a in result.alternatives
        ]
        return JSONResponse(body, 422)
    out = PlanOut.of(made.plan, units, saved=made.saved, warnings=result.warnings, result=result)
    return JSONResponse(out.model_dump(mode="json"))


@api.get("/plan/why/{day}", summary="Why a day looks as it does: each change and its rule")
def get_why(ws: WorkspaceDep, day: PlanDay) -> PlanDayOut:
    return plan_day(ws, day)


@api.get(
    "/plan/ics",
    summary="The plan as iCalendar (one event a session)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def get_ics(ws: WorkspaceDep) -> Response:
    return _ics(ws)


@api.get(
    "/plan/fit.zip",
    summary="Every planned run as a FIT workout, zipped",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def get_fit_zip(ws: WorkspaceDep) -> Response:
    return _zip(ws)
