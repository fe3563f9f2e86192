"""The Activities pages and /api/activities."""

from __future__ import annotations

import math
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from backstride.domain.activity import Sport
from backstride.services.activities import (
    LapOut,
    activity,
    activity_laps,
    activity_out,
    list_activities,
)
from backstride.services.edit_activity import ActivityEdit, edit_activity, run_of
from backstride.services.manage_shoes import gear_list
from backstride.web.activities.schemas import (
    SAMPLE_COLUMNS,
    ActivityDetailOut,
    ActivityEditedOut,
    ActivityEditIn,
    ActivityPageOut,
    RoutineOut,
    SampleSeries,
)
from backstride.web.activities.views import (
    activity_charts,
    activity_row,
    activity_title,
    elevation_chart,
    figures,
    lap_rows,
    route,
    split_rows,
    stored_routine_views,
)
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.params import DayQuery, IdPath, PageDayQuery, PageSportQuery
from backstride.web.render import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["activities"])
PAGE_SIZE = 50


@pages.get("/activities", response_class=HTMLResponse)
def activities_page(
    request: Request,
    ws: WorkspaceDep,
    since: PageDayQuery = None,
    until: PageDayQuery = None,
    sport: PageSportQuery = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    found = list_activities(
        ws,
        since=since,
        until=until,
        sport=sport,
        newest_first=True,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        shaped=False,
    )
    athlete = ws.athlete()
    zone = ZoneInfo(athlete.time_zone)
    return render(
        request,
        "activities.html",
        "activities",
        title="Activities",
        rows=[activity_row(a, athlete.units, zone) for a in found.activities],
        total=found.total,
        page_number=page,
        pages=max(1, -(-found.total // PAGE_SIZE)),
        since=since,
        until=until,
        sport=sport.value if sport else "",
        sports=[s.value for s in Sport],
    )


@pages.get("/activities/{activity_id}", response_class=HTMLResponse)
def activity_page(
    request: Request, ws: WorkspaceDep, activity_id: IdPath, saved: str | None = None
) -> HTMLResponse:
    shown = activity(ws, activity_id)
    athlete = ws.athlete()
    zone = ZoneInfo(athlete.time_zone)
    record = next((r for r in ws.history().routines if r.activity_id == activity_id), None)
    elevation = elevation_chart(shown, athlete.units)
    charts = activity_charts(shown, athlete.units)
    return render(
        request,
        "activity.html",
        "activities",
        title=activity_title(shown, zone),
        row=activity_row(shown, athlete.units, zone),
        activity=shown,
        figures=figures(shown, athlete.units),
        route=route(shown, athlete.units),
        splits=split_rows(shown, athlete.units),
        laps=lap_rows(activity_laps(ws, activity_id), shown, athlete.units),
        split_unit=athlete.units.value,
        charts=([elevation] if elevation else []) + charts,
        routines=stored_routine_views(shown, record),
        run=run_of(ws, activity_id) if shown.is_run else None,
        shoes=[g.name for g in gear_list(ws) if g.is_shoe and not g.retired],
        sports=[s.value for s in Sport],
        saved=saved == "true",
    )


def _number(form_value: object, field: str) -> float | None:
    if not isinstance(form_value, str) or not form_value.strip():
        return None
    try:
        return float(form_value)
    except ValueError:
        raise ApiError(422, "invalid", f"{form_value!r} is not a number", field) from None


def _given(form_value: object) -> str | None:
    """A text field the form sent (an emptied one: ""), None when the form has no such field."""
    return form_value if isinstance(form_value, str) else None


@pages.post("/activities/{activity_id}/edit")
def activity_edit_form(
    ws: WorkspaceDep, form: CheckedFormDep, activity_id: IdPath
) -> RedirectResponse:
    def text(name: str) -> str | None:
        value = form.get(name)
        return value.strip() if isinstance(value, str) and value.strip() else None

    edit_activity(
        ws,
        activity_id,
        ActivityEdit(
            run_type=text("run_type"),
            shoe=text("shoe"),
            warm_up_min=_number(form.get("warm_up_min"), "warm_up_min"),
            cool_down_min=_number(form.get("cool_down_min"), "cool_down_min"),
            confirm_routines=form.get("confirm_routines") == "yes",
            name=_given(form.get("name")),
            sport=text("sport"),
            rpe=_number(form.get("rpe"), "rpe"),
            notes=_given(form.get("notes")),
        ),
    )
    return RedirectResponse(f"/activities/{activity_id}?saved=true", status_code=303)


@api.get("/activities", summary="Activities, newest first")
def list_activities_api(
    ws: WorkspaceDep,
    since: DayQuery = None,
    until: DayQuery = None,
    sport: Sport | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ActivityPageOut:
    found = list_activities(
        ws, since=since, until=until, sport=sport, newest_first=True, offset=offset, limit=limit
    )
    return ActivityPageOut(total=found.total, offset=offset, limit=limit, items=found.items)


@api.get("/activities/{activity_id}", summary="One activity")
def get_activity(ws: WorkspaceDep, activity_id: IdPath) -> ActivityDetailOut:
    shown = activity(ws, activity_id)
    samples = shown.samples
    return ActivityDetailOut(
        activity=activity_out(ws, shown),
        sample_count=len(samples) if samples is not None else 0,
        columns=list(samples.columns()) if samples is not None else [],
        routines=[
            RoutineOut(name=r.name, state=r.state, text=r.text)
            for r in stored_routine_views(
                shown,
                next((r for r in ws.history().routines if r.activity_id == activity_id), None),
            )
        ],
        laps=[LapOut.of(lap) for lap in activity_laps(ws, activity_id)],
    )


@api.get(
    "/activities/{activity_id}/samples/{column}",
    summary="One sample column against time (NaN as null)",
)
def get_samples(ws: WorkspaceDep, activity_id: IdPath, column: str) -> SampleSeries:
    if column not in SAMPLE_COLUMNS:
        raise ApiError(
            422, "invalid", f"column must be one of {', '.join(SAMPLE_COLUMNS)}", "column"
        )
    samples = activity(ws, activity_id).samples
    values = getattr(samples, column) if samples is not None else None
    if samples is None or values is None:
        raise ApiError(
            404, "not-found", f"activity {activity_id} has no {column} samples", "column"
        )
    return SampleSeries(
        time_s=[float(t) for t in samples.time_s],
        values=[float(v) if math.isfinite(v) else None for v in values],
    )


@api.patch(
    "/activities/{activity_id}",
    summary="Correct an activity: run type, shoes, warm-up and cool-down; then re-plan",
    dependencies=[Depends(checked_token_header)],
)
def patch_activity(
    ws: WorkspaceDep, activity_id: IdPath, given: ActivityEditIn
) -> ActivityEditedOut:
    edited = edit_activity(ws, activity_id, ActivityEdit(**given.model_dump()))
    return ActivityEditedOut(
        activity=activity_out(ws, activity(ws, activity_id)),
        changed=list(edited.changed),
        plan_changes=len(edited.replanned.changes),
    )
