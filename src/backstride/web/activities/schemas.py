"""The activities' JSON beyond the one activity shape (`services.activities.ActivityOut`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from backstride.services.activities import ActivityOut, LapOut

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
    laps: list[LapOut] = []


class SampleSeries(BaseModel):
    time_s: list[float]
    values: list[float | None]


class ActivityEditIn(BaseModel):
    """What to change; a field left out stays as it is."""

    model_config = ConfigDict(extra="forbid")

    run_type: str | None = Field(None, max_length=16, description="easy, long, speed, race or auto")
    shoe: str | None = Field(None, max_length=200, description="A shoe's name")
    warm_up_min: float | None = Field(None, description="Minutes of warm-up; 0: none")
    cool_down_min: float | None = Field(None, description="Minutes of cool-down; 0: none")
    confirm_routines: bool = Field(
        False, description="The detected warm-up and cool-down are right"
    )
    name: str | None = Field(None, max_length=400, description="A name; empty: none")
    sport: str | None = Field(None, max_length=32, description="run, walk, cycling, ...")
    rpe: float | None = Field(None, description="How hard it felt, 0-10")
    notes: str | None = Field(None, max_length=20_000, description="Notes; empty: none")


class ActivityEditedOut(BaseModel):
    activity: ActivityOut
    changed: list[str]
    plan_changes: int
