"""Warm-up, cool-down, core and rest-day routines as data, and the guided player's timeline."""

from backstride.routines.model import (
    Routine,
    RoutineError,
    RoutineKind,
    RoutineStep,
    all_routines,
    load_routine,
    parse_routine,
    routine_names,
    routine_title,
)
from backstride.routines.player import (
    Phase,
    TimedStep,
    routine_seconds,
    routine_text,
    routine_timeline,
)

__all__ = [
    "Phase",
    "Routine",
    "RoutineError",
    "RoutineKind",
    "RoutineStep",
    "TimedStep",
    "all_routines",
    "load_routine",
    "parse_routine",
    "routine_names",
    "routine_seconds",
    "routine_text",
    "routine_timeline",
    "routine_title",
]
