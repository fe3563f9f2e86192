"""Recording a routine as done, in JSON; the routines themselves are
`services.routines.RoutineOut` and `RoutineDetailOut`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from backstride.routines import routine_seconds
from backstride.services.record_routine import Played, RoutineRecorded
from backstride.services.show_plan import PlanChangeOut, changes_out


class RoutineDoneIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    run_id: int | None = Field(
        None, ge=1, le=2**62, description="The run a warm-up or cool-down belongs to"
    )
    seconds_done: float | None = Field(
        None,
        ge=0,
        le=2 * 3600,
        description="Time actually spent on its steps (paused and skipped time left out); "
        "without it the routine's own length is recorded",
    )
    steps_done: int | None = Field(None, ge=0, le=500, description="Steps played to their end")

    def played(self) -> Played | None:
        return Played(self.seconds_done, self.steps_done) if self.seconds_done is not None else None


class RoutineDoneOut(BaseModel):
    recorded: bool
    minutes: float  # as recorded (or, not recorded, as done)
    message: str
    plan_changes: list[PlanChangeOut]

    @classmethod
    def of(cls, done: RoutineRecorded) -> RoutineDoneOut:
        title = done.routine.title
        whole = round(routine_seconds(done.routine) / 60, 1)
        if done.too_short:
            said = (
                f"Not recorded: {done.minutes:g} of {whole:g} min of the {title.lower()} "
                "was done (less than half). Play it through to record it."
            )
        elif done.session is not None:
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
            recorded=done.recorded,
            minutes=done.minutes,
            message=said,
            plan_changes=changes_out(done.replanned.changes),
        )
