"""Record a routine as done (a core or rest routine as a session, a warm-up or cool-down
on its run), and confirm or correct a run's warm-up and cool-down; then re-plan."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import date

from backstride.domain.backcare import RoutineRecord, Session, SessionKind
from backstride.routines import Routine, RoutineError, RoutineKind, load_routine, routine_seconds
from backstride.rules import REGISTRY
from backstride.services.errors import Invalid, NotFound
from backstride.services.ranges import in_range
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace

ON_A_RUN = (RoutineKind.WARM_UP, RoutineKind.COOL_DOWN)
LONGEST_ROUTINE_MIN = 120.0


class OtherSide(enum.Enum):
    """A warm-up is stored with the run's cool-down (and the other way round): what to do
    when the other side was never recorded."""

    ASK = "ask"  # refuse with `SideMissing`, so the runner records it first
    NONE_DONE = "none-done"  # a run with nothing on record had no other side


class SideMissing(Invalid):
    """A warm-up or cool-down cannot be recorded: the run's other side is not known."""

    def __init__(self, run_id: int, side: str) -> None:
        super().__init__(f"run {run_id} has no {side} on record yet", "run_id")
        self.run_id = run_id
        self.side = side  # "warm-up" or "cool-down"


PAIN_LIMIT_WORDS = "your pain limit"  # a routine's cue names the limit; the number is the runner's


def pain_limit(ws: Workspace) -> float:
    """The runner's own limit for pain during a run (the pain-during rule's threshold)."""
    return ws.rules().params(REGISTRY["pain-during"])["max_score"]


def with_pain_limit(routine: Routine, limit: float) -> Routine:
    """The routine with every cue that names "your pain limit" saying the runner's number."""
    said = f"{PAIN_LIMIT_WORDS} ({limit:g}/10)"
    steps = tuple(
        replace(step, cues=tuple(c.replace(PAIN_LIMIT_WORDS, said) for c in step.cues))
        for step in routine.steps
    )
    return replace(routine, steps=steps)


def routine_named(name: str, limit: float | None = None) -> Routine:
    """The routine called `name` (any case), its cues with the runner's pain `limit` when
    given; `NotFound` when there is none."""
    try:
        routine = load_routine(name.strip().lower()[:60])
    except RoutineError as exc:
        raise NotFound(str(exc), "name") from None
    return with_pain_limit(routine, limit) if limit is not None else routine


def check_run_for(routine: Routine, run_id: int | None) -> None:
    """Only a warm-up or a cool-down goes on a run."""
    if run_id is not None and routine.kind not in ON_A_RUN:
        raise Invalid(
            f"a run goes with a warm-up or cool-down; {routine.name} is a {routine.kind.value}",
            "run_id",
        )


def todays_run(ws: Workspace, today: date) -> int | None:
    """The last run of the day, if any: where a warm-up or cool-down goes by default."""
    runs = [a for a in ws.store.activities(since=today, until=today) if a.is_run and a.id]
    return runs[-1].id if runs else None


def run_for(ws: Workspace, routine: Routine, run_id: int | None) -> int | None:
    """The run a warm-up or cool-down is recorded on: the one given (it must be a run),
    else today's last run; None for other routines."""
    check_run_for(routine, run_id)
    if routine.kind not in ON_A_RUN:
        return None
    if run_id is None:
        return todays_run(ws, ws.today())
    activity = ws.store.activity(run_id, with_samples=False)
    if activity is None or not activity.is_run:
        raise NotFound(f"there is no run {run_id}", "run_id")
    return run_id


@dataclass(frozen=True)
class RoutineRecorded:
    """What recording a routine wrote: a session, or one side of a run, or nothing."""

    routine: Routine
    day: date
    minutes: float
    session: SessionKind | None = None  # a core or rest routine, logged as this session
    run_id: int | None = None  # a warm-up or cool-down, recorded on this run
    replanned: Replanned = field(default_factory=Replanned)
    too_short: bool = False  # not recorded: less than half of it was done
    steps_done: int | None = None  # of the player's steps, those played to their end

    @property
    def recorded(self) -> bool:
        return self.session is not None or self.run_id is not None


def _as_session(routine: Routine) -> tuple[SessionKind, tuple[str, ...]]:
    if routine.kind is RoutineKind.CORE:
        return SessionKind.CORE, tuple(s.name.lower().replace(" ", "-")[:40] for s in routine.steps)
    return (SessionKind.YOGA if "yoga" in routine.name else SessionKind.WALK), ()


