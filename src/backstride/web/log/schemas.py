"""What the Log page and its API take and give (SI units in JSON)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from backstride.domain.backcare import PainTiming, SessionKind
from backstride.services import text
from backstride.services.show_plan import PlanChangeOut

NAME_LENGTH = text.RUN_NAME_LENGTH
NOTE_LENGTH = text.RUN_NOTES_LENGTH


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date = Field(description="The local day of the run")
    time: dt.time = Field(dt.time(7, 0), description="Local start time")
    distance_m: float = Field(gt=0, le=1_000_000, description="Metres")
    duration_s: float = Field(gt=0, le=7 * 24 * 3600, description="Seconds of running")
    shoe: str | None = Field(None, max_length=NAME_LENGTH)
    rpe: float | None = Field(None, ge=0, le=10, description="How hard it felt, 0 to 10")
    treadmill: bool = False
    name: str | None = Field(None, max_length=NAME_LENGTH)
    notes: str | None = Field(None, max_length=NOTE_LENGTH)


class CheckInIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = Field(None, description="Default today")
    sleep_hours: float | None = Field(None, ge=0, le=24)
    sleep_quality: int | None = Field(None, ge=1, le=5, description="1 (badly) to 5 (very well)")
    stiffness: float | None = Field(None, ge=0, le=10, description="Morning stiffness, 0 to 10")
    ate_enough: bool | None = None


class CheckInPatch(BaseModel):
    """A correction of a day's check-in: the fields given replace the logged ones."""

    model_config = ConfigDict(extra="forbid")

    sleep_hours: float | None = Field(None, ge=0, le=24)
    sleep_quality: int | None = Field(None, ge=1, le=5, description="1 (badly) to 5 (very well)")
    stiffness: float | None = Field(None, ge=0, le=10, description="Morning stiffness, 0 to 10")
    ate_enough: bool | None = None


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: SessionKind
    minutes: float = Field(gt=0, le=24 * 60)
    date: dt.date | None = Field(None, description="Default today")
    time: dt.time | None = None
    exercises: list[str] = Field(default_factory=list, max_length=50)
    rpe: float | None = Field(None, ge=0, le=10)


class LoggedOut(BaseModel):
    """What was saved, in words, and what the re-plan changed."""

    saved: str
    plan_changes: list[PlanChangeOut]


class PainEditIn(BaseModel):
    """What to change in a pain report; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    score: float | None = Field(None, ge=0, le=10)
    timing: PainTiming | None = None
    location: str | None = Field(None, max_length=16, description="'' clears it")
    radiating: bool | None = None
    numbness: bool | None = None
    note: str | None = Field(None, max_length=text.NOTE_LENGTH, description="'' clears it")


class SessionEditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: SessionKind | None = None
    minutes: float | None = Field(None, gt=0, le=24 * 60)
    exercises: list[str] | None = Field(None, max_length=50)
    rpe: float | None = Field(None, ge=0, le=10)
