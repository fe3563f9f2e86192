"""Log a core, strength or cross-training session (a routine done in the player logs one
too, see `record_routine`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backstride.domain.backcare import Session, SessionKind
from backstride.services.errors import Invalid
from backstride.services.ranges import in_range, not_future
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace

LONGEST_MIN = 600.0


@dataclass(frozen=True)
class SessionEntry:
    kind: SessionKind
    minutes: float
    day: date | None = None  # default today
    clock: time | None = None  # local start time
    exercises: tuple[str, ...] = ()  # e.g. plank, side plank, glute bridge
    rpe: float | None = None  # how hard it felt, 0-10


@dataclass(frozen=True)
class SessionLogged:
    saved: Session
    replanned: Replanned


def exercise_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """'Side plank' -> 'side-plank': the names the rules and the insights compare."""
    return tuple(n.strip().lower().replace(" ", "-") for n in names if n.strip())


def log_session(ws: Workspace, entry: SessionEntry) -> SessionLogged:
    """Save the session, then re-plan."""
    in_range(entry.minutes, 0, LONGEST_MIN, "minutes", "minutes")
    if entry.minutes <= 0:
        raise Invalid(f"minutes {entry.minutes:g} must be more than 0", "minutes")
    if entry.rpe is not None:
        in_range(entry.rpe, 0, 10, "effort (RPE)", "rpe")
    today = ws.today()
    day = not_future(entry.day or today, today)
    start = None
    if entry.clock is not None:
        start = datetime.combine(day, entry.clock, ZoneInfo(ws.athlete().time_zone))
        start = start.astimezone(UTC)
        if start > ws.now() + timedelta(minutes=1):
            raise Invalid(f"the time {entry.clock:%H:%M} on {day} is in the future", "time")
    session = Session(
        day, entry.kind, entry.minutes, exercise_names(entry.exercises), start, entry.rpe
    )
    return SessionLogged(ws.store.add_session(session), replan(ws))
