"""The charts' JSON (SI units)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class WeekDistance(BaseModel):
    week_start: date
    distance_m: float


class WeeklyDistanceOut(BaseModel):
    weeks: list[WeekDistance]


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
