"""Each run as the rules see it: its type (easy, long, speed), speed work, warm-up,
cool-down and gear, in the shape `backstride runs --json` prints."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from backstride.domain.backcare import RunType
from backstride.services.workspace import Workspace
from backstride.training.weekly import RunFact, training_days


class RunOut(BaseModel):
    id: int
    date: dt.date
    distance_m: float
    moving_s: float
    run_type: RunType
    run_type_source: str  # runner or detected
    speed_work_s: float
    warm_up_min: float | None
    warm_up_kind: str | None
    cool_down_min: float | None
    cool_down_kind: str | None
    routines_confirmed: bool
    shoe: str | None
    gear: list[str]  # other gear worn on it (a brace, socks)

    @classmethod
    def of(cls, run: RunFact, overridden: bool, confirmed: bool, gear: list[str]) -> RunOut:
        return cls(
            id=run.activity.id or 0,
            date=run.day,
            distance_m=run.distance_m,
            moving_s=run.moving_s,
            run_type=run.run_type,
            run_type_source="runner" if overridden else "detected",
            speed_work_s=run.speed_s,
            warm_up_min=run.warm_up.minutes if run.warm_up else None,
            warm_up_kind=run.warm_up.kind if run.warm_up else None,
            cool_down_min=run.cool_down.minutes if run.cool_down else None,
            cool_down_kind=run.cool_down.kind if run.cool_down else None,
            routines_confirmed=confirmed,
            shoe=run.activity.gear,
            gear=gear,
        )


def list_runs(
    ws: Workspace, since: dt.date | None = None, until: dt.date | None = None
) -> list[RunOut]:
    """The runs from `since` to `until` (local dates), oldest first."""
    history = ws.history()
    log = training_days(history, ws.rules().first_weekday)
    overridden = {o.activity_id for o in history.overrides}
    confirmed = {r.activity_id for r in history.routines if r.confirmed}
    extra = ws.store.extra_gear()
    return [
        RunOut.of(
            r,
            r.activity.id in overridden,
            r.activity.id in confirmed,
            extra.get(r.activity.id or 0, []),
        )
        for r in log.runs
        if (since is None or r.day >= since) and (until is None or r.day <= until)
    ]
