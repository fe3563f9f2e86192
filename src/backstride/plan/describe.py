"""A planned session in words, the same for the terminal and the browser."""

from __future__ import annotations

from backstride.domain.activity import Units
from backstride.plan.model import RACES_M, Goal, PlanSession, SessionType, SpeedKind
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


RACE_NAMES = {"5k": "5k", "10k": "10k", "half": "half marathon", "marathon": "marathon"}


def goal_in_words(goal: Goal, units: Units) -> str:
    """The goal in the runner's words and units: 'a 10k race on Sat 13 Mar 2027', 'a half
    marathon on ...', 'a 8.0 mi race on ...', '20 mi a week'. A race's own name (10k,
    half marathon) is a name, kept in every unit."""
    if goal.race_date is None:
        return f"{format_distance(goal.distance_m, units, compact=True)} a week"
    named = next((k for k, m in RACES_M.items() if abs(m - goal.distance_m) < 1.0), None)
    if named in ("half", "marathon"):
        what = f"a {RACE_NAMES[named]}"
    elif named is not None:
        what = f"a {RACE_NAMES[named]} race"
    else:
        what = f"a {format_distance(goal.distance_m, units, digits=1)} race"
    return f"{what} on {goal.race_date:%a %d %b %Y}"
