"""Log pain: where the report goes (its moment and the run it is about), the red-flag
questions it asks, the advice it gives, and the re-plan after it.

Logging is in two steps so a shell can ask the questions in between: `place_pain` reads
and checks (nothing is written), `log_pain` saves the report with any answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity
from backstride.domain.backcare import PainReport, PainTiming
from backstride.rules import RED_FLAGS, REGISTRY, RedFlag, RulesConfig, Severity
from backstride.rules.redflags import EMERGENCY_FLAGS, changes_character
from backstride.services import text
from backstride.services.errors import Invalid, NotFound
from backstride.services.replan import Replanned, replan
from backstride.services.screen import checked_answers, save_answers
from backstride.services.status import today_status
from backstride.services.workspace import Workspace

LOCATIONS = ("lower", "middle", "upper", "buttock", "leg")  # where a pain report can be
MAX_SCORE = 10.0  # the numeric rating scale: 0 (none) to 10 (worst imaginable)
NOTE_LENGTH = text.NOTE_LENGTH
ATTACHING = {PainTiming.BEFORE, PainTiming.DURING, PainTiming.AFTER, PainTiming.NEXT_MORNING}
MORNING = time(8, 0)
NOON = time(12, 0)


@dataclass(frozen=True)
class PainEntry:
    """What the runner says: a score and when, optionally where, the run, the day, the time."""

    score: float
    timing: PainTiming = PainTiming.OTHER
    location: str | None = None
    radiating: bool = False
    note: str | None = None
    numbness: bool = False  # numbness or pins and needles with it
    run_id: int | None = None  # the run it is about; else the nearest run of `day`
    day: date | None = None  # default today
    clock: time | None = None  # local time; default: from the run, or now


@dataclass(frozen=True)
class PlacedPain:
    """A report at its moment, on its run, not yet saved; and the questions it asks."""

    report: PainReport
    changed_character: str | None  # how the pain changed character, if it did
    questions: tuple[RedFlag, ...]  # all 14 when the character changed, else 1-5


@dataclass(frozen=True)
class PainLogged:
    report: PainReport  # as saved (with its id)
    changed_character: str | None
    answered: int  # red-flag answers saved with it
    positives: tuple[RedFlag, ...]
    severity_before: Severity
    severity_now: Severity
    answer: str  # today's answer after the report
    advice: str | None  # what to do now, when the pain calls for it
    replanned: Replanned


def pain_advice(score: float, timing: PainTiming, config: RulesConfig) -> str | None:
    """Above the runner's own pain-during limit during a run: shorten or stop."""
    limit = config.params(REGISTRY["pain-during"])["max_score"]
    if timing is PainTiming.DURING and score > limit:
        return f"Above {limit:g} during a run: shorten or stop the run, and ease off the next one."
    return None


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


def _on_run(
    ws: Workspace, entry: PainEntry, run_id: int, zone: ZoneInfo, now: datetime
) -> tuple[datetime, Activity]:
    run = ws.store.activity(run_id, with_samples=False)
    if run is None:
        raise NotFound(f"there is no activity {run_id}", "run_id")
    if not run.is_run:
        raise Invalid(f"activity {run_id} is a {run.sport.value}, not a run", "run_id")
    at = _moment_for_run(run, entry.timing, zone)
    if entry.clock is not None:
        at = datetime.combine(at.astimezone(zone).date(), entry.clock, zone).astimezone(UTC)
    if at > now + timedelta(minutes=1):
        if entry.clock is not None or entry.timing is PainTiming.NEXT_MORNING:
            raise Invalid(
                f"that moment ({at.astimezone(zone):%Y-%m-%d %H:%M}) is in the future", "time"
            )
        at = now
    return at, run


def _on_day(
    ws: Workspace, entry: PainEntry, zone: ZoneInfo, today: date, now: datetime
) -> tuple[datetime, Activity | None]:
    day = entry.day or today
    if day > today:
        raise Invalid(f"{day} is in the future (today is {today})", "date")
    clock = entry.clock
    given = datetime.combine(day, clock, zone).astimezone(UTC) if clock is not None else None
    if clock is not None and given is not None and given > now + timedelta(minutes=1):
        raise Invalid(f"the time {clock:%H:%M} on {day} is in the future", "time")
    run = None
    if entry.timing in ATTACHING:
        run_day = day - timedelta(days=1) if entry.timing is PainTiming.NEXT_MORNING else day
        runs = [a for a in ws.store.activities(since=run_day, until=run_day) if a.is_run]
        if runs:
            run = _nearest(runs, given, entry.timing)
    if given is not None:
        return given, run
    if entry.timing is PainTiming.NEXT_MORNING:
        at = datetime.combine(day, MORNING, zone).astimezone(UTC)
    elif run is not None:
        at = _moment_for_run(run, entry.timing, zone)
    elif day == today:
        at = now  # logged as it is felt: a later screening must follow it
    else:
        at = datetime.combine(day, NOON, zone).astimezone(UTC)
    return (min(at, now) if day == today else at), run


def _checked(entry: PainEntry) -> None:
    if not math.isfinite(entry.score) or not 0 <= entry.score <= MAX_SCORE:
        raise Invalid(f"pain score {entry.score:g} is out of range: 0 to {MAX_SCORE:g}", "score")
    if entry.location is not None and entry.location not in LOCATIONS:
        raise Invalid(
            f"where {entry.location!r} must be one of: {', '.join(LOCATIONS)}", "location"
        )
    if entry.run_id is not None and entry.day is not None:
        raise Invalid("give a run or a date, not both (a run has its own date)", "run_id")
    text.note(entry.note)


def place_pain(ws: Workspace, entry: PainEntry) -> PlacedPain:
    """The report at its moment and on the run it is about, not yet saved.

    With `run_id`, that run (a report cannot be about the future); otherwise the run of
    `day` (default today) nearest `clock`, or the first run for `before` and the last
    for the others. Without a clock the moment follows the run; with no run it is now
    today, noon on an earlier day; never later than now.
    """
    _checked(entry)
    zone_name = ws.athlete().time_zone
    zone, today, now = ZoneInfo(zone_name), ws.today(), ws.now()
    if entry.run_id is not None:
        moment, run = _on_run(ws, entry, entry.run_id, zone, now)
        found: Activity | None = run
    else:
        moment, found = _on_day(ws, entry, zone, today, now)
    note = text.note(entry.note) or None
    report = PainReport(
        moment,
        entry.score,
        entry.timing,
        entry.location,
        entry.radiating,
        found.id if found is not None else None,
        note,
        numbness=entry.numbness,
    )
    earlier = [r for r in ws.store.pain_reports() if r.at <= report.at]
    changed = changes_character(report, earlier)
    return PlacedPain(report, changed, RED_FLAGS if changed else EMERGENCY_FLAGS)


def log_pain(
    ws: Workspace, placed: PlacedPain, answers: Mapping[str, bool] | None = None
) -> PainLogged:
    """Save the report and any red-flag answers given with it (the emergency questions at
    least), then re-plan; with today's answer before and after, and the advice."""
    config = ws.rules()
    given = checked_answers(answers, EMERGENCY_FLAGS, "red_flags") if answers else {}
    before = today_status(ws)
    saved = ws.store.add_pain_report(placed.report)
    positives = save_answers(ws, given, ws.now()) if given else ()
    replanned = replan(ws, config)
    after = today_status(ws)
    return PainLogged(
        saved,
        placed.changed_character,
        len(given),
        positives,
        before.severity,
        after.severity,
        after.answer,
        pain_advice(saved.score, saved.timing, config),
        replanned,
    )
