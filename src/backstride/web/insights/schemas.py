"""/api/insights as the OpenAPI document describes it: `Insights.to_json()`, the shape
`backstride insights --json` prints, field for field (SI units, pace labels in the
runner's units)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class InsightOut(BaseModel):
    outcome: Literal["next-morning", "after-run"] = Field(
        description="Which pain: the next morning's, or after the run"
    )
    factor: str = Field(description="The factor's id, e.g. warm-up, worn-shoes, short-sleep")
    title: str
    days_with: int = Field(description="Run days with the factor")
    days_without: int
    weeks_with: int = Field(description="Weeks those days fall in (the unit of uncertainty)")
    weeks_without: int
    enough_data: bool = Field(description="Both sides have at least min_days days")
    mean_with: float | None = Field(description="Mean pain (0-10) on days with the factor")
    mean_without: float | None
    difference: float | None = Field(description="mean_with - mean_without; positive: worse")
    interval: list[float] | None = Field(
        description="The difference's interval at interval_level, [low, high]"
    )
    p_value: float | None
    q_value: float | None = Field(description="The p-value adjusted for the false discovery rate")
    stands_out: bool
    sentence: str = Field(description="The comparison in plain words (an association)")


class BandOut(BaseModel):
    pace: str = Field(description="The pace band in the runner's units, e.g. 5:00-5:30/km")
    fastest_speed_m_s: float
    slowest_speed_m_s: float
    runs: int
    usual_spm: float = Field(description="The runner's usual cadence in this band (median)")


class CadenceRunOut(BaseModel):
    date: dt.date
    activity_id: int | None
    speed_m_s: float
    cadence_spm: float
    usual_spm: float | None


class CadenceWeekOut(BaseModel):
    week_start: dt.date
    runs: int
    median_spm: float | None
    against_usual_spm: float | None = Field(
        description="Mean of each run's cadence minus its band's usual; negative: under"
    )
    cadence_dropped: bool
    pain_rose: bool
    cues: list[str] = Field(description="Posture cues for the week")


class CadenceOut(BaseModel):
    bands: list[BandOut]
    runs: list[CadenceRunOut]
    weeks: list[CadenceWeekOut]


class InsightsOut(BaseModel):
    since: dt.date
    until: dt.date
    min_days: int
    interval_level: float
    false_discovery_rate: float
    run_days: int
    note: str = Field(description="These are associations, not causes and not a diagnosis")
    stand_out: list[InsightOut] = Field(description="Ordered by strength")
    no_clear_link: list[InsightOut] = Field(description="Compared; could be chance")
    not_enough_data: list[InsightOut]
    cadence: CadenceOut
