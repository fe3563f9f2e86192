"""The plan as the runner sees it: its days (each with its sessions, what changed them
and why), its weeks, and the plan itself, in the one shape `plan show --json`,
`plan why --json`, `/api/plan` and the pages share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import timedelta

from pydantic import BaseModel

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType, SessionKind
from backstride.plan import (
    Block,
    Goal,
    Plan,
    PlanChange,
    PlanProfile,
    PlanResult,
    PlanSession,
    SessionType,
    SpeedWork,
)
from backstride.plan.adapt import why
from backstride.plan.describe import session_text
from backstride.plan.model import causes
from backstride.rules import REGISTRY
from backstride.services.errors import NotFound
from backstride.services.replan import caught_up
from backstride.services.shapes import CARRY_NEW_FIELDS, fields_of
from backstride.services.workspace import Workspace


class NoPlan(NotFound):
    """There is no plan yet."""

    def __init__(self) -> None:
        super().__init__("there is no plan yet")


def current_plan(ws: Workspace) -> Plan | None:
    """The plan in force, if there is one (re-planned first when a planned day has passed
    since it was last saved: see `replan.caught_up`)."""
    return caught_up(ws)


def active_plan(ws: Workspace) -> Plan:
    """The plan in force; `NoPlan` without one."""
    plan = current_plan(ws)
    if plan is None:
        raise NoPlan()
    return plan


def rule_source(rule_id: str) -> str:
    """Where a rule comes from (its evidence or the practice), as the rules list it."""
    return next((r.source for r in REGISTRY if r.id == rule_id), "backstride")


class PlanSessionOut(BaseModel):
    """One planned session (SI), with its words in the runner's units."""

    model_config = CARRY_NEW_FIELDS

    date: dt.date
    slot: int  # its place in the day
    kind: SessionType
    text: str
    run_type: RunType | None = None
    race: bool = False
    distance_m: float | None = None
    duration_s: float | None = None
    target: str | None = None  # distance or time, for a run
    routines: list[str]
    effort: str
    notes: list[str]
    speed: SpeedWork | None = None
    cross_kind: SessionKind | None = None

    @classmethod
    def of(cls, session: PlanSession, units: Units) -> PlanSessionOut:
        shaped = fields_of(session, rename={"on": "date"})
        text = session_text(session, units)
        said = text.split(": ", 1)[-1]  # 'run-walk 20 min: 8 x (...)': the intervals
        notes = [n for n in session.notes if n.split(": ", 1)[-1] != said]
        return cls.model_validate({**shaped, "text": text, "notes": notes})


class PlanChangeOut(BaseModel):
    """One change adaptation made to a day, with the rule that caused it and its source."""

    model_config = CARRY_NEW_FIELDS

    date: dt.date  # the day that changed
    rule: str
    what: str
    why: str
    made_on: dt.date
    source: str

    @classmethod
    def of(cls, change: PlanChange) -> PlanChangeOut:
        shaped = fields_of(change, rename={"on": "date"}, skip={"trigger"})
        return cls.model_validate({**shaped, "source": rule_source(change.rule)})


def changes_out(changes: Sequence[PlanChange]) -> list[PlanChangeOut]:
    return [PlanChangeOut.of(c) for c in changes]


def week_number(plan: Plan, day: dt.date) -> int | None:
    """The plan week (from 1) holding `day`; None outside the plan."""
    for n, week in enumerate(plan.weeks, 1):
        if week.start <= day < week.start + timedelta(days=7):
            return n
    return None


def current_week(plan: Plan, today: dt.date) -> int:
    """The week holding today; the first before the plan, the last after it."""
    return week_number(plan, today) or (1 if today < plan.start else len(plan.weeks))


class PlanDayOut(BaseModel):
    """A day of the plan: its sessions, the changes made to it and why it looks as it does."""

    model_config = CARRY_NEW_FIELDS

    date: dt.date
    week: int | None  # the plan week holding it, from 1
    sessions: list[PlanSessionOut]
    changes: list[PlanChangeOut]
    explanation: list[str]

    @classmethod
    def of(cls, plan: Plan, day: dt.date, units: Units) -> PlanDayOut:
        sessions = sorted(plan.on(day), key=lambda s: s.slot)
        return cls(
            date=day,
            week=week_number(plan, day),
            sessions=[PlanSessionOut.of(s, units) for s in sessions],
            changes=changes_out(plan.changes_on(day)),
            explanation=why(plan, day),
        )

    @property
    def kind(self) -> str:
        """The day's main kind, for its colour: run, cross, core or rest."""
        kinds = {s.kind for s in self.sessions}
        for kind in (SessionType.RUN, SessionType.CROSS, SessionType.CORE):
            if kind in kinds:
                return kind.value
        return SessionType.REST.value


