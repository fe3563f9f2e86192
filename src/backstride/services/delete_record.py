"""Delete one record the runner owns, and undo it: an activity, a pain report, a check-in,
a core or cross-training session, a pair of shoes (or other gear).

A deleted record goes to the trash (kept 30 days) with everything that hangs off it, the
plan is re-planned, and `undo` brings back the latest (or a chosen) one as it was, then
re-plans again. A deleted activity's files stay known: importing the same export again
skips them unless the runner asks (`import --include-deleted`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from backstride.services.check_in import check_in_words
from backstride.services.errors import Invalid, NotFound
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace
from backstride.store import InputError
from backstride.store.trash import KINDS, Trashed
from backstride.units import format_distance

KIND_WORDS = {
    "activity": "activity",
    "pain": "pain report",
    "check-in": "check-in",
    "session": "session",
    "gear": "shoes or gear",
}


class TrashedOut(BaseModel):
    """One record in the trash, as the runner reads it."""

    id: int
    kind: str
    label: str
    deleted_at: dt.datetime

    @classmethod
    def of(cls, item: Trashed) -> TrashedOut:
        return cls(id=item.id, kind=item.kind, label=item.label, deleted_at=item.deleted_utc)


@dataclass(frozen=True)
class Deleted:
    trashed: Trashed
    replanned: Replanned


@dataclass(frozen=True)
class Restored:
    trashed: Trashed
    replanned: Replanned


def _label(ws: Workspace, kind: str, record_id: int) -> str:
    """What the record is, in the runner's words and units; NotFound when it is not theirs."""
    zone = ZoneInfo(ws.athlete().time_zone)
    units = ws.athlete().units
    history = ws.history()
    if kind == "activity":
        found = next((a for a in history.activities if a.id == record_id), None)
        if found is not None:
            start = found.local_start(zone)
            distance = f", {format_distance(found.distance_m, units)}" if found.distance_m else ""
            return f"the {found.sport.value} on {start:%a %d %b %Y %H:%M}{distance}"
    elif kind == "pain":
        pain = next((p for p in history.pain_reports if p.id == record_id), None)
        if pain is not None:
            at = pain.at.astimezone(zone)
            return f"pain {pain.score:g}/10 ({pain.timing.value}) on {at:%a %d %b %Y %H:%M}"
    elif kind == "check-in":
        check = next((c for c in history.check_ins if c.id == record_id), None)
        if check is not None:
            return f"the check-in of {check.on:%a %d %b %Y}"
    elif kind == "session":
        session = next((s for s in history.sessions if s.id == record_id), None)
        if session is not None:
            day = f"{session.on:%a %d %b %Y}"
            return f"the {session.kind.value} session of {session.minutes:g} min on {day}"
    elif kind == "gear":
        item = next((g for g in ws.store.gear_items() if g.gear.id == record_id), None)
        if item is not None:
            return f"{item.gear.kind} {item.gear.name!r}"
    raise NotFound(f"there is no {KIND_WORDS.get(kind, kind)} {record_id}", "id")


def delete_record(ws: Workspace, kind: str, record_id: int) -> Deleted:
    """Move one record to the trash, then re-plan."""
    if kind not in KINDS:
        raise Invalid(f"cannot delete a {kind!r}: one of {', '.join(KINDS)}", "kind")
    label = _label(ws, kind, record_id)
    trashed = ws.store.trash_record(kind, record_id, label)
    return Deleted(trashed, replan(ws))


def check_in_id(ws: Workspace, day: dt.date) -> int:
    """The id of the check-in of `day`; NotFound when there is none."""
    found = next((c.id for c in ws.history().check_ins if c.on == day), None)
    if found is None:
        raise NotFound(f"there is no check-in on {day}", "date")
    return found


def gear_id(ws: Workspace, name: str) -> int:
    """The id of the shoes or gear called `name` (any case); NotFound when none is."""
    wanted = name.strip().casefold()
    found = next(
        (g.gear.id for g in ws.store.gear_items() if g.gear.name.casefold() == wanted), None
    )
    if found is None:
        raise NotFound(f"there are no shoes or gear called {name.strip()!r}", "name")
    return found


def trash(ws: Workspace) -> list[TrashedOut]:
    """What can still be brought back, the latest first."""
    return [TrashedOut.of(t) for t in ws.store.trashed()]


def undo(ws: Workspace, trash_id: int | None = None) -> Restored:
    """Bring back the latest deleted record (or the one `trash_id` names), then re-plan."""
    if trash_id is None:
        items = ws.store.trashed()
        if not items:
            raise NotFound("there is nothing to undo: the trash is empty", "id")
        trash_id = items[0].id
    try:
        restored = ws.store.restore_trashed(trash_id)
    except InputError as exc:
        raise Invalid(str(exc), "id") from None
    return Restored(restored, replan(ws))


@dataclass(frozen=True)
class DiaryEntry:
    """One thing the runner logged, with the number `delete` takes."""

    kind: str  # pain, checkin, session
    number: int
    when: str  # local, "Thu 03 Dec 2026 08:15" or "Thu 03 Dec 2026"
    what: str


DIARY_DAYS = 28


def diary_entries(ws: Workspace, since: dt.date | None = None) -> list[DiaryEntry]:
    """The pain reports, check-ins and sessions from `since` (default: four weeks ago),
    oldest first."""
    zone = ZoneInfo(ws.athlete().time_zone)
    first = since or ws.today() - dt.timedelta(days=DIARY_DAYS)
    history = ws.history()
    found: list[tuple[dt.datetime, DiaryEntry]] = []
    for pain in history.pain_reports:
        at = pain.at.astimezone(zone)
        if pain.id is None or at.date() < first:
            continue
        where = f", {pain.location}" if pain.location else ""
        text = f"pain {pain.score:g}/10 {pain.timing.value}{where}"
        found.append((at, DiaryEntry("pain", pain.id, f"{at:%a %d %b %Y %H:%M}", text)))
    for check in history.check_ins:
        if check.id is None or check.on < first:
            continue
        at = dt.datetime.combine(check.on, dt.time(), zone)
        text = "check-in: " + check_in_words(check)
        found.append((at, DiaryEntry("checkin", check.id, f"{check.on:%a %d %b %Y}", text)))
    for session in history.sessions:
        if session.id is None or session.on < first:
            continue
        at = dt.datetime.combine(session.on, dt.time(), zone)
        text = f"{session.kind.value} session, {session.minutes:g} min"
        found.append((at, DiaryEntry("session", session.id, f"{session.on:%a %d %b %Y}", text)))
    found.sort(key=lambda pair: pair[0])
    return [entry for _, entry in found]
