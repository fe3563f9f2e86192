"""A planned session in words, the same for the terminal and the browser."""

from __future__ import annotations

from backstride.domain.activity import Units
from backstride.plan.model import PlanSession, SessionType, SpeedKind
from backstride.units import format_distance, format_duration


def session_text(s: PlanSession, units: Units) -> str:
    """'easy run 6.0 km', 'run-walk 20 min: 8 x (1 min run, 1:30 walk)', 'race 10.0 km',
    'speed run 7.0 km, tempo 15 min', 'core session', 'rest'."""
    if s.kind is SessionType.RUN:
        if s.walk_run is not None and s.is_walk_run:
            return f"run-walk {round((s.duration_s or 0) / 60)} min: {s.walk_run.describe()}"
        kind = "race" if s.race else f"{s.run_type.value if s.run_type else 'easy'} run"
        size = (
            f"{round((s.duration_s or 0) / 60)} min"
            if s.target == "time"
            else format_distance(s.distance_m, units, digits=1)
        )
        text = f"{kind} {size}"
        w = s.speed
        if w is not None and w.kind is SpeedKind.TEMPO:
            blocks = (
                f"{w.reps} × {format_duration(w.rep_s)}" if w.reps > 1 else format_duration(w.rep_s)
            )
            between = (
                f" with {format_duration(w.recovery_s)} easy jog between" if w.reps > 1 else ""
            )
            text += f", tempo {blocks} comfortably hard{between}"
        elif w is not None and w.kind is SpeedKind.STRIDES:
            text += f", {w.reps} × {format_duration(w.rep_s)} strides"
        elif w is not None:
            text += (
                f", {w.reps} × {format_duration(w.rep_s)} faster "
                f"with {format_duration(w.recovery_s)} easy jog between"
            )
        return text
    if s.kind is SessionType.CROSS:
        return f"cross-training ({s.cross_kind.value if s.cross_kind else 'other'})"
    if s.kind is SessionType.CORE:
        return "core session"
    return "rest"
