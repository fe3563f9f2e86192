"""A planned session in words, the same for the terminal and the browser."""

from __future__ import annotations

from backstride.domain.activity import Units
from backstride.plan.model import PlanSession, SessionType
from backstride.units import format_distance, format_duration


def session_text(s: PlanSession, units: Units) -> str:
    """'easy run 6.0 km', 'long run 60 min', 'core session', 'rest'."""
    if s.kind is SessionType.RUN:
        kind = "race" if s.race else f"{s.run_type.value if s.run_type else 'easy'} run"
        size = (
            f"{round((s.duration_s or 0) / 60)} min"
            if s.target == "time"
            else format_distance(s.distance_m, units, digits=1)
        )
        text = f"{kind} {size}"
        if s.speed is not None:
            text += (
                f", {s.speed.reps} × {format_duration(s.speed.rep_s)} faster "
                f"with {format_duration(s.speed.recovery_s)} easy jog between"
            )
        return text
    if s.kind is SessionType.CROSS:
        return f"cross-training ({s.cross_kind.value if s.cross_kind else 'other'})"
    if s.kind is SessionType.CORE:
        return "core session"
    return "rest"
