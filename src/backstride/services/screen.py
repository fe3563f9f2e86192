"""Answer the red-flag questions, and record a clinician's clearance; then re-plan.

A screening answers all 16 questions, or the emergency questions 1-5 alone (as a pain
check-in asks them). The advice says how soon to get assessed; it never names a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from backstride.domain.backcare import RedFlagAnswer, Urgency
from backstride.rules import RED_FLAGS, RED_FLAGS_BY_ID, RedFlag, Severity
from backstride.rules.redflags import EMERGENCY_FLAGS, SEVERITY, is_active, screening_due
from backstride.services import text
from backstride.services.errors import Invalid, NotFound
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace


def checked_answers(
    answers: Mapping[str, bool], asked: Sequence[RedFlag], field: str
) -> dict[str, bool]:
    """The answers by question id, refused (`Invalid` on `field`) when one names no
    question or one of `asked` has no answer."""
    unknown = sorted(set(answers) - set(RED_FLAGS_BY_ID))
    if unknown:
        raise Invalid(f"there is no red-flag question {unknown[0]!r}", field)
    missing = [str(f.number) for f in asked if f.id not in answers]
    if missing:
        said = "has no answer" if len(missing) == 1 else "have no answer"
        raise Invalid(f"answer every question asked: {', '.join(missing)} {said}", field)
    return dict(answers)


def save_answers(ws: Workspace, answers: Mapping[str, bool], at: datetime) -> tuple[RedFlag, ...]:
    """Store every answer; the questions answered yes, in their order."""
    ws.store.add_red_flag_answers([RedFlagAnswer(q, at, yes) for q, yes in answers.items()])
    return tuple(sorted((RED_FLAGS_BY_ID[q] for q, yes in answers.items() if yes), key=_number))


def _number(flag: RedFlag) -> int:
    return flag.number


@dataclass(frozen=True)
class Screened:
    """What a screening saved: how many answers, the positive questions, the re-plan."""

    answered: int
    positives: tuple[RedFlag, ...]
    replanned: Replanned


def answer_screening(ws: Workspace, answers: Mapping[str, bool]) -> Screened:
    """Save a screening (all 16 answers, or the emergency questions 1-5), then re-plan."""
    asked = RED_FLAGS if len(answers) > len(EMERGENCY_FLAGS) else EMERGENCY_FLAGS
    given = checked_answers(answers, asked, "answers")
    positives = save_answers(ws, given, ws.now())
    return Screened(len(given), positives, replan(ws))


@dataclass(frozen=True)
class Cleared:
    cleared: int
    replanned: Replanned


def clear_red_flags(ws: Workspace, question: str | None = None, note: str | None = None) -> Cleared:
    """A clinician assessed the runner: clear the active red flags (one question or all),
    then re-plan when any was cleared."""
    if question is not None and question not in RED_FLAGS_BY_ID:
        raise Invalid(f"{question!r} is not a red-flag question", "question")
    cleared = ws.store.clear_red_flags(ws.now(), question=question, note=text.note(note) or None)
    return Cleared(cleared, replan(ws) if cleared else Replanned())


@dataclass(frozen=True)
class ActiveFlag:
    flag: RedFlag
    answered_at: datetime


def active_flags(answers: Sequence[RedFlagAnswer]) -> list[ActiveFlag]:
    """Positive answers not yet cleared, most urgent first (one per question)."""
    latest: dict[str, RedFlagAnswer] = {}
    for a in answers:
        if a.positive and a.cleared_at is None and a.question in RED_FLAGS_BY_ID:
            latest[a.question] = a
    out = [ActiveFlag(RED_FLAGS_BY_ID[q], a.answered_at) for q, a in latest.items()]
    order = list(Urgency)
    return sorted(out, key=lambda f: (order.index(f.flag.urgency), f.flag.number))


class RedFlagOut(BaseModel):
    """A red-flag question, how urgent a yes is and what to do then."""

    id: str
    number: int
    question: str
    urgency: Urgency
    severity: Severity
    advice: str

    @classmethod
    def of(cls, flag: RedFlag) -> RedFlagOut:
        return cls(
            id=flag.id,
            number=flag.number,
            question=flag.question,
            urgency=flag.urgency,
            severity=SEVERITY[flag.urgency],
            advice=flag.advice,
        )


def questions_out() -> list[RedFlagOut]:
    """The 16 questions, in order."""
    return [RedFlagOut.of(f) for f in RED_FLAGS]


class AnswerOut(BaseModel):
    """The runner's latest answer to one question: `id` is what a correction names."""

    id: int
    question: str  # the question's id, e.g. "bladder"
    number: int
    text: str
    positive: bool
    answered_at: datetime
    cleared_at: datetime | None = None  # a clinician's clearance, kept through corrections
    active: bool  # a red flag in force now

    @classmethod
    def of(cls, answer: RedFlagAnswer, active: bool) -> AnswerOut:
        flag = RED_FLAGS_BY_ID[answer.question]
        return cls(
            id=answer.id or 0,
            question=flag.id,
            number=flag.number,
            text=flag.question,
            positive=answer.positive,
            answered_at=answer.answered_at,
            cleared_at=answer.cleared_at,
            active=active,
        )


