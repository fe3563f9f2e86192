"""Settings: units and time zone (the store's athlete), week start and every rule's
threshold (the rules config file of `backstride config set`), as a page and /api."""

from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.domain.activity import Units
from backstride.services.change_settings import (
    ConfigOut,
    change_profile,
    config_out,
    set_rules,
)
from backstride.training.days import WEEKDAYS
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.render import render
from backstride.web.settings.schemas import (
    ConfigIn,
    SettingsIn,
    SettingsOut,
    is_time_zone,
    time_zones,
)

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["settings"])


@pages.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, ws: WorkspaceDep, saved: bool = False) -> HTMLResponse:
    athlete = ws.athlete()
    config = config_out(ws.rules(), athlete.units)
    return render(
        request,
        "settings.html",
        "settings",
        title="Settings",
        athlete=athlete,
        units=[u.value for u in Units],
        zones=sorted(time_zones()),
        saved=saved,
        week_start=config.week_start,
        weekdays=WEEKDAYS,
        rules=config.rules,
        plugin_problems=config.plugin_problems,
    )


@pages.post("/settings")
def settings_form(ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    units, zone = form.get("units"), form.get("time_zone")
    if not isinstance(units, str) or units not in {u.value for u in Units}:
        raise ApiError(422, "invalid", "units must be km or mi", "units")
    if not isinstance(zone, str) or not is_time_zone(zone):
        raise ApiError(422, "invalid", "choose a time zone from the list", "time_zone")
    change_profile(ws, units=Units(units), time_zone=zone)
    return RedirectResponse("/settings?saved=true", status_code=303)


def _number(text: object, field: str) -> float:
    try:
        value = float(str(text))
    except ValueError:
        raise ApiError(422, "invalid", f"{field}: {text!r} is not a number", field) from None
    if not math.isfinite(value):
        raise ApiError(422, "invalid", f"{field}: must be a number", field)
    return value


@pages.post("/settings/rules")
def rules_form(ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    """Write only what changed, so the file keeps the runner's own choices and no noise."""
    changed: dict[str, float] = {}
    enabled: dict[str, bool] = {}
    for rule in config_out(ws.rules(), ws.athlete().units).rules:
        on = rule.always_on or form.get(f"{rule.rule}.enabled") == "on"
        if on != rule.enabled:
            enabled[rule.rule] = on
        for p in rule.params:
            raw = form.get(p.key)
            if raw is None or raw == "":
                continue
            value = _number(raw, p.key)
            if abs(value - p.value) > 1e-9:
                changed[p.key] = value
    week_start = form.get("week_start")
    set_rules(
        ws,
        week_start=week_start if isinstance(week_start, str) else None,
        values=changed,
        enabled=enabled,
    )
    return RedirectResponse("/settings?saved=true#rules", status_code=303)


@api.get("/settings", summary="Units and time zone")
def get_settings(ws: WorkspaceDep) -> SettingsOut:
    return SettingsOut.of(ws.athlete())


@api.put(
    "/settings",
    summary="Change units or time zone, then re-plan",
    dependencies=[Depends(checked_token_header)],
)
def put_settings(ws: WorkspaceDep, change: SettingsIn) -> SettingsOut:
    changed = change_profile(ws, units=change.units, time_zone=change.time_zone)
    return SettingsOut.of(changed.athlete)


@api.get("/config", summary="Week start and every rule's thresholds, ranges and notes")
def get_config(ws: WorkspaceDep) -> ConfigOut:
    return config_out(ws.rules(), ws.athlete().units)


@api.put(
    "/config",
    summary="Change week start or thresholds (validated as `backstride config set`), then re-plan",
    dependencies=[Depends(checked_token_header)],
)
def put_config(ws: WorkspaceDep, change: ConfigIn) -> ConfigOut:
    changed = set_rules(
        ws, week_start=change.week_start, values=change.values, enabled=change.enabled
    )
    return config_out(changed.config, ws.athlete().units)
