"""iCalendar export: one all-day event per session, routine steps in the description.

UIDs come from the plan id, the date and the session's slot, so a re-export after
adaptation updates the same events (SEQUENCE counts the changes) instead of duplicating.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event

from backstride.plan.model import Plan, PlanSession, SessionType
from backstride.routines import load_routine
from backstride.training.days import format_distance


def _title(s: PlanSession, plan: Plan) -> str:
    units = plan.profile.units
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
        lines.append(f"Changed ({c.rule}): {c.what}")
    return "\n".join(lines)


def to_ics(plan: Plan, zone: str | None = None) -> bytes:
    """The plan as an iCalendar file (bytes); rest days with nothing to do are left out."""
    cal = Calendar()
    cal.add("prodid", "-//backstride//plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"backstride: {plan.goal.label}")
    cal.add("x-wr-timezone", zone or plan.time_zone)
    stamp = datetime.combine(plan.created_on, time(), tzinfo=UTC)
    for s in plan.sessions:
        if s.kind is SessionType.REST and not s.routines:
            continue
        event = Event()
        event.add("uid", f"{plan.id}-{s.on.isoformat()}-{s.slot}@backstride")
        event.add("dtstamp", stamp)
        event.add("dtstart", s.on)
        event.add("dtend", s.on + timedelta(days=1))
        event.add("summary", _title(s, plan))
        event.add("description", _description(s, plan))
        event.add("sequence", len(plan.changes_on(s.on)))
        event.add("categories", [s.kind.value])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
