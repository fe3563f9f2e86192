"""The screening's JSON; a question is `services.screen.RedFlagOut`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from backstride.rules.redflags import RED_FLAGS
from backstride.services import text
from backstride.services.screen import ActiveFlag, AnswerOut, RedFlagOut
from backstride.services.show_plan import PlanChangeOut

FlagId = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class ActiveFlagOut(BaseModel):
    flag: RedFlagOut
    answered_at: datetime

    @classmethod
    def of(cls, active: ActiveFlag) -> ActiveFlagOut:
        return cls(flag=RedFlagOut.of(active.flag), answered_at=active.answered_at)


class ScreeningOut(BaseModel):
    questions: list[RedFlagOut]
    active: list[ActiveFlagOut]
    due: str | None


class ScreeningIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[FlagId, bool] = Field(
        min_length=1,
        max_length=len(RED_FLAGS),
        description=f"Every one of the {len(RED_FLAGS)} questions by id, or the emergency "
        "questions 1-5",
    )


class ScreeningResult(BaseModel):
    positive: list[RedFlagOut]
    plan_changes: list[PlanChangeOut]


class ClearIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: FlagId | None = Field(None, description="One question id; default all")
    note: str | None = Field(
        None, max_length=text.NOTE_LENGTH, description="Who assessed you, and when"
    )


class ClearOut(BaseModel):
    cleared: int
    plan_changes: list[PlanChangeOut]


class AnswerCorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    positive: bool = Field(description="What the answer should have been: true for yes")


class AnswerCorrectedOut(BaseModel):
    answer: AnswerOut
    raised: bool = Field(description="The answer is now a red flag in force")
    plan_changes: list[PlanChangeOut]
