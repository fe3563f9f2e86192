"""Changes in words: what a cut did, and `plan why DATE`."""

from __future__ import annotations

from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.plan.describe import session_text
from backstride.plan.model import Plan, PlanSession, SessionType
from backstride.units import format_distance


def cut_text(old: PlanSession | None, new: PlanSession | None, units: Units) -> str:
    """The cut in words, quoting the distance the run now has (or what replaced it)."""
    if old is None or new is None:
        return "progression held"
    was = format_distance(old.distance_m or 0.0, units)
    if new.kind is SessionType.CROSS:
        return f"the {was} run swapped for cycling or a walk; progression held"
    if new.is_walk_run:
        return f"the {was} run made a {session_text(new, units)}; progression held"
    return (
        f"run cut from {was} to {format_distance(new.distance_m or 0.0, units)}, easy; "
        "progression held"
    )


def why(plan: Plan, day: date) -> list[str]:
    """`backstride plan why DATE`: each change to that day with the rule behind it."""
    lines = [
        f"{c.rule}: {c.what} — {c.why} (re-planned on {c.made_on})" for c in plan.changes_on(day)
    ]
    if not lines:
        sessions = plan.on(day)
        week = next((w for w in plan.weeks if w.start <= day < w.start + timedelta(7)), None)
        block = f"a {week.block.value} week" if week else "outside the plan"
        kinds = ", ".join(s.kind.value for s in sessions) or "nothing"
        lines.append(f"as generated: {kinds} ({block}); no rule changed this day")
    if plan.goal.race_date == day and not any(s.race for s in plan.on(day)):
        lines.extend(plan.notices)
    return lines
