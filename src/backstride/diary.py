"""The edge between the store and the back-care diary: where a pain report goes (its
moment and the run it is about) and how a finished routine is recorded.

`backstride log pain`, `backstride routine run --record` and the web diary all call
these; a request that cannot be met raises `InputError` (one line, no command in
it: each caller adds its own hint), and nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity
from backstride.domain.backcare import PainReport, PainTiming, RoutineRecord, Session, SessionKind
from backstride.routines import Routine, RoutineKind, routine_seconds
from backstride.store import InputError, Store

LOCATIONS = ("lower", "middle", "upper", "buttock", "leg")  # where a pain report can be
ATTACHING = {PainTiming.BEFORE, PainTiming.DURING, PainTiming.AFTER, PainTiming.NEXT_MORNING}
MORNING = time(8, 0)
NOON = time(12, 0)


class UnknownActivity(InputError):
    """The activity id given does not exist."""


class RoutineSideMissing(InputError):
    """A warm-up or cool-down cannot be recorded: the run's other side is not known."""

    def __init__(self, run_id: int, side: str) -> None:
        super().__init__(f"run {run_id} has no {side} on record yet")
        self.run_id = run_id
        self.side = side  # "warm-up" or "cool-down"


def _moment_for_run(run: Activity, timing: PainTiming, zone: ZoneInfo) -> datetime:
    """When a report about this run is taken to be, when the runner gave no time."""
    end = run.start_utc + timedelta(seconds=run.elapsed_s)
    if timing is PainTiming.BEFORE:
        return run.start_utc - timedelta(minutes=5)
    if timing is PainTiming.DURING:
        return run.start_utc + timedelta(seconds=run.elapsed_s / 2)
    if timing is PainTiming.AFTER:
        return end + timedelta(minutes=5)
    if timing is PainTiming.NEXT_MORNING:
        next_day = run.local_start(zone).date() + timedelta(days=1)
        return datetime.combine(next_day, MORNING, zone).astimezone(UTC)
    return run.start_utc


def _nearest(runs: list[Activity], at: datetime | None, timing: PainTiming) -> Activity:
    if at is not None:
        return min(runs, key=lambda r: abs((r.start_utc - at).total_seconds()))
    return runs[0] if timing is PainTiming.BEFORE else runs[-1]


def _place(
    store: Store,
    timing: PainTiming,
    zone: ZoneInfo,
    today: date,
    now: datetime,
    run_id: int | None,
    day: date | None,
    clock: time | None,
    unplaced_at: datetime | None,
) -> tuple[datetime, Activity | None]:
    if run_id is not None:
        run = store.activity(run_id, with_samples=False)
        if run is None:
            raise UnknownActivity(f"there is no activity {run_id}")
        if not run.is_run:
            raise InputError(f"activity {run_id} is a {run.sport.value}, not a run")
        at = _moment_for_run(run, timing, zone)
        if clock is not None:
            at = datetime.combine(at.astimezone(zone).date(), clock, zone).astimezone(UTC)
        if at > now + timedelta(minutes=1):
            if clock is not None or timing is PainTiming.NEXT_MORNING:
                raise InputError(
                    f"that moment ({at.astimezone(zone):%Y-%m-%d %H:%M}) is in the future"
                )
            at = now
        return at, run
    day = day or today
    given = datetime.combine(day, clock, zone).astimezone(UTC) if clock is not None else None
    if given is not None and given > now + timedelta(minutes=1):
        raise InputError(f"the time {clock:%H:%M} on {day} is in the future")
    run = None
    if timing in ATTACHING:
        run_day = day - timedelta(days=1) if timing is PainTiming.NEXT_MORNING else day
        runs = [a for a in store.activities(since=run_day, until=run_day) if a.is_run]
        if runs:
            run = _nearest(runs, given, timing)
    if given is not None:
        return given, run
    if timing is PainTiming.NEXT_MORNING:
        at = datetime.combine(day, MORNING, zone).astimezone(UTC)
    elif run is not None:
        at = _moment_for_run(run, timing, zone)
    elif day == today:
        at = unplaced_at or now  # logged as it is felt: a later screening must follow it
    else:
        at = unplaced_at or datetime.combine(day, NOON, zone).astimezone(UTC)
    if day == today:
        at = min(at, now)
    return at, run


