"""The screening as a page and as /api: the questions, the answers, the clearance. The
advice says how soon to get assessed and never names a diagnosis."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from backstride.rules import RED_FLAGS, RED_FLAGS_BY_ID
from backstride.services.screen import (
    AnswerOut,
    RedFlagOut,
    active_red_flags,
    answer_screening,
    clear_red_flags,
    correct_answer,
    latest_answers,
    questions_out,
    screening_reason,
)
from backstride.services.show_plan import changes_out
from backstride.web.deps import CheckedFormDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.params import IdPath
from backstride.web.render import render
from backstride.web.screening.schemas import (
    ActiveFlagOut,
    AnswerCorrectedOut,
    AnswerCorrectionIn,
    ClearIn,
    ClearOut,
    ScreeningIn,
    ScreeningOut,
    ScreeningResult,
)

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["back care"])
Token = Annotated[None, Depends(checked_token_header)]


@pages.get("/screening", response_class=HTMLResponse)
def screening_page(
    request: Request,
    ws: WorkspaceDep,
    done: bool = False,
    cleared: int = -1,
    corrected: int = 0,
) -> HTMLResponse:
    answers = latest_answers(ws)
    return render(
        request,
        "screening.html",
        "screening",
        title="Screening",
        flags=RED_FLAGS,
        due=screening_reason(ws),
        done=done,
        cleared=cleared,
        answers=answers,
        corrected=next((a for a in answers if a.number == corrected), None),
    )


@pages.post("/screening")
def screening_form(ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    answers = {}
    for flag_id in RED_FLAGS_BY_ID:  # yes/no radios; unanswered questions are left out
        value = form.get(f"flag_{flag_id}")
        if value in ("yes", "no"):
            answers[flag_id] = value == "yes"
    answer_screening(ws, answers)
    return RedirectResponse("/screening?done=true", status_code=303)


@pages.post("/screening/answers/{answer_id}")
def correct_form(ws: WorkspaceDep, form: CheckedFormDep, answer_id: IdPath) -> Response:
    value = form.get("answer")
    if value not in ("yes", "no"):
        raise ApiError(422, "invalid", "the answer must be yes or no", "answer")
    corrected = correct_answer(ws, answer_id, value == "yes")
    return RedirectResponse(
        f"/screening?corrected={corrected.flag.number}#answers", status_code=303
    )


@pages.post("/screening/clear")
def clear_form(ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    question, note = form.get("question"), form.get("note")
    cleared = clear_red_flags(
        ws,
        question if isinstance(question, str) and question else None,
        note if isinstance(note, str) else None,
    )
    return RedirectResponse(f"/screening?cleared={cleared.cleared}", status_code=303)


@api.get("/screening", summary="The red-flag questions, active flags, and whether due")
def get_screening(ws: WorkspaceDep) -> ScreeningOut:
    return ScreeningOut(
        questions=questions_out(),
        active=[ActiveFlagOut.of(a) for a in active_red_flags(ws)],
        due=screening_reason(ws),
    )


@api.post("/screening", summary="Answer the red-flag questions (all of them, or 1-5), then re-plan")
def post_screening(ws: WorkspaceDep, given: ScreeningIn, _token: Token) -> ScreeningResult:
    screened = answer_screening(ws, given.answers)
    return ScreeningResult(
        positive=[RedFlagOut.of(f) for f in screened.positives],
        plan_changes=changes_out(screened.replanned.changes),
    )


@api.post(
    "/screening/clear",
    summary="Record a clinician's clearance (as `backstride screen clear`), then re-plan",
)
def post_clear(ws: WorkspaceDep, given: ClearIn, _token: Token) -> ClearOut:
    cleared = clear_red_flags(ws, given.question, given.note)
    return ClearOut(cleared=cleared.cleared, plan_changes=changes_out(cleared.replanned.changes))


@api.get("/screening/answers", summary="Your latest answer to each question, to correct one")
def get_answers(ws: WorkspaceDep) -> list[AnswerOut]:
    return latest_answers(ws)


@api.patch(
    "/screening/answers/{answer_id}",
    summary="Correct one answer (a clearance stays on record), then re-plan",
)
def patch_answer(
    ws: WorkspaceDep, answer_id: IdPath, given: AnswerCorrectionIn, _token: Token
) -> AnswerCorrectedOut:
    corrected = correct_answer(ws, answer_id, given.positive)
    return AnswerCorrectedOut(
        answer=AnswerOut.of(corrected.answer, corrected.raised),
        raised=corrected.raised,
        plan_changes=changes_out(corrected.replanned.changes),
    )
