"""The pain check-in and the red-flag screening, as pages and as /api.

Both write through `web.diary` (the store calls of `backstride log pain` and
`backstride screen`, then the re-plan hook) and never name a diagnosis.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from backstride.rules import RED_FLAGS, RED_FLAGS_BY_ID, RedFlag
from backstride.rules.redflags import screening_due
from backstride.web.deps import (
    CheckedFormDep,
    DiaryDep,
    HistoryDep,
    RulesConfigDep,
    StoreDep,
    TodayDep,
    checked_token_header,
)
from backstride.web.diary import (
    EMERGENCY_IDS,
    PainInput,
    active_flags,
    clear,
    log_pain,
    screen,
)
from backstride.web.errors import ApiError
from backstride.web.pages import render
from backstride.web.plan_views import changes_out
from backstride.web.schemas import ERROR_RESPONSES
from backstride.web.schemas_more import (
    ActiveFlagOut,
    ClearIn,
    ClearOut,
    PainIn,
    PainOut,
    RedFlagOut,
    ScreeningIn,
    ScreeningOut,
    ScreeningResult,
)

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["back care"])
Token = Annotated[None, Depends(checked_token_header)]


def flag_out(flag: RedFlag) -> RedFlagOut:
    return RedFlagOut(
        id=flag.id,
        number=flag.number,
        question=flag.question,
        urgency=flag.urgency.value,
        advice=flag.advice,
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


# -- pages -------------------------------------------------------------------------


@pages.post("/pain")
def pain_form(
    store: StoreDep,
    history: HistoryDep,
    config: RulesConfigDep,
    today: TodayDep,
    form: CheckedFormDep,
) -> Response:
    """The Today check-in: a score, a timing button, and optionally the rest."""
    location = form.get("location") or None
    answers = _answers(form, EMERGENCY_IDS)
    try:
        given = PainIn.model_validate(
            {
                "score": form.get("score"),
                "timing": form.get("timing"),
                "location": location,
                "radiating": form.get("radiating") == "on",
                "note": form.get("note") or None,
                "red_flags": answers or None,
            }
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    logged = log_pain(store, history, config, today, PainInput(**given.model_dump()))
    query = {
        "logged": f"{logged.report.score:g}",
        "timing": logged.report.timing.value,
        "was": logged.was.value,
        "changes": str(len(logged.replanned.changes)),
    }
    if logged.changed_character:
        query["character"] = logged.changed_character
    if logged.advice:
        query["advice"] = "during"
    return RedirectResponse(f"/?{urlencode(query)}#checked-in", status_code=303)


@pages.get("/screening", response_class=HTMLResponse)
def screening_page(
    request: Request, history: DiaryDep, done: bool = False, cleared: int = -1
) -> HTMLResponse:
    return render(
        request,
        "screening.html",
        "screening",
        title="Screening",
        flags=RED_FLAGS,
        due=screening_due(history),
        done=done,
        cleared=cleared,
    )


@pages.post("/screening")
def screening_form(
    store: StoreDep, config: RulesConfigDep, today: TodayDep, form: CheckedFormDep
) -> Response:
    screen(store, config, today, _answers(form, tuple(RED_FLAGS_BY_ID)))
    return RedirectResponse("/screening?done=true", status_code=303)


@pages.post("/screening/clear")
def clear_form(
    store: StoreDep, config: RulesConfigDep, today: TodayDep, form: CheckedFormDep
) -> Response:
    question, note = form.get("question"), form.get("note")
    cleared, _ = clear(
        store,
        config,
        today,
        question if isinstance(question, str) and question else None,
        note if isinstance(note, str) else None,
    )
    return RedirectResponse(f"/screening?cleared={cleared}", status_code=303)


# -- API ---------------------------------------------------------------------------


@api.post("/pain", summary="Log a pain report (as `backstride log pain`), then re-plan")
def post_pain(
    store: StoreDep,
    history: HistoryDep,
    config: RulesConfigDep,
    today: TodayDep,
    given: PainIn,
    _token: Token,
) -> PainOut:
    logged = log_pain(store, history, config, today, PainInput(**given.model_dump()))
    report = logged.report
    return PainOut(
        id=report.id or 0,
        at=report.at,
        score=report.score,
        timing=report.timing,
        activity_id=report.activity_id,
        severity_before=logged.was.value,
        severity_now=logged.now.value,
        answer=logged.answer,
        changed_character=logged.changed_character,
        positive_red_flags=[flag_out(f) for f in logged.positives],
        plan_changes=changes_out(logged.replanned.changes),
        replan_problem=logged.replanned.problem,
        advice=logged.advice,
    )


@api.get("/screening", summary="The 14 red-flag questions, active flags, and whether due")
def get_screening(store: StoreDep, history: DiaryDep) -> ScreeningOut:
    return ScreeningOut(
        questions=[flag_out(f) for f in RED_FLAGS],
        active=[
            ActiveFlagOut(flag=flag_out(a.flag), answered_at=a.answered_at)
            for a in active_flags(store.red_flag_answers())
        ],
        due=screening_due(history),
    )


@api.post("/screening", summary="Answer the red-flag questions (all 14, or 1-5), then re-plan")
def post_screening(
    store: StoreDep, config: RulesConfigDep, today: TodayDep, given: ScreeningIn, _token: Token
) -> ScreeningResult:
    positives, replanned = screen(store, config, today, given.answers)
    return ScreeningResult(
        positive=[flag_out(f) for f in positives], plan_changes=changes_out(replanned.changes)
    )


@api.post(
    "/screening/clear",
    summary="Record a clinician's clearance (as `backstride screen clear`), then re-plan",
)
def post_clear(
    store: StoreDep, config: RulesConfigDep, today: TodayDep, given: ClearIn, _token: Token
) -> ClearOut:
    cleared, replanned = clear(store, config, today, given.question, given.note)
    return ClearOut(cleared=cleared, plan_changes=changes_out(replanned.changes))
