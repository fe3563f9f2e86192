"""iCalendar export: one all-day event per session, routine steps in the description.

UIDs come from the plan id, the date and the session's slot, so a re-export after
adaptation updates the same events (SEQUENCE rises with each re-plan that reaches
them, DTSTAMP is the plan's last change) instead of duplicating. Rest days are events
too, so a day that becomes rest updates its event. When a red flag stops the plan,
each stopped day keeps one event that says so, and the day's other slots are sent as
cancelled (STATUS:CANCELLED, and a title that says so for calendars that ignore it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from backstride.plan.describe import goal_in_words
from backstride.plan.model import Plan, PlanSession, SessionType
from backstride.routines import load_routine
from backstride.units import format_distance

MAX_SLOTS = 3  # sessions a plan day holds at most: a run, core and cross-training


def _title(s: PlanSession, plan: Plan) -> str:
    units = plan.profile.units
    if s.kind is SessionType.RUN and s.walk_run is not None and s.is_walk_run:
        return f"Run-walk {round((s.duration_s or 0) / 60)} min"
    if s.kind is SessionType.RUN:
        what = (
            "Race" if s.race else f"{(s.run_type.value if s.run_type else 'easy').capitalize()} run"
        )
        if s.target == "time":
            return f"{what} {round((s.duration_s or 0) / 60)} min"
        return f"{what} {format_distance(s.distance_m or 0, units)}"
    if s.kind is SessionType.CORE:
        return "Core session"
    if s.kind is SessionType.CROSS:
        return f"Cross-training: {s.cross_kind.value if s.cross_kind else 'other'}"
    if plan.stopped_on is not None and s.on >= plan.stopped_on:
        return "Plan stopped: get assessed before you run"
    return "Rest day" + (f": {load_routine(s.routines[0]).title}" if s.routines else "")


def _description(s: PlanSession, plan: Plan) -> str:
    lines = []
    if s.effort:
        lines.append(f"Effort: {s.effort}")
    lines.extend(s.notes)
    week = next((w for w in plan.weeks if w.start <= s.on < w.start + timedelta(7)), None)
    if week and s.kind is SessionType.RUN:
        lines.append(f"Posture cue this week: {week.posture_cue}")
    for name in s.routines:
        routine = load_routine(name)
        lines.append("")
        lines.append(f"{routine.title}:")
        lines.extend(f"- {step.name}: {step.dose}" for step in routine.steps)
    for c in plan.changes_on(s.on):
        lines.append(f"Changed ({c.rule}): {c.what}. {c.why}")
    return "\n".join(lines)


def sequence(plan: Plan, day: date) -> int:
    """SEQUENCE for the events of `day`: it rises with every re-plan that may have changed
    them, and never falls. A change recorded on a day reaches only that day and later
    ones (a re-fit is recorded once, on the first day it changed), so the latest re-plan
    date among the changes on or before `day` sets it (100 per day since the plan was
    made), plus how many of that date's changes reach the day."""
    reaching = [c for c in plan.changes if c.on <= day]
    if not reaching:
        return 0
    latest = max(c.made_on for c in reaching)
    same = sum(1 for c in reaching if c.made_on == latest)
    return max(0, (latest - plan.created_on).days) * 100 + min(same, 99)


def _event(plan: Plan, day: date, slot: int, stamp: datetime, summary: str) -> Event:
    event = Event()
    event.add("uid", f"{plan.id}-{day.isoformat()}-{slot}@backstride")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("sequence", sequence(plan, day))
    return event


def to_ics(plan: Plan, zone: str | None = None) -> bytes:
    """The plan as an iCalendar file (bytes): every session, rest days included."""
    cal = Calendar()
    cal.add("prodid", "-//backstride//plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"backstride: {goal_in_words(plan.goal, plan.profile.units)}")
    cal.add("x-wr-timezone", zone or plan.time_zone)
    last = max((c.made_on for c in plan.changes), default=plan.created_on)
    stamp = datetime.combine(max(last, plan.created_on), time(), tzinfo=UTC)
    for s in plan.sessions:
        event = _event(plan, s.on, s.slot, stamp, _title(s, plan))
        event.add("description", _description(s, plan))
        event.add("categories", [s.kind.value])
        cal.add_component(event)
    if plan.stopped_on is not None:
        for day in sorted({s.on for s in plan.sessions if s.on >= plan.stopped_on}):
            used = {s.slot for s in plan.on(day)}
            for slot in sorted(set(range(MAX_SLOTS)) - used):
                event = _event(plan, day, slot, stamp, "Cancelled: plan stopped")
                event.add("status", "CANCELLED")
                cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
