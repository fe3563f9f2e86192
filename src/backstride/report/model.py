"""The clinician report as one value: every section's figures in SI, ready for the HTML
template, the PDF and JSON (`ReportDocument.to_json()`)."""

from __future__ import annotations

import dataclasses
import enum
import math
from dataclasses import dataclass
from datetime import date, datetime

from backstride.domain.activity import Units
from backstride.insights import Insights

NOT_A_DIAGNOSIS = (
    "Not a diagnosis. This report lists what the runner recorded and what backstride's "
    "back-care rules found; the associations it shows are not causes."
)


@dataclass(frozen=True)
class PlanWeekRow:
    week_start: date
    block: str
    target_m: float
    posture_cue: str


@dataclass(frozen=True)
class PlanSummary:
    goal_kind: str  # "weekly" or "race"
    goal_distance_m: float
    race_date: date | None
    created_on: date
    start: date
    end: date
    stopped_on: date | None
    weeks: tuple[PlanWeekRow, ...]  # the plan's weeks that overlap the period


@dataclass(frozen=True)
class WeekRow:
    week_start: date
    distance_m: float
    runs: int
    run_days: int
    longest_m: float
    speed_min: float
    core_sessions: int
    cross_sessions: int
    pain_reports: int
    pain_mean: float | None  # every report of the week
    next_morning_mean: float | None


@dataclass(frozen=True)
class PainEntry:
    at: datetime  # local
    timing: str
    score: float
    location: str | None
    radiating: bool
    note: str | None


@dataclass(frozen=True)
class PlaceSummary:
    location: str
    reports: int
    mean: float
    highest: float
    radiating: int


@dataclass(frozen=True)
class RedFlagRow:
    number: int
    question: str
    urgency: str
    positive: bool
    cleared_on: date | None


@dataclass(frozen=True)
class Screening:
    on: date
    questions: int
    positives: tuple[RedFlagRow, ...]


@dataclass(frozen=True)
class FindingCount:
    rule: str
    title: str
    severity: str
    count: int
    first_on: date
    last_on: date
    example: str


@dataclass(frozen=True)
class ChangeRow:
    on: date
    made_on: date
    rule: str
    what: str
    why: str


@dataclass(frozen=True)
class Adherence:
    runs: int
    warm_up_known: int
    warm_up_done: int
    warm_up_min: float
    cool_down_known: int
    cool_down_done: int
    cool_down_min: float
    weeks: int
    core_sessions: int
    core_target: int
    core_weeks_met: int
    cross_sessions: int


@dataclass(frozen=True)
class ShoeRow:
    name: str
    distance_m: float
    replace_at_m: float
    runs_in_period: int
    distance_in_period_m: float
    retired: bool
    worn: bool


@dataclass(frozen=True)
class NoteRow:
    on: date
    source: str
    text: str


@dataclass(frozen=True)
class ReportDocument:
    runner: str
    since: date
    until: date
    generated_on: date
    units: Units
    time_zone: str
    plan: PlanSummary | None
    weeks: tuple[WeekRow, ...]
    usual_pain: float | None
    pain: tuple[PainEntry, ...]
    places: tuple[PlaceSummary, ...]
    screenings: tuple[Screening, ...]
    open_red_flags: tuple[RedFlagRow, ...]
    findings: tuple[FindingCount, ...]
    changes: tuple[ChangeRow, ...]
    adherence: Adherence
    shoes: tuple[ShoeRow, ...]
    insights: Insights
    notes: tuple[NoteRow, ...]
    note: str = NOT_A_DIAGNOSIS

    @property
    def total_distance_m(self) -> float:
        return math.fsum(w.distance_m for w in self.weeks)

    @property
    def total_runs(self) -> int:
        return sum(w.runs for w in self.weeks)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.to_json() if isinstance(value, Insights) else _plain(value)
        return out


def _plain(value: object) -> object:
    """SI numbers, ISO dates, lists and objects: what JSON holds."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 3)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
