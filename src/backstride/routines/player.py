"""The guided player as pure data: a routine becomes a list of timed steps.

The CLI only counts each step down; every decision about sets, sides and rests is here.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from backstride.routines.model import DEFAULT_SET_REST_S, SECONDS_PER_REP, Routine, RoutineStep


class Phase(enum.StrEnum):
    WORK = "work"
    REST = "rest"


@dataclass(frozen=True)
class TimedStep:
    """One countdown: what to do, for how many seconds, and how to do it."""

    label: str
    seconds: int
    phase: Phase
    step_index: int  # index into routine.steps
    cues: tuple[str, ...] = ()
    set_number: int | None = None  # 1-based when the step has sets
    side: str | None = None  # "left" / "right" for per-side steps


def _work_seconds(step: RoutineStep) -> float:
    if step.reps is not None:
        return step.reps * SECONDS_PER_REP
    if step.hold_s is not None:
        return step.hold_s
    return step.duration_s or 0.0


def _work_label(step: RoutineStep) -> str:
    if step.reps is not None:
        return f"{step.name}: {step.reps} reps"
    if step.hold_s is not None:
        return f"{step.name}: hold {step.hold_s:g} s"
    return step.name


def routine_timeline(routine: Routine) -> list[TimedStep]:
    """Every countdown of the routine in order, with rests between sets (not after the last)."""
    out: list[TimedStep] = []
    for index, step in enumerate(routine.steps):
        sides: tuple[str | None, ...] = ("left", "right") if step.per_side else (None,)
        seconds = max(1, math.ceil(_work_seconds(step)))
        for set_number in range(1, step.sets + 1):
            for side in sides:
                label = _work_label(step) + (f" ({side})" if side else "")
                out.append(
                    TimedStep(
                        label,
                        seconds,
                        Phase.WORK,
                        index,
                        step.cues,
                        set_number if step.sets > 1 else None,
                        side,
                    )
                )
            if set_number < step.sets:
                rest = math.ceil(step.rest_s if step.rest_s is not None else DEFAULT_SET_REST_S)
                out.append(TimedStep("Rest", rest, Phase.REST, index, (), set_number, None))
    return out


def routine_seconds(routine: Routine) -> int:
    """How long the guided routine takes, rests included."""
    return sum(step.seconds for step in routine_timeline(routine))


def routine_text(routine: Routine) -> str:
    """The routine as `backstride routine show` prints it."""
    minutes = routine_seconds(routine) / 60
    lines = [f"{routine.title} ({routine.name}, v{routine.version}, about {minutes:.0f} min)"]
    lines.append(routine.summary)
    for i, step in enumerate(routine.steps, 1):
        lines.append(f"{i}. {step.name} — {step.dose}  [practice {step.practice}]")
        lines.extend(f"     · {cue}" for cue in step.cues)
    return "\n".join(lines)