@dataclass(frozen=True)
class Played:
    """What the player measured: the time actually spent on the routine's steps (paused
    time left out, skipped time not counted) and the steps played to their end."""

    seconds: float
    steps_done: int | None = None


DONE_SHARE = 0.5  # at least half of a routine's time spent: it counts as done


def record_routine(
    ws: Workspace,
    routine: Routine,
    run_id: int | None = None,
    other_side: OtherSide = OtherSide.ASK,
    played: Played | None = None,
) -> RoutineRecorded:
    """Record `routine` as done today: a core or rest routine as a session; a warm-up or
    cool-down on `run_id` or today's run (nothing recorded without one), keeping the
    run's other side (see `OtherSide`). Then re-plan.

    With `played` (the player's measure) the minutes are those actually spent, and a
    routine skipped through in less than half its time is not recorded at all."""
    today = ws.today()
    nominal = routine_seconds(routine)
    minutes = round(nominal / 60, 1)
    steps_done = None
    if played is not None:
        in_range(played.seconds, 0, LONGEST_ROUTINE_MIN * 60, "seconds done", "seconds_done")
        spent = min(played.seconds, nominal)
        minutes, steps_done = round(spent / 60, 1), played.steps_done
        if spent < DONE_SHARE * nominal:
            return RoutineRecorded(routine, today, minutes, too_short=True, steps_done=steps_done)
    run = run_for(ws, routine, run_id)
    if routine.kind not in ON_A_RUN:
        kind, names = _as_session(routine)
        ws.store.add_session(Session(today, kind, minutes, names, ws.now(), None))
        return RoutineRecorded(
            routine, today, minutes, session=kind, replanned=replan(ws), steps_done=steps_done
        )
    if run is None:
        return RoutineRecorded(routine, today, minutes, steps_done=steps_done)
    logs = ws.store.routine_logs()
    record = logs[run].record if run in logs else None
    if record is None and other_side is OtherSide.NONE_DONE:
        record = RoutineRecord(run, warm_up_min=0.0, cool_down_min=0.0)
    warm_up = routine.kind is RoutineKind.WARM_UP
    other = (record.cool_down_min if warm_up else record.warm_up_min) if record else None
    if record is None or (other is None and other_side is OtherSide.ASK):
        raise SideMissing(run, "cool-down" if warm_up else "warm-up")
    if warm_up:
        ws.store.log_routine(
            run,
            warm_up_min=minutes,
            warm_up_kind=routine.name,
            cool_down_min=record.cool_down_min,
            cool_down_kind=record.cool_down_kind,
        )
    else:
        ws.store.log_routine(
            run,
            warm_up_min=record.warm_up_min,
            warm_up_kind=record.warm_up_kind,
            cool_down_min=minutes,
            cool_down_kind=routine.name,
        )
    return RoutineRecorded(
        routine, today, minutes, run_id=run, replanned=replan(ws), steps_done=steps_done
    )


@dataclass(frozen=True)
class RoutineEntry:
    """The runner's word on a run's warm-up and cool-down: right as detected, or these."""

    run_id: int
    confirm: bool = False
    warm_up_min: float | None = None
    warm_up_kind: str | None = None
    cool_down_min: float | None = None
    cool_down_kind: str | None = None


@dataclass(frozen=True)
class RoutinesConfirmed:
    record: RoutineRecord
    replanned: Replanned


def confirm_routines(ws: Workspace, entry: RoutineEntry) -> RoutinesConfirmed:
    """Confirm the detected warm-up and cool-down of a run, or correct them; then re-plan."""
    if not entry.confirm and entry.warm_up_min is None and entry.cool_down_min is None:
        raise Invalid("confirm the detected warm-up and cool-down, or give their minutes")
    for minutes, name in ((entry.warm_up_min, "warm_up"), (entry.cool_down_min, "cool_down")):
        if minutes is not None:
            in_range(minutes, 0, LONGEST_ROUTINE_MIN, f"{name.replace('_', '-')} minutes", name)
    record = ws.store.log_routine(
        entry.run_id,
        warm_up_min=entry.warm_up_min,
        warm_up_kind=_kind(entry.warm_up_kind),
        cool_down_min=entry.cool_down_min,
        cool_down_kind=_kind(entry.cool_down_kind),
    )
    return RoutinesConfirmed(record, replan(ws))


def _kind(text: str | None) -> str | None:
    return text.strip().lower() if text and text.strip() else None
