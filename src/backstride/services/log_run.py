"""Log a run done without a watch, and say what a run was (easy, long, speed) when the
detection got it wrong; then re-plan."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity, SourceFormat, Sport, Units
from backstride.domain.backcare import RunType
from backstride.ingest.dedup import Outcome
from backstride.ingest.pipeline import store_activity
from backstride.services import text
from backstride.services.errors import Invalid
from backstride.services.ranges import in_range, not_future
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace
from backstride.units import format_distance, format_duration, format_pace, pace_s

EARLIEST_RUN = date(1970, 1, 1)
# Faster than 2:30 per km is beyond any training run; slower than 30 min per km
# is not a run. Either is a typo in distance or time.
FASTEST_M_PER_S = 1000 / 150
SLOWEST_M_PER_S = 1000 / 1800


@dataclass(frozen=True)
class RunEntry:
    """A run as the runner logs it by hand (SI)."""

    day: date
    distance_m: float
    duration_s: float
    clock: time = time(7, 0)  # local start
    shoe: str | None = None  # a known pair, any case
    rpe: float | None = None  # how hard it felt, 0-10
    treadmill: bool = False
    name: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class RunLogged:
    outcome: Outcome  # new, duplicate (already logged), or merged with an imported run
    replanned: Replanned


def check_pace(distance_m: float, duration_s: float, units: Units) -> None:
    """Refuse a distance and time no runner could have logged (a typo)."""
    speed = distance_m / duration_s
    if not SLOWEST_M_PER_S <= speed <= FASTEST_M_PER_S:
        pace = format_pace(pace_s(distance_m, duration_s, units), units)
        raise Invalid(
            f"{format_distance(distance_m, units, digits=2)} in {format_duration(duration_s)} "
            f"is a pace of {pace}, which is not a run; check the distance and duration",
            "distance",
        )


def manual_run(entry: RunEntry, zone: ZoneInfo, shoe: str | None) -> Activity:
    """The activity a runner logs by hand, keyed so logging it twice is noticed."""
    local = datetime.combine(entry.day, entry.clock, tzinfo=zone)
    offset = local.utcoffset()
    start = local.astimezone(UTC)
    key = f"manual|{start.isoformat()}|{entry.distance_m:.1f}|{entry.duration_s:.0f}"
    return Activity(
        sport=Sport.RUN,
        sub_sport="treadmill" if entry.treadmill else None,
        start_utc=start,
        utc_offset_s=int(offset.total_seconds()) if offset is not None else None,
        elapsed_s=entry.duration_s,
        moving_s=entry.duration_s,
        distance_m=entry.distance_m,
        source_format=SourceFormat.MANUAL,
        source_file=None,
        content_hash=hashlib.sha256(key.encode()).hexdigest(),
        gear=shoe,
        rpe=entry.rpe,
        name=text.line(entry.name, "name", text.RUN_NAME_LENGTH)
        or ("Treadmill run" if entry.treadmill else "Run"),
        notes=text.note(entry.notes, "notes", text.RUN_NOTES_LENGTH) or None,
    )


def known_shoe(ws: Workspace, name: str | None) -> str | None:
    """The stored name of the pair called `name` (any case); `Invalid` for an unknown one."""
    if name is None:
        return None
    known = {g.name.casefold(): g.name for g in ws.store.gear()}
    if name.casefold() not in known:
        names = ", ".join(sorted(known.values())) or "none yet"
        raise Invalid(f"unknown shoe {name!r} (known: {names})", "shoe")
    return known[name.casefold()]


def log_run(ws: Workspace, entry: RunEntry) -> RunLogged:
    """Store the run (a second time is noticed; the same run imported gains these
    details), then re-plan."""
    athlete = ws.athlete()
    zone = ZoneInfo(athlete.time_zone)
    not_future(entry.day, ws.today())
    if entry.day < EARLIEST_RUN:
        raise Invalid(f"{entry.day} is before {EARLIEST_RUN}; check the year", "date")
    if entry.rpe is not None:
        in_range(entry.rpe, 0, 10, "effort (RPE)", "rpe")
    check_pace(entry.distance_m, entry.duration_s, athlete.units)
    shoe = known_shoe(ws, entry.shoe)
    outcome = store_activity(ws.store, manual_run(entry, zone, shoe))
    return RunLogged(outcome, replan(ws))


@dataclass(frozen=True)
class RunTyped:
    run_id: int
    run_type: RunType | None  # None: detected again
    replanned: Replanned


def set_run_type(ws: Workspace, run_id: int, run_type: RunType | None) -> RunTyped:
    """The runner's own type for a run (None goes back to detection); then re-plan."""
    ws.store.set_run_type(run_id, run_type)
    return RunTyped(run_id, run_type, replan(ws))
