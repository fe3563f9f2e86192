"""What the runner has logged on one day: activities, pain reports, check-ins and sessions,
in the order they happened, in the runner's words and units, each with what names it for
an edit (the Today page links each to where it is corrected)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from backstride.services.check_in import check_in_words
from backstride.services.workspace import Workspace
from backstride.units import format_distance, format_duration


@dataclass(frozen=True)
class Logged:
    """One thing logged on the day."""

    kind: str  # activity, pain, check-in, session (as `delete` names them)
    id: int
    time: str | None  # "07:15" on the runner's clock; None for what has only a day
    what: str


def logged_on(ws: Workspace, day: dt.date | None = None) -> list[Logged]:
    """Everything logged on `day` (default: today), timed entries first in time order."""
    day = day or ws.today()
    athlete = ws.athlete()
    zone, units = ZoneInfo(athlete.time_zone), athlete.units
    history = ws.history()
    found: list[tuple[str, Logged]] = []
    for activity in history.activities:
        start = activity.local_start(zone)
        if activity.id is None or start.date() != day:
            continue
        parts = [activity.name or activity.sport.value]
        if activity.distance_m:
            parts.append(format_distance(activity.distance_m, units))
        parts.append(format_duration(activity.moving_s or activity.elapsed_s))
        clock = f"{start:%H:%M}"
        found.append((clock, Logged("activity", activity.id, clock, ", ".join(parts))))
    for pain in history.pain_reports:
        at = pain.at.astimezone(zone)
        if pain.id is None or at.date() != day:
            continue
        where = f", {pain.location}" if pain.location else ""
        what = f"pain {pain.score:g}/10 {pain.timing.value}{where}"
        found.append((f"{at:%H:%M}", Logged("pain", pain.id, f"{at:%H:%M}", what)))
    for check in history.check_ins:
        if check.id is not None and check.on == day:
            what = "check-in: " + (check_in_words(check) or "saved")
            found.append(("~", Logged("check-in", check.id, None, what)))
    for session in history.sessions:
        if session.id is None or session.on != day:
            continue
        what = f"{session.kind.value} session, {session.minutes:g} min"
        found.append(("~", Logged("session", session.id, None, what)))
    found.sort(key=lambda pair: pair[0])  # "~" sorts after every "HH:MM"
    return [entry for _, entry in found]
