"""The routines (warm-ups, cool-downs, core and rest-day sessions) in the one shape
`routine list|show --json`, `/api/routines` and the player page share."""

from __future__ import annotations

from pydantic import BaseModel

from backstride.routines import Phase, Routine, RoutineKind, all_routines, routine_seconds
from backstride.routines import routine_timeline as timeline_of
from backstride.services.record_routine import routine_named
from backstride.services.shapes import CARRY_NEW_FIELDS, fields_of

KIND_ORDER = (RoutineKind.WARM_UP, RoutineKind.COOL_DOWN, RoutineKind.CORE, RoutineKind.REST)


class RoutineOut(BaseModel):
    model_config = CARRY_NEW_FIELDS

    name: str
    title: str
    kind: RoutineKind
    level: str | None = None
    version: int
    summary: str
    seconds: int  # how long it takes

    @classmethod
    def of(cls, routine: Routine) -> RoutineOut:
        shaped = fields_of(routine, skip={"steps"})
        return cls.model_validate({**shaped, "seconds": routine_seconds(routine)})


class RoutineStepOut(BaseModel):
    """A step as the routine's file says it, with its dose in words."""

    model_config = CARRY_NEW_FIELDS

    name: str
    dose: str
    cues: list[str]
    practice: int  # the practice it serves (product.md)


class TimedStepOut(BaseModel):
    """One countdown of the player."""

    model_config = CARRY_NEW_FIELDS

    label: str
    seconds: int
    phase: Phase
    cues: list[str]


class RoutineDetailOut(RoutineOut):
    steps: list[RoutineStepOut]
    timeline: list[TimedStepOut]

    @classmethod
    def of(cls, routine: Routine) -> RoutineDetailOut:
        return cls.model_validate(
            {
                **RoutineOut.of(routine).model_dump(),
                "steps": [
                    {"name": s.name, "dose": s.dose, "cues": list(s.cues), "practice": s.practice}
                    for s in routine.steps
                ],
                "timeline": [
                    fields_of(t, skip={"step_index", "set_number", "side"})
                    for t in timeline_of(routine)
                ],
            }
        )


def routine_list() -> list[RoutineOut]:
    """Every routine: warm-ups, cool-downs, core, then rest-day sessions."""
    routines = sorted(all_routines().values(), key=lambda r: (KIND_ORDER.index(r.kind), r.name))
    return [RoutineOut.of(r) for r in routines]


def routine_detail(name: str, limit: float | None = None) -> RoutineDetailOut:
    """One routine step by step and as the player's timeline, its cues with the runner's
    pain `limit`; `NotFound` for no such one."""
    return RoutineDetailOut.of(routine_named(name, limit))
