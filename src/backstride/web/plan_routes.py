"""The Plan page and /api/plan: the calendar, why a day changed, the .ics and FIT
downloads (the core exporters), and a new plan from a goal (as `backstride plan new`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.domain.activity import Units
from backstride.plan import Plan, PlanChange, PlanError, PlanProfile, parse_days, parse_goal
from backstride.plan.adapt import why
from backstride.plan.describe import session_text
from backstride.plan.ics import to_ics
from backstride.plan.model import causes
from backstride.planning import Proposal, confirmed, propose
from backstride.rules import RulesConfig
from backstride.store import Store
from backstride.training.days import WEEKDAYS
from backstride.units import format_distance, parse_distance
from backstride.web.deps import (
    AthleteDep,
    CheckedFormDep,
    RulesConfigDep,
    StoreDep,
    TodayDep,
    checked_token_header,
)
from backstride.web.errors import ApiError
from backstride.web.pages import render
from backstride.web.plan_views import (
    calendar,
    changes_out,
    fit_zip,
    rule_source,
    session_out,
    weeks_out,
)
from backstride.web.schemas import ERROR_RESPONSES
from backstride.web.schemas_more import PlanIn, PlanOut, WhyOut

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["plan"])
PlanDay = Annotated[date, Path(ge=date(1980, 1, 1), le=date(2200, 1, 1))]


def active_or_404(store: Store) -> Plan:
    stored = store.active_plan()
    if stored is None:
        raise ApiError(
            404, "no-plan", "there is no plan yet: make one from a goal on the Plan page"
        )
    return stored.plan


@dataclass(frozen=True)
class Made:
    proposal: Proposal
    saved: bool


def _bad(message: str, field: str) -> ApiError:
    return ApiError(422, "invalid", message, field)


def make_plan(store: Store, config: RulesConfig, today: date, given: PlanIn, units: Units) -> Made:
    """Read the goal form, propose a plan and save it unless the start needs confirming."""
    try:
        goal = parse_goal(given.goal, units)
    except PlanError as exc:
        raise _bad(str(exc), "goal") from None
    try:
        run_days = parse_days(given.days) if given.days else None
    except PlanError as exc:
        raise _bad(str(exc), "days") from None
    long_day = None
    if given.long_run_day:
        try:
            long_days = parse_days(given.long_run_day)
        except PlanError as exc:
            raise _bad(str(exc), "long_run_day") from None
        if len(long_days) != 1:
            raise _bad("the long-run day must be one day, e.g. sat", "long_run_day")
        long_day = long_days[0]
        if run_days is not None and long_day not in run_days:
            raise _bad("the long-run day is not one of your run days", "long_run_day")
    if goal.race_date is not None and goal.race_date <= today:
        raise _bad(f"the race date {goal.race_date} is not in the future", "goal")
    start_m = None
    if given.start_week:
        try:
            start_m = parse_distance(given.start_week, units)
        except ValueError as exc:
            raise _bad(f"first-week distance: {exc}", "start_week") from None
    profile = PlanProfile(units, run_days, long_day, given.weeks, start_m)
    try:
        proposal = propose(store, config, goal, profile, today)
        if proposal.result.needs_confirmation and given.confirm_start:
            proposal = propose(store, config, goal, confirmed(profile, proposal), today)
    except PlanError as exc:
        raise _bad(str(exc), "goal") from None
    saved = not proposal.result.needs_confirmation
    if saved:
        store.save_new_plan(proposal.plan)
    return Made(proposal, saved)


def plan_out(plan: Plan, units: Units, saved: bool, warnings: tuple[str, ...] = ()) -> PlanOut:
    return PlanOut(
        saved=saved,
        goal=plan.goal.label,
        start=plan.start,
        end=plan.end,
        stopped_on=plan.stopped_on,
        warnings=list(warnings),
        needs_confirmation=not saved,
        weeks=weeks_out(plan),
        sessions=[session_out(s, plan, units) for s in plan.sessions],
        changes=changes_out(plan.changes),
    )


# -- pages -------------------------------------------------------------------------


def _plan_page(
    request: Request,
    store: Store,
    units: Units,
    today: date,
    *,
    all_weeks: bool = False,
    error: ApiError | None = None,
    proposal: Proposal | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    stored = store.active_plan()
    plan = stored.plan if stored else None
    weeks = calendar(plan, units, today, 200 if all_weeks else 4) if plan else []
    recent: list[PlanChange] = []
    if plan:  # the latest re-plan first, and within it the soonest day first
        recent = sorted(causes(plan.changes), key=lambda c: (-c.made_on.toordinal(), c.on))[:8]
    first = proposal.plan.weeks[0].target_m if proposal and proposal.plan.weeks else None
    return render(
        request,
        "plan.html",
        "plan",
        title="Plan",
        plan=plan,
        weeks=weeks,
        all_weeks=all_weeks,
        recent=recent,
        weekdays=WEEKDAYS,
        units=units.value,
        error=error,
        confirm_start=format_distance(first, units, digits=1) if first is not None else None,
        form=form or {},
        status_code=error.status if error else 200,
    )


@pages.get("/plan", response_class=HTMLResponse)
def plan_page(
    request: Request, store: StoreDep, athlete: AthleteDep, today: TodayDep, all: bool = False
) -> HTMLResponse:
    return _plan_page(request, store, athlete.units, today, all_weeks=all)


def _form_text(form: CheckedFormDep, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@pages.post("/plan", response_class=HTMLResponse)
def plan_form(
    request: Request,
    store: StoreDep,
    athlete: AthleteDep,
    config: RulesConfigDep,
    today: TodayDep,
    form: CheckedFormDep,
) -> Response:
    kind, distance = _form_text(form, "goal_kind"), _form_text(form, "distance")
    race_date = _form_text(form, "race_date")
    goal = f"race:{distance}@{race_date}" if kind == "race" else f"weekly:{distance}"
    days = ",".join(d[:3] for d in WEEKDAYS if form.get(f"day_{d[:3]}") == "on")
    weeks_text = _form_text(form, "weeks")
    shown = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    try:
        if weeks_text and not weeks_text.isdigit():
            raise _bad("weeks must be a whole number from 1 to 104", "weeks")
        given = PlanIn(
            goal=goal if distance else "weekly:",
            days=days or None,
            long_run_day=_form_text(form, "long_run_day") or None,
            weeks=int(weeks_text) if weeks_text else None,
            start_week=_form_text(form, "start_week") or None,
            confirm_start=form.get("confirm_start") == "on",
        )
        if not distance:
            raise _bad("enter a distance such as 25 (km a week) or 10k", "distance")
        if given.weeks is not None and not 1 <= given.weeks <= 104:
            raise _bad("weeks must be from 1 to 104", "weeks")
        made = make_plan(store, config, today, given, athlete.units)
    except ApiError as exc:
        return _plan_page(request, store, athlete.units, today, error=exc, form=shown)
    except ValueError as exc:  # pydantic's ValidationError
        error = _bad(str(exc).splitlines()[-1], "goal")
        return _plan_page(request, store, athlete.units, today, error=error, form=shown)
    if not made.saved:
        return _plan_page(request, store, athlete.units, today, proposal=made.proposal, form=shown)
    return RedirectResponse("/plan?saved=true", status_code=303)


@pages.get("/plan/day/{day}", response_class=HTMLResponse)
def plan_day_page(
    request: Request, store: StoreDep, athlete: AthleteDep, day: PlanDay
) -> HTMLResponse:
    plan = active_or_404(store)
    return render(
        request,
        "plan_day.html",
        "plan",
        title=f"{day:%a %d %b}",
        day=day,
        items=[(s, session_text(s, athlete.units)) for s in plan.on(day)],
        changes=[(c, rule_source(c.rule)) for c in plan.changes_on(day)],
        explanation=why(plan, day),
    )


def _ics(store: Store, zone: str) -> Response:
    body = to_ics(active_or_404(store), zone)
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="backstride-plan.ics"'},
    )


def _zip(store: Store) -> Response:
    return Response(
        fit_zip(active_or_404(store)),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="backstride-workouts.zip"'},
    )


@pages.get("/plan/backstride-plan.ics")
def plan_ics_page(store: StoreDep, athlete: AthleteDep) -> Response:
    return _ics(store, athlete.time_zone)


@pages.get("/plan/backstride-workouts.zip")
def plan_zip_page(store: StoreDep) -> Response:
    return _zip(store)


# -- API ---------------------------------------------------------------------------


@api.get("/plan", summary="The active plan: weeks, sessions and every change")
def get_plan(store: StoreDep, athlete: AthleteDep) -> PlanOut:
    return plan_out(active_or_404(store), athlete.units, True)


@api.post(
    "/plan",
    summary="Make a plan from a goal (it replaces the active plan)",
    dependencies=[Depends(checked_token_header)],
)
def post_plan(
    store: StoreDep, athlete: AthleteDep, config: RulesConfigDep, today: TodayDep, given: PlanIn
) -> PlanOut:
    made = make_plan(store, config, today, given, athlete.units)
    result = made.proposal.result
    return plan_out(made.proposal.plan, athlete.units, made.saved, result.warnings)


@api.get("/plan/why/{day}", summary="Why a day looks as it does: each change and its rule")
def get_why(store: StoreDep, athlete: AthleteDep, day: PlanDay) -> WhyOut:
    plan = active_or_404(store)
    return WhyOut(
        date=day,
        sessions=[session_out(s, plan, athlete.units) for s in plan.on(day)],
        changes=changes_out(plan.changes_on(day)),
        explanation=why(plan, day),
    )


@api.get(
    "/plan/ics",
    summary="The plan as iCalendar (one event a session)",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def get_ics(store: StoreDep, athlete: AthleteDep) -> Response:
    return _ics(store, athlete.time_zone)


@api.get(
    "/plan/fit.zip",
    summary="Every planned run as a FIT workout, zipped",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}}},
)
def get_fit_zip(store: StoreDep) -> Response:
    return _zip(store)
