"""The Log page and POST /api/runs, /api/check-ins, /api/sessions: shells over the
`log_run`, `check_in` and `log_session` use cases."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.datastructures import FormData

from backstride.domain.backcare import SessionKind
from backstride.services.check_in import CheckInEntry, check_in, edit_check_in
from backstride.services.delete_record import diary_entries
from backstride.services.edit_record import PainEdit, SessionEdit, edit_pain, edit_session
from backstride.services.log_run import RunEntry, log_run
from backstride.services.log_session import SessionEntry, log_session
from backstride.services.manage_shoes import gear_list
from backstride.services.replan import Replanned
from backstride.services.show_plan import changes_out
from backstride.services.workspace import Workspace
from backstride.units import parse_distance, parse_duration
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.log.schemas import (
    CheckInIn,
    CheckInPatch,
    LoggedOut,
    PainEditIn,
    RunIn,
    SessionEditIn,
    SessionIn,
)
from backstride.web.params import DayPath, IdPath
from backstride.web.render import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["log"])
WRITE = [Depends(checked_token_header)]


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _invalid(exc: ValidationError) -> ApiError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first["loc"]) or None
    return ApiError(422, "invalid", f"{field}: {first['msg']}" if field else first["msg"], field)


def _out(saved: str, replanned: Replanned) -> LoggedOut:
    return LoggedOut(saved=saved, plan_changes=changes_out(replanned.changes))


@pages.get("/log", response_class=HTMLResponse)
def log_page(request: Request, ws: WorkspaceDep, saved: str | None = None) -> HTMLResponse:
    today = ws.today()
    return render(
        request,
        "log.html",
        "log",
        title="Log",
        today=today.isoformat(),
        units=ws.athlete().units.value,
        shoes=[g.name for g in gear_list(ws) if g.is_shoe and not g.retired],
        kinds=[k.value for k in SessionKind],
        logged=[e for e in diary_entries(ws, today) if e.when.startswith(f"{today:%a %d %b %Y}")],
        saved=saved,
    )


def _run_entry(ws: Workspace, form: FormData) -> RunIn:
    units = ws.athlete().units
    try:
        distance = parse_distance(_text(form, "distance") or "", units)
        duration = parse_duration(_text(form, "duration") or "")
    except ValueError as exc:
        raise ApiError(422, "invalid", str(exc), "distance") from None
    try:
        return RunIn.model_validate(
            {
                "date": _text(form, "date"),
                "time": _text(form, "time") or "07:00",
                "distance_m": distance,
                "duration_s": duration,
                "shoe": _text(form, "shoe"),
                "rpe": _text(form, "rpe"),
                "treadmill": form.get("treadmill") == "on",
                "notes": _text(form, "notes"),
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None


OUTCOME_WORDS = {
    "new": "saved",
    "duplicate": "already logged",
    "replace": "joined with the same run from your watch",
    "enrich": "joined with the same run from your watch",
}


def _log_run(ws: Workspace, given: RunIn) -> LoggedOut:
    entry = RunEntry(
        day=given.date,
        distance_m=given.distance_m,
        duration_s=given.duration_s,
        clock=given.time,
        shoe=given.shoe,
        rpe=given.rpe,
        treadmill=given.treadmill,
        name=given.name,
        notes=given.notes,
    )
    logged = log_run(ws, entry)
    where = "treadmill run" if given.treadmill else "run"
    return _out(f"{where} on {given.date}: {OUTCOME_WORDS[logged.outcome.value]}", logged.replanned)


@pages.post("/log/run")
def run_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    _log_run(ws, _run_entry(ws, form))
    return RedirectResponse("/log?saved=run", status_code=303)


@api.post(
    "/runs",
    summary="Log a run without a watch (outdoors or treadmill), then re-plan",
    dependencies=WRITE,
)
def post_run(ws: WorkspaceDep, given: RunIn) -> LoggedOut:
    return _log_run(ws, given)


def _check_in(ws: Workspace, given: CheckInIn) -> LoggedOut:
    done = check_in(
        ws,
        CheckInEntry(
            day=given.date,
            sleep_hours=given.sleep_hours,
            sleep_quality=None if given.sleep_quality is None else float(given.sleep_quality),
            stiffness=given.stiffness,
            ate_enough=given.ate_enough,
        ),
    )
    return _out(f"check-in of {done.saved.on}", done.replanned)


@pages.post("/log/check-in")
def check_in_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    ate = _text(form, "ate_enough")
    try:
        given = CheckInIn.model_validate(
            {
                "date": _text(form, "date"),
                "sleep_hours": _text(form, "sleep_hours"),
                "sleep_quality": _text(form, "sleep_quality"),
                "stiffness": _text(form, "stiffness"),
                "ate_enough": None if ate is None else ate == "yes",
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    _check_in(ws, given)
    return RedirectResponse("/log?saved=check-in", status_code=303)


@api.post(
    "/check-ins",
    summary="The daily check-in (merged with the day's earlier one), then re-plan",
    dependencies=WRITE,
)
def post_check_in(ws: WorkspaceDep, given: CheckInIn) -> LoggedOut:
    return _check_in(ws, given)


@api.patch(
    "/check-ins/{day}",
    summary="Correct a day's check-in (the fields given replace the logged ones), then re-plan",
    dependencies=WRITE,
)
def patch_check_in(ws: WorkspaceDep, day: DayPath, given: CheckInPatch) -> LoggedOut:
    done = edit_check_in(
        ws,
        day,
        CheckInEntry(
            sleep_hours=given.sleep_hours,
            sleep_quality=None if given.sleep_quality is None else float(given.sleep_quality),
            stiffness=given.stiffness,
            ate_enough=given.ate_enough,
        ),
    )
    return _out(f"check-in of {done.saved.on}", done.replanned)


def _session(ws: Workspace, given: SessionIn) -> LoggedOut:
    logged = log_session(
        ws,
        SessionEntry(
            kind=given.kind,
            minutes=given.minutes,
            day=given.date,
            clock=given.time,
            exercises=tuple(given.exercises),
            rpe=given.rpe,
        ),
    )
    saved = logged.saved
    return _out(
        f"{saved.kind.value} session of {saved.minutes:g} min on {saved.on}", logged.replanned
    )


@pages.post("/log/session")
def session_form(ws: WorkspaceDep, form: CheckedFormDep) -> RedirectResponse:
    exercises = [e for e in (_text(form, "exercises") or "").split(",") if e.strip()]
    try:
        given = SessionIn.model_validate(
            {
                "kind": _text(form, "kind"),
                "minutes": _text(form, "minutes"),
                "date": _text(form, "date"),
                "exercises": exercises,
                "rpe": _text(form, "rpe"),
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    _session(ws, given)
    return RedirectResponse("/log?saved=session", status_code=303)


@api.post(
    "/sessions",
    summary="Log a core, strength or cross-training session, then re-plan",
    dependencies=WRITE,
)
def post_session(ws: WorkspaceDep, given: SessionIn) -> LoggedOut:
    return _session(ws, given)


# -- corrections ---------------------------------------------------------------------


def _pain_edited(ws: Workspace, pain_id: int, given: PainEditIn) -> LoggedOut:
    done = edit_pain(ws, pain_id, PainEdit(**given.model_dump()))
    saved = done.saved
    return _out(f"pain {saved.score:g}/10 ({saved.timing.value})", done.replanned)


def _session_edited(ws: Workspace, session_id: int, given: SessionEditIn) -> LoggedOut:
    exercises = tuple(given.exercises) if given.exercises is not None else None
    edit = SessionEdit(kind=given.kind, minutes=given.minutes, exercises=exercises, rpe=given.rpe)
    done = edit_session(ws, session_id, edit)
    saved = done.saved
    return _out(f"{saved.kind.value} session of {saved.minutes:g} min", done.replanned)


@api.patch("/pain/{pain_id}", summary="Correct a pain report, then re-plan", dependencies=WRITE)
def patch_pain(ws: WorkspaceDep, pain_id: IdPath, given: PainEditIn) -> LoggedOut:
    return _pain_edited(ws, pain_id, given)


@api.patch("/sessions/{session_id}", summary="Correct a session, then re-plan", dependencies=WRITE)
def patch_session(ws: WorkspaceDep, session_id: IdPath, given: SessionEditIn) -> LoggedOut:
    return _session_edited(ws, session_id, given)


@pages.post("/log/pain/{pain_id}")
def pain_edit_form(ws: WorkspaceDep, form: CheckedFormDep, pain_id: IdPath) -> RedirectResponse:
    try:
        given = PainEditIn.model_validate(
            {"score": _text(form, "score"), "note": _text(form, "note")}
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    _pain_edited(ws, pain_id, given)
    return RedirectResponse("/log?saved=pain", status_code=303)


@pages.post("/log/session/{session_id}")
def session_edit_form(
    ws: WorkspaceDep, form: CheckedFormDep, session_id: IdPath
) -> RedirectResponse:
    try:
        given = SessionEditIn.model_validate({"minutes": _text(form, "minutes")})
    except ValidationError as exc:
        raise _invalid(exc) from None
    _session_edited(ws, session_id, given)
    return RedirectResponse("/log?saved=session", status_code=303)
