"""The training log by local day and week: run facts, rest days, weekly figures.

Everything is counted by the runner's local day (see `days.local_date`) and
summed with `math.fsum`, so the figures do not depend on import order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from backstride.domain.activity import Activity, Sport
from backstride.domain.backcare import History, RoutineRecord, RunType, SessionKind
from backstride.training.classify import (
    ClassifyOptions,
    Reference,
    ReferenceRuns,
    classify_run,
    moving_seconds,
    speed_seconds,
)
from backstride.training.days import local_date, week_start_of
from backstride.training.routines import RoutineDetected, detect_cool_down, detect_warm_up

# Imported non-running activities are cross-training sessions of these kinds.
SPORT_KIND: dict[Sport, SessionKind] = {
    Sport.WALK: SessionKind.WALK,
    Sport.HIKE: SessionKind.WALK,
    Sport.CYCLING: SessionKind.CYCLING,
    Sport.SWIMMING: SessionKind.SWIMMING,
    Sport.STRENGTH: SessionKind.STRENGTH,
    Sport.YOGA: SessionKind.YOGA,
    Sport.CARDIO: SessionKind.OTHER,
    Sport.OTHER: SessionKind.OTHER,
}
# A day with only these is still a rest day (product.md: 'a walk, yoga or nothing').
RESTFUL_KINDS = frozenset({SessionKind.WALK, SessionKind.YOGA})
CORE_EXERCISES = frozenset(
    {"plank", "side-plank", "back-extension", "ball-pike", "glute-bridge", "bird-dog", "curl-up"}
)


@dataclass(frozen=True)
class RunFact:
    """One run with everything the rules need, in SI."""

    activity: Activity
    day: date
    run_type: RunType
    distance_m: float
    moving_s: float
    speed_s: float  # seconds faster than easy pace by the margin
    warm_up: RoutineDetected | None  # None: not known
    cool_down: RoutineDetected | None
    easy_speed_m_s: float | None


@dataclass(frozen=True)
class OtherSession:
    """A non-running session: logged by the runner or imported."""

    day: date
    kind: SessionKind
    minutes: float
    exercises: tuple[str, ...] = ()
    rpe: float | None = None

    @property
    def is_core(self) -> bool:
        if self.kind is SessionKind.CORE:
            return True
        return self.kind is SessionKind.STRENGTH and bool(CORE_EXERCISES & set(self.exercises))


@dataclass(frozen=True)
class WeekFigures:
    week_start: date
    distance_m: float
    run_days: int
    rest_days: int
    speed_min: float
    runs: int
    core_sessions: int
    cross_sessions: int
    longest_run_m: float


def _sort_key(activity: Activity) -> tuple[object, ...]:
    return (activity.start_utc, activity.distance_m or 0.0, activity.elapsed_s, activity.id or 0)


def _records_by_run(records: Iterable[RoutineRecord]) -> dict[int, RoutineRecord]:
    """The record each run goes by: a confirmed one wins; among several alike, the
    one with the greatest repr, so any order of the same records gives the same log."""
    out: dict[int, RoutineRecord] = {}
    for record in records:
        held = out.get(record.activity_id)
        if held is None or (record.confirmed, repr(record)) >= (held.confirmed, repr(held)):
            out[record.activity_id] = record
    return out


class _LoggedRoutines:
    """`RoutineDetected(minutes, kind)`, one value for each pair the records repeat.

    Ten years of runs repeat a few hundred pairs thousands of times; sharing them
    keeps the log small (fewer objects for the garbage collector to walk). Only
    plain non-zero floats and plain strings are shared: 0.0 and -0.0, or 5 and 5.0,
    are equal but print apart, and each record keeps what it holds.
    """

    def __init__(self) -> None:
        self._shared: dict[tuple[float, str | None], RoutineDetected] = {}

    def __call__(self, minutes: float, kind: str | None) -> RoutineDetected:
        if type(minutes) is not float or minutes == 0 or type(kind) not in (str, type(None)):
            return RoutineDetected(minutes, kind)
        found = self._shared.get((minutes, kind))
        if found is None:
            found = self._shared[minutes, kind] = RoutineDetected(minutes, kind)
        return found


@dataclass(frozen=True)
class TrainingLog:
    """The runner's runs and other sessions by local day."""

    runs: tuple[RunFact, ...]
    sessions: tuple[OtherSession, ...]
    first_weekday: int
    _runs_by_day: dict[date, list[RunFact]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _sessions_by_day: dict[date, list[OtherSession]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _distance_by_week: dict[date, float] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_week: dict[date, list[float]] = {}
        for run in self.runs:
            self._runs_by_day.setdefault(run.day, []).append(run)
            by_week.setdefault(self.week_of(run.day), []).append(run.distance_m)
        for session in self.sessions:
            self._sessions_by_day.setdefault(session.day, []).append(session)
        self._distance_by_week.update((w, math.fsum(d)) for w, d in by_week.items())

    def first_week(self) -> date | None:
        """The week of the first run, where a training history starts."""
        return min(self._distance_by_week, default=None)

    def weekly_distances(self, first: date, last: date) -> list[float]:
        """Run distance of each week from week `first` to week `last`, both included."""
        out, week = [], first
        while week <= last:
            out.append(self._distance_by_week.get(week, 0.0))
            week += timedelta(days=7)
        return out

    def week_of(self, day: date) -> date:
        return week_start_of(day, self.first_weekday)

    def runs_on(self, day: date) -> list[RunFact]:
        return list(self._runs_by_day.get(day, ()))

    def runs_between(self, first: date, last: date) -> list[RunFact]:
        return [run for run in self.runs if first <= run.day <= last]

    def sessions_between(self, first: date, last: date) -> list[OtherSession]:
        return [s for s in self.sessions if first <= s.day <= last]

    def is_rest_day(self, day: date) -> bool:
        """No run, no core and no cross-training (a walk or yoga is fine)."""
        if day in self._runs_by_day:
            return False
        return all(s.kind in RESTFUL_KINDS for s in self._sessions_by_day.get(day, ()))

    def is_hard_day(self, day: date) -> bool:
        return any(run.run_type is not RunType.EASY for run in self.runs_on(day))

    def days(self) -> list[date]:
        return sorted({run.day for run in self.runs} | {s.day for s in self.sessions})


def _sessions(history: History) -> list[OtherSession]:
    out = [
        OtherSession(s.on, s.kind, s.minutes, tuple(s.exercises), s.rpe) for s in history.sessions
    ]
    for activity in history.activities:
        if not activity.is_run:
            out.append(
                OtherSession(
                    local_date(activity, history.time_zone),
                    SPORT_KIND.get(activity.sport, SessionKind.OTHER),
                    moving_seconds(activity) / 60.0,
                    (),
                    activity.rpe,
                )
            )
    return sorted(out, key=lambda s: (s.day, s.kind.value, s.minutes, s.exercises, s.rpe or 0))


def training_days(
    history: History, first_weekday: int = 0, options: ClassifyOptions | None = None
) -> TrainingLog:
    """Build the training log: classify every run, resolve its routines, date everything."""
    options = options or ClassifyOptions()
    runs = sorted((a for a in history.activities if a.is_run), key=_sort_key)
    dated = [(local_date(a, history.time_zone), a) for a in runs]
    overrides = {o.activity_id: o.run_type for o in history.overrides}
    records = _records_by_run(history.routines)
    references: dict[date, Reference | None] = {}
    reference_index = ReferenceRuns(dated, options)
    logged = _LoggedRoutines()
    facts = []
    for day, activity in dated:
        week = week_start_of(day, first_weekday)
        if week in references:
            reference = references[week]
        else:
            reference = references[week] = reference_index.reference_for_week(week)
        easy = reference.easy_speed_m_s if reference else None
        run_type = overrides.get(activity.id or -1) or classify_run(activity, reference, options)
        record = records.get(activity.id) if activity.id is not None else None
        warm: RoutineDetected | None
        cool: RoutineDetected | None
        # What the runner logged wins over what the file shows (detected only when needed).
        if record is not None and record.warm_up_min is not None:
            warm = logged(record.warm_up_min, record.warm_up_kind)
        else:
            warm = detect_warm_up(activity)
        if record is not None and record.cool_down_min is not None:
            cool = logged(record.cool_down_min, record.cool_down_kind)
        else:
            cool = detect_cool_down(activity)
        facts.append(
            RunFact(
                activity=activity,
                day=day,
                run_type=run_type,
                distance_m=activity.distance_m or 0.0,
                moving_s=moving_seconds(activity),
                speed_s=speed_seconds(activity, easy, options.speed_margin),
                warm_up=warm,
                cool_down=cool,
                easy_speed_m_s=easy,
            )
        )
    return TrainingLog(tuple(facts), tuple(_sessions(history)), first_weekday)


def longest_run_before(log: TrainingLog, day: date, days: int = 30) -> float | None:
    """The longest single run in the `days` local days before `day` (not counting `day`)."""
    window = log.runs_between(day - timedelta(days=days), day - timedelta(days=1))
    distances = [r.distance_m for r in window]
    return max(distances) if distances else None


def weekly_figures(log: TrainingLog, week_start: date) -> WeekFigures:
    """Distance, run days, rest days, speed-work minutes and sessions for one week."""
    last = week_start + timedelta(days=6)
    runs = log.runs_between(week_start, last)
    sessions = log.sessions_between(week_start, last)
    rest = sum(1 for i in range(7) if log.is_rest_day(week_start + timedelta(days=i)))
    return WeekFigures(
        week_start=week_start,
        distance_m=math.fsum(r.distance_m for r in runs),
        run_days=len({r.day for r in runs}),
        rest_days=rest,
        speed_min=math.fsum(r.speed_s for r in runs) / 60.0,
        runs=len(runs),
        core_sessions=sum(1 for s in sessions if s.is_core),
        cross_sessions=sum(1 for s in sessions if is_cross_training(s)),
        longest_run_m=max((r.distance_m for r in runs), default=0.0),
    )


def is_cross_training(session: OtherSession) -> bool:
    """Every non-running session except core work (which has its own rule)."""
    return not session.is_core


def weeks_between(first: date, last: date, first_weekday: int) -> list[date]:
    """Week starts of every week that overlaps [first, last]."""
    out, week = [], week_start_of(first, first_weekday)
    while week <= last:
        out.append(week)
        week += timedelta(days=7)
    return out


def group_by_day(items: Iterable[tuple[date, float]]) -> dict[date, float]:
    """The `math.fsum` of each day's values, in the order given."""
    firsts: dict[date, float] = {}
    more: dict[date, list[float]] = {}  # days with two values or more (most have one)
    for day, value in items:
        if day not in firsts:
            firsts[day] = value
        elif day in more:
            more[day].append(value)
        else:
            more[day] = [firsts[day], value]
    return {
        day: math.fsum(more[day]) if day in more else math.fsum((value,))
        for day, value in firsts.items()
    }
