"""The pain check-in's JSON (SI units)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from backstride.domain.backcare import PainTiming
from backstride.services.log_pain import MAX_SCORE, NOTE_LENGTH, PainLogged
from backstride.services.screen import RedFlagOut
from backstride.services.show_plan import PlanChangeOut, changes_out

Location = Literal["lower", "middle", "upper", "buttock", "leg"]
FlagId = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class PainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    score: float = Field(
        ge=0, le=MAX_SCORE, description="Pain now, 0 (none) to 10 (worst imaginable)"
    )
    timing: PainTiming = Field(description="before, during, after (a run), next-morning or other")
    location: Location | None = None
    radiating: bool = False
    numbness: bool = Field(False, description="Numbness or pins and needles came with it")
    note: str | None = Field(None, max_length=NOTE_LENGTH)
    red_flags: dict[FlagId, bool] | None = Field(
        None,
        max_length=14,
        description="Answers to the emergency questions 1-5 by id (all five, or none)",
    )


class PainOut(BaseModel):
    id: int
    at: datetime
    score: float
    timing: PainTiming
    numbness: bool
    activity_id: int | None
    severity_before: str
    severity_now: str
    answer: str
    changed_character: str | None
    positive_red_flags: list[RedFlagOut]
    plan_changes: list[PlanChangeOut]
    replan_problem: str | None
    advice: str | None

    @classmethod
    def of(cls, logged: PainLogged) -> PainOut:
        report = logged.report
        return cls(
            id=report.id or 0,
            at=report.at,
            score=report.score,
            timing=report.timing,
            numbness=report.numbness,
            activity_id=report.activity_id,
            severity_before=logged.severity_before.value,
            severity_now=logged.severity_now.value,
            answer=logged.answer,
            changed_character=logged.changed_character,
            positive_red_flags=[RedFlagOut.of(f) for f in logged.positives],
            plan_changes=changes_out(logged.replanned.changes),
            replan_problem=logged.replanned.problem,
            advice=logged.advice,
        )