def plan_days(plan: Plan, units: Units, weeks: Sequence[int] | None = None) -> list[PlanDayOut]:
    """Every day of the plan with a session (or only those of the plan weeks `weeks`)."""
    days = sorted({s.on for s in plan.sessions})
    if weeks is not None:
        days = [d for d in days if week_number(plan, d) in weeks]
    return [PlanDayOut.of(plan, d, units) for d in days]


BLOCK_WORDS: dict[Block, str] = {
    Block.BASE: "first week, at your current level",
    Block.RUN_WALK: "run-walk week: timed running and brisk walking, the running a little "
    "longer each week",
    Block.DISTANCE: "distance week: a little more distance, no harder speed work",
    Block.SPEED: "speed week: a quality session (strides, repeats or tempo), the distance not up",
    Block.LIGHTER: "lighter week: less distance, to absorb the weeks before",
    Block.HOLD: "hold week: the distance held, not built",
    Block.TAPER: "taper week: lighter, to be fresh for the race",
    Block.RACE: "race week: the race is in it",
}


def week_words(block: Block) -> str:
    """What a week is, in words (its label, said)."""
    return BLOCK_WORDS.get(block, block.value)


class PlanWeekOut(BaseModel):
    model_config = CARRY_NEW_FIELDS

    number: int  # from 1
    start: dt.date
    block: Block
    words: str  # the block in words
    posture_cue: str
    target_m: float  # the whole week, what was run before the plan included
    done_m: float  # run in the week before the plan started


class AlternativeOut(BaseModel):
    """A safe goal instead of a refused one: the goal text to ask for, and in words."""

    goal: str
    text: str


class PlanOut(BaseModel):
    """The plan: its goal, weeks, days and every change (each once), what it leaves out
    and why (`notices`, also first among the `warnings`), and, when it was just made,
    whether it was saved, what the generator warned about and, for a race refused, why,
    the earliest safe date and the safe alternatives."""

    model_config = CARRY_NEW_FIELDS

    id: str
    goal: Goal
    profile: PlanProfile
    created_on: dt.date
    start: dt.date
    end: dt.date
    stopped_on: dt.date | None = None
    weeks: list[PlanWeekOut]
    days: list[PlanDayOut]
    changes: list[PlanChangeOut]
    notices: list[str] = []
    saved: bool = True
    needs_confirmation: bool = False
    warnings: list[str] = []
    refused: bool = False
    refusal: str | None = None
    earliest_safe: dt.date | None = None
    alternatives: list[AlternativeOut] = []

    @classmethod
    def of(
        cls,
        plan: Plan,
        units: Units,
        *,
        saved: bool = True,
        warnings: Sequence[str] = (),
        result: PlanResult | None = None,
    ) -> PlanOut:
        shaped = fields_of(plan, skip={"sessions", "weeks", "changes", "notices"})
        told = [*plan.notices, *(w for w in warnings if w not in plan.notices)]
        refused = result is not None and result.refused
        return cls.model_validate(
            {
                **shaped,
                "end": plan.end,
                "weeks": [
                    {"number": n, **fields_of(w), "words": week_words(w.block)}
                    for n, w in enumerate(plan.weeks, 1)
                ],
                "days": plan_days(plan, units),
                "changes": changes_out(causes(plan.changes)),
                "notices": list(plan.notices),
                "saved": saved,
                "needs_confirmation": not saved and not refused,
                "warnings": told,
                "refused": refused,
                "refusal": result.refusal if result is not None else None,
                "earliest_safe": result.earliest_safe if result is not None else None,
                "alternatives": [
                    {"goal": a.goal, "text": a.text}
                    for a in (result.alternatives if result is not None else ())
                ],
            }
        )


def plan_out(ws: Workspace) -> PlanOut:
    """The active plan; `NoPlan` without one."""
    return PlanOut.of(active_plan(ws), ws.athlete().units)


def plan_day(ws: Workspace, day: dt.date) -> PlanDayOut:
    """A day of the active plan and why it looks as it does; `NoPlan` without one."""
    return PlanDayOut.of(active_plan(ws), day, ws.athlete().units)


class StoredPlanOut(BaseModel):
    """A plan the runner has had: the active one, or one a newer plan replaced."""

    goal: str
    active: bool
    start: dt.date
    end: dt.date
    created_on: dt.date
    replaced_utc: dt.datetime | None
    changes: list[PlanChangeOut]


def plan_history(ws: Workspace) -> list[StoredPlanOut]:
    """Every plan the runner has had, newest first."""
    return [
        StoredPlanOut(
            goal=p.plan.goal.label,
            active=p.active,
            start=p.plan.start,
            end=p.plan.end,
            created_on=p.plan.created_on,
            replaced_utc=p.replaced_utc,
            changes=changes_out(causes(p.plan.changes)),
        )
        for p in ws.store.plans()
    ]
