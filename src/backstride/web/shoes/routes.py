"""The Shoes page (add, edit, retire, wear on runs) and /api/shoes: shells over
`services.manage_shoes`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from backstride.services.manage_shoes import (
    GearEdit,
    GearOut,
    add_gear,
    assign_gear,
    edit_gear,
    gear_list,
)
from backstride.services.workspace import Workspace
from backstride.units import metres_per_unit
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.render import render
from backstride.web.shoes.schemas import AssignedOut, AssignIn, GearEditIn, GearIn
from backstride.web.shoes.views import shoe_view

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["shoes"])


@pages.get("/shoes", response_class=HTMLResponse)
def shoes_page(request: Request, ws: WorkspaceDep) -> HTMLResponse:
    units = ws.athlete().units
    items = gear_list(ws)
    shoes = [shoe_view(g, units) for g in items if g.is_shoe]
    other = [shoe_view(g, units) for g in items if not g.is_shoe]
    shoes.sort(key=lambda s: (s.state == "retired", -s.percent))
    return render(
        request,
        "shoes.html",
        "shoes",
        title="Shoes",
        shoes=shoes,
        other=other,
        units=units.value,
        today=ws.today().isoformat(),
        saved=request.query_params.get("saved"),
    )


@api.get("/shoes", summary="Shoes and gear: distance, replacement distance, state")
def list_shoes(ws: WorkspaceDep) -> list[GearOut]:
    return gear_list(ws)


WRITE = [Depends(checked_token_header)]


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _distance(ws: Workspace, form: FormData, name: str) -> float | None:
    """A distance typed in the runner's units, in metres."""
    text = _text(form, name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ApiError(422, "invalid", f"{text!r} is not a number", name) from None
    return value * metres_per_unit(ws.athlete().units)


def _invalid(exc: ValidationError) -> ApiError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or None
    return ApiError(422, "invalid", f"{field}: {first['msg']}" if field else first["msg"], field)


def _add(ws: Workspace, given: GearIn) -> GearOut:
    added = add_gear(
        ws,
        given.name,
        kind=given.kind,
        start_distance_m=given.start_distance_m,
        replace_at_m=given.replace_at_m,
        default=given.default,
    )
    return next(g for g in gear_list(ws) if g.name == added.gear.name)


def _edit(ws: Workspace, name: str, given: GearEditIn) -> GearOut:
    changed = edit_gear(
        ws,
        name,
        GearEdit(
            rename=given.name,
            replace_at_m=given.replace_at_m,
            default_replace_at=given.default_replace_at,
            start_distance_m=given.start_distance_m,
            retired=given.retired,
            default=given.default,
            worn=given.worn,
        ),
    )
    return next(g for g in gear_list(ws) if g.name == changed.gear.name)


@pages.post("/shoes/add")
def add_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    try:
        given = GearIn.model_validate(
            {
                "name": _text(form, "name") or "",
                "kind": _text(form, "kind") or "shoe",
                "start_distance_m": _distance(ws, form, "start_distance") or 0.0,
                "replace_at_m": _distance(ws, form, "replace_at"),
                "default": form.get("default") == "on",
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    _add(ws, given)
    return RedirectResponse("/shoes?saved=added", status_code=303)


@pages.post("/shoes/edit")
def edit_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    name = _text(form, "current") or ""
    rename = _text(form, "name")
    state = _text(form, "state")  # in-use, default, worn, retired
    try:
        given = GearEditIn.model_validate(
            {
                "name": rename if rename and rename != name else None,
                "replace_at_m": _distance(ws, form, "replace_at"),
                "start_distance_m": _distance(ws, form, "start_distance"),
                "retired": None if state is None else state == "retired",
                "worn": None if state is None else state == "worn",
                "default": True if state == "default" else None,
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    _edit(ws, name, given)
    return RedirectResponse("/shoes?saved=changed", status_code=303)


@pages.post("/shoes/assign")
def assign_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    since, until = _text(form, "since"), _text(form, "until")
    try:
        given = AssignIn.model_validate(
            {"since": since, "until": until, "only_without_shoes": form.get("only_new") == "on"}
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    assign_gear(
        ws,
        _text(form, "current") or "",
        since=given.since,
        until=given.until,
        only_without_shoes=given.only_without_shoes,
    )
    return RedirectResponse("/shoes?saved=assigned", status_code=303)


@api.post("/shoes", summary="Add shoes (or a brace, socks), then re-plan", dependencies=WRITE)
def post_shoes(ws: WorkspaceDep, given: GearIn) -> GearOut:
    return _add(ws, given)


@api.patch(
    "/shoes/{name}",
    summary="Rename, retire, flag worn, make the default, set distances; then re-plan",
    dependencies=WRITE,
)
def patch_shoes(ws: WorkspaceDep, name: str, given: GearEditIn) -> GearOut:
    return _edit(ws, name, given)


@api.post(
    "/shoes/{name}/assign",
    summary="Wear shoes (or gear) on runs: by id, or every run between two days",
    dependencies=WRITE,
)
def post_assign(ws: WorkspaceDep, name: str, given: AssignIn) -> AssignedOut:
    done = assign_gear(
        ws,
        name,
        given.activity_ids,
        since=given.since,
        until=given.until,
        only_without_shoes=given.only_without_shoes,
    )
    return AssignedOut(name=done.name, changed=done.changed)
