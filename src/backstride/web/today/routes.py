"""The Today page and /api/status; the pain check-in as a form and as /api/pain."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from backstride.domain.backcare import PainTiming
from backstride.plan.model import causes
from backstride.rules import Severity
from backstride.rules.redflags import EMERGENCY_FLAGS
from backstride.services.log_pain import LOCATIONS, PainEntry, log_pain, pain_advice, place_pain
from backstride.services.logged_today import logged_on
from backstride.services.show_plan import PlanDayOut, current_plan
from backstride.services.status import StatusOut, today_status
from backstride.services.workspace import Workspace
from backstride.units import format_distance
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.params import DayQuery
from backstride.web.render import render
from backstride.web.today.schemas import PainIn, PainOut
from backstride.web.today.views import TIMING_LABELS, CheckedIn
from backstride.web.week.views import days_to_come
from backstride.web.welcome.routes import is_new

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["today"])
EMERGENCY_IDS = tuple(f.id for f in EMERGENCY_FLAGS)


@pages.get("/", response_class=HTMLResponse)
def today_page(
    request: Request,
    ws: WorkspaceDep,
    logged: Annotated[float | None, Query(ge=0, le=10)] = None,
    timing: PainTiming | None = None,
    was: Severity | None = None,
    changes: Annotated[int, Query(ge=0, le=1000)] = 0,
    character: Annotated[str | None, Query(max_length=40)] = None,
    advice: Annotated[str | None, Query(max_length=20)] = None,  # older links; now worked out
    welcome: Annotated[str | None, Query(max_length=10)] = None,  # "skip": stay on Today
) -> Response:
    if welcome is None and is_new(ws):
        return RedirectResponse("/welcome", status_code=303)
    answer = today_status(ws)
    today = answer.date
    units = ws.athlete().units
    plan = current_plan(ws)
    planned = PlanDayOut.of(plan, today, units) if plan is not None else None
    checked_in = None
    if logged is not None and timing is not None and was is not None:
        said = pain_advice(logged, timing, ws.rules())
        checked_in = CheckedIn(logged, timing, was, answer.severity, changes, character, said)
    return render(
        request,
        "today.html",
        "today",
        title="Today",
        status=answer,
        week_distance=format_distance(answer.week.distance_m, units),
        to_come=days_to_come(answer.week.week_start, today),
        has_runs=bool(ws.history().activities),
        planned=planned,
        due=answer.screening_due,
        emergency=EMERGENCY_FLAGS,
        locations=LOCATIONS,
        timings=TIMING_LABELS,
        checked_in=checked_in,
        logged=logged_on(ws, today),
        plan_changes_total=len(causes(plan.changes)) if plan is not None else None,
    )


def _answers(form: CheckedFormDep, ids: tuple[str, ...]) -> dict[str, bool]:
    """yes/no radio answers by question id; unanswered questions are left out."""
    out = {}
    for flag_id in ids:
        value = form.get(f"flag_{flag_id}")
        if value in ("yes", "no"):
            out[flag_id] = value == "yes"
    return out


def _invalid(exc: ValidationError) -> ApiError:
    first = exc.errors()[0]
    field = ".".join(str(p) for p in first.get("loc", ())) or None
    return ApiError(422, "invalid", f"{field or 'form'}: {first.get('msg', 'is not valid')}", field)


def _logged(ws: Workspace, given: PainIn) -> PainOut:
    entry = PainEntry(
        given.score,
        given.timing,
        given.location,
        given.radiating,
        given.note,
        numbness=given.numbness,
    )
    return PainOut.of(log_pain(ws, place_pain(ws, entry), given.red_flags))


@pages.post("/pain")
def pain_form(ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    """The Today check-in: a score, a timing button, and optionally the rest."""
    answers = _answers(form, EMERGENCY_IDS)
    try:
        given = PainIn.model_validate(
            {
                "score": form.get("score"),
                "timing": form.get("timing"),
                "location": form.get("location") or None,
                "radiating": form.get("radiating") == "on",
                "numbness": form.get("numbness") == "on",
                "note": form.get("note") or None,
                "red_flags": answers or None,
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    logged = _logged(ws, given)
    query = {
        "logged": f"{logged.score:g}",
        "timing": logged.timing.value,
        "was": logged.severity_before,
        "changes": str(len(logged.plan_changes)),
    }
    if logged.changed_character:
        query["character"] = logged.changed_character
    return RedirectResponse(f"/?{urlencode(query)}#checked-in", status_code=303)


@api.get("/status", summary="Today's answer: may I run, how far, how")
def get_status(ws: WorkspaceDep, day: DayQuery = None) -> StatusOut:
    return today_status(ws, day)


@api.post(
    "/pain",
    summary="Log a pain report (as `backstride log pain`), then re-plan",
    dependencies=[Depends(checked_token_header)],
)
def post_pain(ws: WorkspaceDep, given: PainIn) -> PainOut:
    return _logged(ws, given)
