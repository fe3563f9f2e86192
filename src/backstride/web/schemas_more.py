"""The JSON shapes of the diary, screening, plan, routine, chart and config API (SI units)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from backstride.domain.backcare import PainTiming
from backstride.plan import PlanChange

Location = Literal["lower", "middle", "upper", "buttock", "leg"]
FlagId = Annotated[str, StringConstraints(min_length=1, max_length=40)]


class PainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    score: float = Field(ge=0, le=10, description="Pain now, 0 (none) to 10 (worst imaginable)")
    timing: PainTiming = Field(description="before, during, after (a run), next-morning or other")
    location: Location | None = None
    radiating: bool = False
    note: str | None = Field(None, max_length=500)
    red_flags: dict[FlagId, bool] | None = Field(
        None,
        max_length=14,
        description="Answers to the emergency questions 1-5 by id (all five, or none)",
    )


class ChangeOut(BaseModel):
    on: date
    rule: str
    what: str
    why: str
    made_on: date

    @classmethod
    def of(cls, change: PlanChange) -> ChangeOut:
        return cls(
            on=change.on,
            rule=change.rule,
            what=change.what,
            why=change.why,
            made_on=change.made_on,
        )


class RedFlagOut(BaseModel):
    id: str
    number: int
    question: str
    urgency: str
    advice: str


class PainOut(BaseModel):
    id: int
    at: datetime
    score: float
    timing: PainTiming
    activity_id: int | None
    severity_before: str
    severity_now: str
    answer: str
    changed_character: str | None
    positive_red_flags: list[RedFlagOut]
    plan_changes: list[ChangeOut]
    replan_problem: str | None
    advice: str | None


class ActiveFlagOut(BaseModel):
    flag: RedFlagOut
    answered_at: datetime


class ScreeningOut(BaseModel):
    questions: list[RedFlagOut]
    active: list[ActiveFlagOut]
    due: str | None


class ScreeningIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[FlagId, bool] = Field(
        min_length=1,
        max_length=14,
        description="Every one of the 14 questions by id, or the emergency questions 1-5",
    )


class ScreeningResult(BaseModel):
    positive: list[RedFlagOut]
    plan_changes: list[ChangeOut]


class ClearIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: FlagId | None = Field(None, description="One question id; default all")
    note: str | None = Field(None, max_length=300, description="Who assessed you, and when")


class ClearOut(BaseModel):
    cleared: int
    plan_changes: list[ChangeOut]


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal: str = Field(
        min_length=3,
        max_length=60,
        examples=["weekly:25km", "race:10k@2027-03-15"],
        description="weekly:DISTANCE or race:DISTANCE@DATE (5k, 10k, half, marathon)",
    )
    days: str | None = Field(None, max_length=60, examples=["mon,wed,fri,sat"])
    long_run_day: str | None = Field(None, max_length=10, examples=["sat"])
    weeks: int | None = Field(None, ge=1, le=104)
    start_week: str | None = Field(None, max_length=20, examples=["8km"])
    confirm_start: bool = False


class PlanSessionOut(BaseModel):
    date: date
    slot: int
    kind: str
    text: str
    run_type: str | None
    distance_m: float | None
    duration_s: float | None
    routines: list[str]
    effort: str
    notes: list[str]
    changed: bool


class PlanWeekOut(BaseModel):
    start: date
    block: str
    target_m: float
    posture_cue: str


class PlanOut(BaseModel):
    saved: bool
    goal: str
    start: date
    end: date
    stopped_on: date | None
    warnings: list[str]
    needs_confirmation: bool
    weeks: list[PlanWeekOut]
    sessions: list[PlanSessionOut]
    changes: list[ChangeOut]


class WhyOut(BaseModel):
    date: date
    sessions: list[PlanSessionOut]
    changes: list[ChangeOut]
    explanation: list[str]


class RoutineStepOut(BaseModel):
    label: str
    seconds: int
    phase: str
    cues: list[str]


class RoutineSummaryOut(BaseModel):
    name: str
    title: str
    kind: str
    seconds: int
    summary: str


class RoutineDetailOut(RoutineSummaryOut):
    timeline: list[RoutineStepOut]


class RoutineDoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: int | None = Field(
        None, ge=1, le=2**62, description="The run a warm-up or cool-down belongs to"
    )


class RoutineDoneOut(BaseModel):
    recorded: bool
    message: str
    plan_changes: list[ChangeOut]


class PainWeekOut(BaseModel):
    week_start: date
    distance_m: float
    average_pain: float | None
    next_morning_pain: float | None
    reports: int


class PainChartOut(BaseModel):
    weeks: list[PainWeekOut]


class LoadDayOut(BaseModel):
    date: date
    acute: float
    chronic: float
    ratio: float | None


class MonotonyOut(BaseModel):
    week_start: date
    weekly_load: float
    monotony: float | None
    strain: float | None


class LoadOut(BaseModel):
    caveat: str
    acwr: list[LoadDayOut]
    monotony: list[MonotonyOut]


class ParamOut(BaseModel):
    key: str
    value: float
    default: float
    low: float
    high: float
    unit: str
    note: str


class RuleConfigOut(BaseModel):
    rule: str
    title: str
    enabled: bool
    note: str
    source: str
    strength: str
    params: list[ParamOut]


class ConfigOut(BaseModel):
    week_start: str
    rules: list[RuleConfigOut]


class ConfigIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    week_start: (
        Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] | None
    ) = None
    values: dict[Annotated[str, StringConstraints(max_length=80)], float] = Field(
        default_factory=dict,
        max_length=100,
        examples=[{"weekly-ramp.max_increase_km": 3, "run-days.max_days": 4}],
        description="RULE.SETTING -> value; distances with _km or _mi in the key",
    )
    enabled: dict[Annotated[str, StringConstraints(max_length=40)], bool] = Field(
        default_factory=dict, max_length=50
    )
