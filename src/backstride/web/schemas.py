"""The JSON shapes of the API (SI units, ISO dates), as pydantic models for OpenAPI."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from pydantic import BaseModel, ConfigDict, Field, field_validator

from backstride.domain.activity import Activity, Sport, Units
from backstride.ingest.pipeline import ImportReport
from backstride.rules import Finding
from backstride.store import GearItem
from backstride.training.weekly import WeekFigures


@cache
def time_zones() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(available_timezones())


def is_time_zone(name: str) -> bool:
    return name in time_zones()


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable code, e.g. invalid, not-found, csrf, too-large")
    message: str = Field(description="One line: what is wrong and how to fix it")
    field: str | None = Field(None, description="The parameter or field at fault, if one")


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Bad request or unexpected Host header"),
        (403, "Cross-site request refused"),
        (404, "Not found"),
        (413, "Upload too large"),
        (422, "Validation error"),
    )
}


class ActivityOut(BaseModel):
    id: int
    start_utc: datetime
    local_date: date
    sport: Sport
    name: str | None
    distance_m: float | None
    moving_s: float | None
    elapsed_s: float
    avg_hr: float | None
    avg_cadence_spm: float | None
    gear: str | None
    source_format: str

    @classmethod
    def of(cls, activity: Activity, day: date) -> ActivityOut:
        return cls(
            id=activity.id or 0,
            start_utc=activity.start_utc,
            local_date=day,
            sport=activity.sport,
            name=activity.name,
            distance_m=activity.distance_m,
            moving_s=activity.moving_s,
            elapsed_s=activity.elapsed_s,
            avg_hr=activity.avg_hr,
            avg_cadence_spm=activity.avg_cadence_spm,
            gear=activity.gear,
            source_format=activity.source_format.value,
        )


class ActivityPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ActivityOut]


class RoutineOut(BaseModel):
    name: str
    state: str = Field(description="done, not-done or unknown")
    text: str


class SampleSeries(BaseModel):
    time_s: list[float]
    values: list[float | None]


class ActivityDetailOut(BaseModel):
    activity: ActivityOut
    sample_count: int
    columns: list[str]
    routines: list[RoutineOut]


class ShoeOut(BaseModel):
    id: int
    name: str
    kind: str
    distance_m: float
    replace_at_m: float
    share_of_threshold: float
    retired: bool
    worn: bool
    is_default: bool
    activities: int

    @classmethod
    def of(cls, item: GearItem, default_replace_at_m: float) -> ShoeOut:
        limit = item.replace_at_m or default_replace_at_m
        return cls(
            id=item.gear.id or 0,
            name=item.gear.name,
            kind=item.gear.kind,
            distance_m=item.gear.distance_m,
            replace_at_m=limit,
            share_of_threshold=item.gear.distance_m / limit if limit > 0 else 0.0,
            retired=item.gear.retired,
            worn=item.worn,
            is_default=item.is_default,
            activities=item.gear.activity_count,
        )


class FindingOut(BaseModel):
    rule: str
    severity: str
    message: str
    date: str | None = None
    week_start: str | None = None
    values: dict[str, float | int | str | bool | None]
    source: str

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        return cls.model_validate(finding.to_json())


class WeekFiguresOut(BaseModel):
    week_start: date
    distance_m: float
    run_days: int
    rest_days: int
    speed_min: float
    runs: int
    core_sessions: int
    cross_sessions: int
    longest_run_m: float

    @classmethod
    def of(cls, week: WeekFigures) -> WeekFiguresOut:
        return cls.model_validate(week, from_attributes=True)


class StatusOut(BaseModel):
    today: date
    answer: str
    severity: str
    red_flags: list[FindingOut]
    pain: list[FindingOut]
    this_week: list[FindingOut]
    shoes: list[FindingOut]
    if_you_run_today: list[FindingOut]
    week: WeekFiguresOut


class RuleLineOut(BaseModel):
    rule: str
    title: str
    state: str = Field(description="ok, advice, warning, hold or stop")
    source: str
    strength: str
    findings: list[FindingOut]


class WeekOut(BaseModel):
    week_start: date
    week_end: date
    figures: WeekFiguresOut
    rules: list[RuleLineOut]


class WeekDistance(BaseModel):
    week_start: date
    distance_m: float


class WeeklyDistanceOut(BaseModel):
    weeks: list[WeekDistance]


class ImportReportOut(BaseModel):
    imported: int
    merged: int
    duplicates: int
    skipped: int
    failed: list[str]
    warnings: list[str]
    interrupted: bool

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls.model_validate(report.as_dict())


class SettingsOut(BaseModel):
    name: str
    units: Units
    time_zone: str


class SettingsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: Units | None = None
    time_zone: str | None = Field(None, max_length=64, examples=["Europe/Paris"])

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None and not is_time_zone(value):
            raise ValueError(f"unknown time zone {value!r}: use an IANA name like Europe/Paris")
        return value