def latest_answers(ws: Workspace) -> list[AnswerOut]:
    """The latest answer to each question asked now, in the questions' order."""
    latest: dict[str, RedFlagAnswer] = {}
    for answer in ws.store.red_flag_answers():  # oldest first
        if answer.question in RED_FLAGS_BY_ID and answer.id is not None:
            latest[answer.question] = answer
    zone, today = ws.athlete().time_zone, ws.today()
    return [
        AnswerOut.of(latest[f.id], is_active(latest[f.id], today, zone))
        for f in RED_FLAGS
        if f.id in latest
    ]


def latest_answer_id(ws: Workspace, question: str) -> int:
    """The id of the latest answer to `question` (an id such as "bladder");
    `NotFound` when it was never answered."""
    found = next((a.id for a in latest_answers(ws) if a.question == question), None)
    if found is None:
        flag = RED_FLAGS_BY_ID[question]
        raise NotFound(
            f"question {flag.number} has not been answered yet: answer the screening first",
            "question",
        )
    return found


@dataclass(frozen=True)
class AnswerCorrected:
    """A corrected answer: as it is now, whether it raised a red flag, the re-plan."""

    answer: RedFlagAnswer
    flag: RedFlag
    raised: bool  # the answer is now a red flag in force (as the same yes in a screening)
    replanned: Replanned


def correct_answer(ws: Workspace, answer_id: int, positive: bool) -> AnswerCorrected:
    """Correct one screening answer, then re-plan. A yes that no clinician has cleared is
    a red flag from the day it was answered, exactly as if the screening had said yes; a
    clearance stays on record whichever way the answer is corrected. `NotFound` for
    another runner's or no answer; `Invalid` when the answer already says so."""
    found = next((a for a in ws.store.red_flag_answers() if a.id == answer_id), None)
    if found is None or found.question not in RED_FLAGS_BY_ID:
        raise NotFound(f"there is no red-flag answer {answer_id}", "id")
    flag = RED_FLAGS_BY_ID[found.question]
    if found.positive == positive:
        said = "yes" if positive else "no"
        raise Invalid(f"question {flag.number} already says {said}: nothing to change", "positive")
    corrected = ws.store.correct_red_flag_answer(answer_id, positive)
    raised = is_active(corrected, ws.today(), ws.athlete().time_zone)
    return AnswerCorrected(corrected, flag, raised, replan(ws))


def positive_answers(ws: Workspace) -> list[RedFlagAnswer]:
    """Every yes ever answered, cleared or not, oldest first."""
    return [a for a in ws.store.red_flag_answers() if a.positive]


def active_red_flags(ws: Workspace) -> list[ActiveFlag]:
    """The red flags in force now: answered yes, not yet cleared, most urgent first."""
    return active_flags(ws.store.red_flag_answers())


def screening_reason(ws: Workspace) -> str | None:
    """Why the red-flag questions should be answered now (never answered, or the pain
    changed character since), or None."""
    return screening_due(ws.diary())
