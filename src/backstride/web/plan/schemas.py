"""A plan request's JSON; the plan itself is `services.show_plan.PlanOut`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from backstride.services.make_plan import LONGEST_PLAN_WEEKS, PlanRequest


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal: str = Field(
        min_length=3,
        max_length=60,
        examples=["weekly:25km", "race:10k@2027-03-15"],
        description="weekly:DISTANCE or race:DISTANCE@DATE (5k, 10k, half, marathon)",
    )
    days: str | None = Field(None, max_length=60, examples=["mon,wed,fri,sat"])
    long_run_day: str | None = Field(None, max_length=10, examples=["sat"])
    weeks: int | None = Field(None, ge=1, le=LONGEST_PLAN_WEEKS)
    start_week: str | None = Field(None, max_length=20, examples=["8km"])
    confirm_start: bool = False
    anyway: bool = Field(
        False,
        description="A race that cannot be reached safely by its date: keep the plan that "
        "stops short of it (its notices say so) instead of a 422 refusal",
    )

    def request(self) -> PlanRequest:
        return PlanRequest(
            self.goal,
            self.days,
            self.long_run_day,
            self.weeks,
            self.start_week,
            self.confirm_start,
            self.anyway,
        )
