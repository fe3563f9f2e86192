"""Settings: units and time zone (the store's athlete), week start and every rule's
threshold (the rules config file of `backstride config set`), as a page and /api."""

from __future__ import annotations

import math

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.domain.activity import Units
from backstride.rules import ConfigError, RulesConfig
from backstride.rules_file import write_rules_config
from backstride.training.days import WEEKDAYS
from backstride.web.deps import (
    AthleteDep,
    CheckedFormDep,
    RulesConfigDep,
    SettingsDep,
    StoreDep,
    checked_token_header,
)
from backstride.web.errors import ApiError
from backstride.web.pages import render
from backstride.web.rules_config import rules_config_file, settings_views, week_start_name
from backstride.web.schemas import ERROR_RESPONSES, is_time_zone, time_zones
from backstride.web.schemas_more import ConfigIn, ConfigOut, ParamOut, RuleConfigOut

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["settings"])


@pages.get("/settings", response_class=HTMLResponse)
def settings_page(
    request: Request,
    athlete: AthleteDep,
    config: RulesConfigDep,
    saved: bool = False,
) -> HTMLResponse:
    return render(
        request,
        "settings.html",
        "settings",
        title="Settings",
        athlete=athlete,
        units=[u.value for u in Units],
        zones=sorted(time_zones()),
        saved=saved,
        week_start=week_start_name(config),
        weekdays=WEEKDAYS,
        rules=settings_views(config, athlete.units),
    )


@pages.post("/settings")
def settings_form(store: StoreDep, form: CheckedFormDep) -> Response:
    units, zone = form.get("units"), form.get("time_zone")
    if not isinstance(units, str) or units not in {u.value for u in Units}:
        raise ApiError(422, "invalid", "units must be km or mi", "units")
    if not isinstance(zone, str) or not is_time_zone(zone):
        raise ApiError(422, "invalid", "choose a time zone from the list", "time_zone")
    store.update_athlete(units=Units(units), time_zone=zone)
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
def rules_form(
    settings: SettingsDep, athlete: AthleteDep, config: RulesConfigDep, form: CheckedFormDep
) -> Response:
    """Write only what changed, so the file keeps the runner's own choices and no noise."""
    changed: dict[str, float] = {}
    enabled: dict[str, bool] = {}
    for rule in settings_views(config, athlete.units):
        on = form.get(f"{rule.rule}.enabled") == "on"
        if on != rule.enabled:
            enabled[rule.rule] = on
        for p in rule.params:
            raw = form.get(p.field)
            if raw is None or raw == "":
                continue
            value = _number(raw, p.field)
            if abs(value - p.value) > 1e-9:
                changed[p.field] = value
    week_start = form.get("week_start")
    try:
        write_rules_config(
            rules_config_file(settings.store_url),
            week_start=week_start if isinstance(week_start, str) else None,
            values=changed,
            enabled=enabled,
        )
    except ConfigError as exc:
        field = next((f for f in changed if f in str(exc)), None)
        raise ApiError(422, "invalid", f"{exc} (nothing was changed)", field) from None
    return RedirectResponse("/settings?saved=true#rules", status_code=303)


def config_out(config: RulesConfig, units: Units) -> ConfigOut:
    return ConfigOut(
        week_start=week_start_name(config),
        rules=[
            RuleConfigOut(
                rule=r.rule,
                title=r.title,
                enabled=r.enabled,
                note=r.note,
                source=r.source,
                strength=r.strength,
                params=[
                    ParamOut(
                        key=p.field,
                        value=p.value,
                        default=p.default,
                        low=p.low,
                        high=p.high,
                        unit=p.unit,
                        note=p.note,
                    )
                    for p in r.params
                ],
            )
            for r in settings_views(config, units)
        ],
    )


@api.get("/config", summary="Week start and every rule's thresholds, ranges and notes")
def get_config(athlete: AthleteDep, config: RulesConfigDep) -> ConfigOut:
    return config_out(config, athlete.units)


@api.put(
    "/config",
    summary="Change week start or thresholds (validated as `backstride config set`)",
    dependencies=[Depends(checked_token_header)],
)
def put_config(settings: SettingsDep, athlete: AthleteDep, change: ConfigIn) -> ConfigOut:
    try:
        config = write_rules_config(
            rules_config_file(settings.store_url),
            week_start=change.week_start,
            values=change.values,
            enabled=change.enabled,
        )
    except ConfigError as exc:
        field = next((f"values.{f}" for f in change.values if f in str(exc)), None)
        raise ApiError(422, "invalid", f"{exc} (nothing was changed)", field) from None
    return config_out(config, athlete.units)
