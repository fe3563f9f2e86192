"""The plan as the pages show it: a calendar of weeks, each day's sessions and changes.

Pure functions over `Plan`; distances in the runner's units.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.plan import Plan, PlanChange, PlanSession
from backstride.plan.describe import session_text
from backstride.plan.fit import to_fit_workouts
from backstride.rules import REGISTRY
from backstride.units import format_distance
from backstride.web.schemas_more import ChangeOut, PlanSessionOut, PlanWeekOut

SHOWN_WEEKS = 4


@dataclass(frozen=True)
class DayView:
    on: date
    sessions: tuple[PlanSession, ...]
    texts: tuple[str, ...]
    changes: tuple[PlanChange, ...]
    is_today: bool
    is_past: bool

    @property
    def kind(self) -> str:
        """The day's main kind for colour: run, core, cross or rest."""
        kinds = [s.kind.value for s in self.sessions]
        for k in ("run", "cross", "core"):
            if k in kinds:
                return k
        return "rest"


@dataclass(frozen=True)
class WeekView:
    number: int
    start: date
    block: str
    target: str
    posture_cue: str
    days: tuple[DayView, ...]


def calendar(plan: Plan, units: Units, today: date, weeks: int = SHOWN_WEEKS) -> list[WeekView]:
    """The plan's weeks from the one holding `today` (or the first), at most `weeks` of them."""
    first = next(
        (i for i, w in enumerate(plan.weeks) if today < w.start + timedelta(days=7)),
        len(plan.weeks),
    )
    out = []
    for n, week in enumerate(plan.weeks[first : first + weeks], first + 1):
        days = []
        for i in range(7):
            day = week.start + timedelta(days=i)
            sessions = tuple(sorted(plan.on(day), key=lambda s: s.slot))
            days.append(
                DayView(
                    day,
                    sessions,
                    tuple(session_text(s, units) for s in sessions),
                    tuple(plan.changes_on(day)),
                    day == today,
                    day < today,
                )
            )
        out.append(
            WeekView(
                n,
                week.start,
                week.block.value,
                format_distance(week.target_m, units, digits=1),
                week.posture_cue,
                tuple(days),
            )
        )
    return out


def rule_source(rule_id: str) -> str:
    return REGISTRY[rule_id].source if rule_id in REGISTRY else "backstride"


def session_out(s: PlanSession, plan: Plan, units: Units) -> PlanSessionOut:
    return PlanSessionOut(
        date=s.on,
        slot=s.slot,
        kind=s.kind.value,
        text=session_text(s, units),
        run_type=s.run_type.value if s.run_type else None,
        distance_m=s.distance_m,
        duration_s=s.duration_s,
        routines=list(s.routines),
        effort=s.effort,
        notes=list(s.notes),
        changed=bool(plan.changes_on(s.on)),
    )


def weeks_out(plan: Plan) -> list[PlanWeekOut]:
    return [
        PlanWeekOut(
            start=w.start, block=w.block.value, target_m=w.target_m, posture_cue=w.posture_cue
        )
        for w in plan.weeks
    ]


def changes_out(changes: tuple[PlanChange, ...] | list[PlanChange]) -> list[ChangeOut]:
    return [ChangeOut.of(c) for c in changes]


def fit_zip(plan: Plan) -> bytes:
    """Every run of the plan as a FIT workout (`plan.fit.to_fit_workouts`), in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in sorted(to_fit_workouts(plan).items()):
            archive.writestr(name, body)
    return buffer.getvalue()
