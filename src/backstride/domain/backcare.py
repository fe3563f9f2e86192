"""The runner's back: pain reports, check-ins, sessions, red flags, shoes, routines.

Plain immutable values, SI units, aware datetimes. `History` bundles everything
the rules look at, so every rule is a pure function of one value.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity, Gear, Units

# 250 miles in metres: the practice's shoe replacement distance.
SHOE_REPLACE_AT_M = 402_336.0


class PainTiming(enum.StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"
    NEXT_MORNING = "next-morning"
    OTHER = "other"


class SessionKind(enum.StrEnum):
    CORE = "core"
    STRENGTH = "strength"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    YOGA = "yoga"
    WALK = "walk"
    OTHER = "other"


class RunType(enum.StrEnum):
    EASY = "easy"
    LONG = "long"
    SPEED = "speed"
    RACE = "race"  # a race: never detected, set by the runner or planned; not training


class Urgency(enum.StrEnum):
    EMERGENCY = "emergency"
    TODAY = "today"
    WITHIN_A_WEEK = "within a week"
    ROUTINE = "routine"


def _check_score(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {value:g}")


def _check_aware(name: str, value: datetime | None) -> None:
    if value is not None and value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True)
class PainReport:
    """One pain score (0-10 NRS) at a moment, optionally tied to a run."""

    at: datetime
    score: float
    timing: PainTiming = PainTiming.OTHER
    location: str | None = None  # lower, middle, upper back, buttock, leg
    radiating: bool = False
    activity_id: int | None = None
    note: str | None = None
    id: int | None = None
    numbness: bool = False  # numbness or pins and needles with it (asks the red-flag questions)

    def __post_init__(self) -> None:
        _check_aware("PainReport.at", self.at)
        _check_score("pain score", self.score, 0, 10)


@dataclass(frozen=True)
class CheckIn:
    """The daily check-in: sleep, stiffness, food."""

    on: date
    sleep_hours: float | None = None
    sleep_quality: int | None = None  # 1-5
    stiffness: float | None = None  # 0-10
    ate_enough: bool | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if self.sleep_hours is not None:
            _check_score("sleep hours", self.sleep_hours, 0, 24)
        if self.sleep_quality is not None:
            _check_score("sleep quality", self.sleep_quality, 1, 5)
        if self.stiffness is not None:
            _check_score("stiffness", self.stiffness, 0, 10)


@dataclass(frozen=True)
class Session:
    """A logged non-running session (core, strength, cycling, yoga, walk …).

    `on` is the runner's local date; `start` is optional and aware.
    """

    on: date
    kind: SessionKind
    minutes: float
    exercises: tuple[str, ...] = ()
    start: datetime | None = None
    rpe: float | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_aware("Session.start", self.start)
        if self.minutes < 0:
            raise ValueError(f"session minutes must be 0 or more, got {self.minutes:g}")
        if self.rpe is not None:
            _check_score("RPE", self.rpe, 0, 10)


@dataclass(frozen=True)
class RedFlagAnswer:
    """The runner's answer to one red-flag question; active until cleared."""

    question: str  # a RedFlag id, e.g. "saddle-numbness"
    answered_at: datetime
    positive: bool
    cleared_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_aware("RedFlagAnswer.answered_at", self.answered_at)
        _check_aware("RedFlagAnswer.cleared_at", self.cleared_at)


@dataclass(frozen=True)
class Shoe:
    """A pair of shoes with its replacement thresholds.

    `worn_on` is the date the runner reported visible wear or lost comfort;
    `worn` without a date shows only in today's status.
    """

    gear: Gear
    replace_at_m: float | None = None  # None: the rule's configured default
    remind_from: float | None = None  # fraction of replace_at_m; None: default
    worn: bool = False
    worn_on: date | None = None

    @property
    def name(self) -> str:
        return self.gear.name


@dataclass(frozen=True)
class RoutineRecord:
    """Warm-up and cool-down for one run: detected from the file or logged.

    A field left None means 'not known'; 0 means 'not done'. `confirmed` is True
    once the runner has confirmed or corrected the record.
    """

    activity_id: int
    warm_up_min: float | None = None
    warm_up_kind: str | None = None
    cool_down_min: float | None = None
    cool_down_kind: str | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class RunTypeOverride:
    """The runner's own classification of a run, which wins over detection."""

    activity_id: int
    run_type: RunType


@dataclass(frozen=True)
class History:
    """Everything the rules look at for one runner.

    Activities without an `id` cannot be linked to routine records, overrides or
    pain reports; the rules still count them.
    """

    activities: tuple[Activity, ...] = ()
    pain_reports: tuple[PainReport, ...] = ()
    check_ins: tuple[CheckIn, ...] = ()
    sessions: tuple[Session, ...] = ()
    red_flag_answers: tuple[RedFlagAnswer, ...] = ()
    shoes: tuple[Shoe, ...] = ()
    routines: tuple[RoutineRecord, ...] = ()
    overrides: tuple[RunTypeOverride, ...] = ()
    time_zone: str = "UTC"
    units: Units = Units.KM

    def as_of(self, day: date) -> History:
        """The history as it stood at the end of local day `day`: nothing recorded later.

        A red flag cleared after `day` was still open on `day`.
        """
        zone = ZoneInfo(self.time_zone)

        def on_or_before(moment: datetime) -> bool:
            return moment.astimezone(zone).date() <= day

        return replace(
            self,
            activities=tuple(a for a in self.activities if a.local_start(zone).date() <= day),
            pain_reports=tuple(p for p in self.pain_reports if on_or_before(p.at)),
            check_ins=tuple(c for c in self.check_ins if c.on <= day),
            sessions=tuple(s for s in self.sessions if s.on <= day),
            red_flag_answers=tuple(
                a
                if a.cleared_at is None or on_or_before(a.cleared_at)
                else replace(a, cleared_at=None)
                for a in self.red_flag_answers
                if on_or_before(a.answered_at)
            ),
        )
