"""The Welcome page: three steps for a runner who starts with an empty database."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from backstride.domain.activity import Units
from backstride.rules.redflags import RED_FLAGS
from backstride.services.change_settings import change_profile, set_rules
from backstride.services.screen import screening_reason
from backstride.services.workspace import Workspace
from backstride.training.days import WEEKDAYS
from backstride.web.deps import CheckedFormDep, SettingsDep, WorkspaceDep
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.imports.uploads import ACCEPT
from backstride.web.render import render
from backstride.web.settings.schemas import is_time_zone, time_zones

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["welcome"])
WEEK_STARTS = ("monday", "sunday", "saturday")


def is_new(ws: Workspace) -> bool:
    """True for a runner with nothing in the database yet (no runs, no diary)."""
    return not ws.store.holds_data()


@pages.get("/welcome", response_class=HTMLResponse)
def welcome_page(request: Request, ws: WorkspaceDep, settings: SettingsDep) -> HTMLResponse:
    athlete = ws.athlete()
    return render(
        request,
        "welcome.html",
        "today",
        title="Welcome",
        athlete=athlete,
        zones=sorted(time_zones()),
        week_start=WEEKDAYS[ws.rules().first_weekday],
        week_starts=WEEK_STARTS,
        profile_saved=request.query_params.get("step") == "2",
        screened=screening_reason(ws) is None,
        has_runs=not is_new(ws),
        accept=ACCEPT,
        flag_count=len(RED_FLAGS),
        max_mb=settings.max_upload_bytes // (1024 * 1024),
    )


@pages.post("/welcome/profile")
def profile_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    name, units, zone, week = (form.get(k) for k in ("name", "units", "time_zone", "week_start"))
    if units not in ("km", "mi"):
        raise ApiError(422, "invalid", "choose kilometres or miles", "units")
    if not isinstance(zone, str) or not is_time_zone(zone):
        raise ApiError(422, "invalid", "choose a time zone from the list", "time_zone")
    if week not in WEEK_STARTS:
        raise ApiError(422, "invalid", "choose the day your week starts on", "week_start")
    clean = name.strip() if isinstance(name, str) and name.strip() else None
    change_profile(ws, name=clean, units=Units(units), time_zone=zone)
    set_rules(ws, week_start=week)
    return RedirectResponse("/welcome?step=2#screening", status_code=303)
