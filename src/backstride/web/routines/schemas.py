"""Recording a routine as done, in JSON; the routines themselves are
`services.routines.RoutineOut` and `RoutineDetailOut`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from backstride.services.record_routine import RoutineRecorded
from backstride.services.show_plan import PlanChangeOut, changes_out


class RoutineDoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: int | None = Field(
        None, ge=1, le=2**62, description="The run a warm-up or cool-down belongs to"
    )


class RoutineDoneOut(BaseModel):
    recorded: bool
    message: str
    plan_changes: list[PlanChangeOut]

    @classmethod
    def of(cls, done: RoutineRecorded) -> RoutineDoneOut:
        title = done.routine.title
        if done.session is not None:
            said = (
                f"Logged {done.minutes:g} min of {done.session.value} ({title}) "
                f"on {done.day:%a %d %b}."
            )
        elif done.run_id is None:
            said = (
                f"Done. No run today to record the {title.lower()} on: it is recorded "
                "when you log it with your run."
            )
        else:
            said = f"Recorded the {title.lower()} ({done.minutes:g} min) on run {done.run_id}."
        return cls(
            recorded=done.recorded, message=said, plan_changes=changes_out(done.replanned.changes)
        )
