"""The activities' JSON beyond the one activity shape (`services.activities.ActivityOut`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from backstride.services.activities import ActivityOut

SAMPLE_COLUMNS = ("speed_m_s", "heart_rate_bpm", "cadence_spm", "altitude_m", "distance_m")


class ActivityPageOut(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[ActivityOut]


class RoutineOut(BaseModel):
    name: str
    state: str = Field(description="done, not-done or unknown")
    text: str


class ActivityDetailOut(BaseModel):
    activity: ActivityOut
    sample_count: int
    columns: list[str]
    routines: list[RoutineOut]


class SampleSeries(BaseModel):
    time_s: list[float]
    values: list[float | None]