def place_pain_report(
    store: Store,
    *,
    score: float,
    timing: PainTiming,
    zone_name: str,
    today: date,
    now: datetime,
    location: str | None = None,
    radiating: bool = False,
    note: str | None = None,
    run_id: int | None = None,
    day: date | None = None,
    clock: time | None = None,
    unplaced_at: datetime | None = None,
) -> PainReport:
    """The report, not yet saved, at its moment and on the run it is about.

    With `run_id`, that run (a report cannot be about the future); otherwise the run
    of `day` (default today) nearest `clock`, or the first run for `before` and the
    last for the others. Without a clock the moment follows the run; with no run
    it is `unplaced_at` (default: now today, noon on an earlier day), never later than
    `now` today.
    """
    moment, run = _place(
        store, timing, ZoneInfo(zone_name), today, now, run_id, day, clock, unplaced_at
    )
    return PainReport(
        moment,
        score,
        timing,
        location,
        radiating,
        run.id if run is not None else None,
        note.strip() if note and note.strip() else None,
    )


def todays_run(store: Store, today: date) -> int | None:
    """The last run of the day, if any: where a warm-up or cool-down goes by default."""
    runs = [a for a in store.activities(since=today, until=today) if a.is_run and a.id]
    return runs[-1].id if runs else None


@dataclass(frozen=True)
class RoutineDone:
    """What recording a routine wrote: a session, or one side of a run, or nothing."""

    minutes: float
    session: SessionKind | None = None  # a core or rest routine, logged as this session
    run_id: int | None = None  # a warm-up or cool-down, recorded on this run

    @property
    def recorded(self) -> bool:
        return self.session is not None or self.run_id is not None


def record_routine(
    store: Store,
    routine: Routine,
    run_id: int | None,
    today: date,
    now: datetime,
    *,
    none_logged_is_none_done: bool = False,
) -> RoutineDone:
    """Record the routine as done: a core or rest routine as a session today; a warm-up
    or cool-down on `run_id` (nothing recorded without one), keeping the other side.

    The store confirms both sides at once, so the other side must be known: else
    `RoutineSideMissing`, unless `none_logged_is_none_done` and the run has no record
    at all (then the other side is taken as not done).
    """
    minutes = round(routine_seconds(routine) / 60, 1)
    if routine.kind in (RoutineKind.CORE, RoutineKind.REST):
        if routine.kind is RoutineKind.CORE:
            kind = SessionKind.CORE
            names = tuple(s.name.lower().replace(" ", "-")[:40] for s in routine.steps)
        else:
            kind = SessionKind.YOGA if "yoga" in routine.name else SessionKind.WALK
            names = ()
        store.add_session(Session(today, kind, minutes, names, now, None))
        return RoutineDone(minutes, session=kind)
    if run_id is None:
        return RoutineDone(minutes)
    logs = store.routine_logs()
    record = logs[run_id].record if run_id in logs else None
    if record is None and none_logged_is_none_done:
        record = RoutineRecord(run_id, warm_up_min=0.0, cool_down_min=0.0)
    warm_up = routine.kind is RoutineKind.WARM_UP
    other = (record.cool_down_min if warm_up else record.warm_up_min) if record else None
    if record is None or (other is None and not none_logged_is_none_done):
        raise RoutineSideMissing(run_id, "cool-down" if warm_up else "warm-up")
    if warm_up:
        store.log_routine(
            run_id,
            warm_up_min=minutes,
            warm_up_kind=routine.name,
            cool_down_min=record.cool_down_min,
            cool_down_kind=record.cool_down_kind,
        )
    else:
        store.log_routine(
            run_id,
            warm_up_min=record.warm_up_min,
            warm_up_kind=record.warm_up_kind,
            cool_down_min=minutes,
            cool_down_kind=routine.name,
        )
    return RoutineDone(minutes, run_id=run_id)
