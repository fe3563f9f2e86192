"""The one re-plan path: after every change to the runner's history or settings, the
active plan is adapted to the history as it is now, saved, and what changed is said.

Every use case that writes ends here, so the command line and the web cannot differ.
A change of settings that the adapted plan would break (fewer run days, a lower ramp)
re-makes the coming days under the new settings. `caught_up` is the read side: when a
planned day has passed since the plan was last saved, the next command or page view
re-plans (adapt is idempotent; it writes only when the plan changed).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from backstride.domain.backcare import History
from backstride.plan import GoalKind, Plan, PlanChange, PlanError, generate
from backstride.plan.adapt import adapt
from backstride.plan.model import causes
from backstride.plan.validate import Violation, validate
from backstride.rules import ConfigError, RulesConfig
from backstride.services.workspace import Workspace
from backstride.store import StoreError
from backstride.training.days import to_local_date


@dataclass(frozen=True)
class Replanned:
    """What one re-plan did: the plan now active, its new changes, or why nothing was done."""

    plan: Plan | None = None
    changes: tuple[PlanChange, ...] = ()
    problem: str | None = None  # one line: the plan was left as it was, and why


def remade(plan: Plan, history: History, config: RulesConfig, today: date, why: str) -> Plan:
    """The days after today made again under `config` (the days up to today, and what
    changed them, kept); one change says so. A race the new plan cannot reach is kept
    out of it, in words (its notices), as a plan kept anyway."""
    profile = replace(plan.profile, anyway=True)
    if plan.goal.kind is GoalKind.WEEKLY:
        remaining = sum(1 for w in plan.weeks if w.start > today)
        profile = replace(profile, weeks=max(1, remaining))
    fresh = generate(profile, history, plan.goal, config, today).plan
    opens = today + timedelta(days=1)
    change = PlanChange(
        opens,
        why.split(":", 1)[0],
        "the coming days made again under your new settings",
        why,
        f"settings:{today}:{len(plan.changes)}",
        today,
    )
    return replace(
        plan,
        sessions=tuple(s for s in plan.sessions if s.on < opens)
        + tuple(s for s in fresh.sessions if s.on >= opens),
        weeks=tuple(w for w in plan.weeks if w.start < fresh.start) + fresh.weeks,
        changes=(*(c for c in plan.changes if c.on < opens), change),
        notices=fresh.notices,
    )


def _broken(plan: Plan, history: History, config: RulesConfig, today: date) -> list[Violation]:
    opens = today + timedelta(days=1)
    return [v for v in validate(plan, history, config, today) if v.on >= opens]


def replan(
    ws: Workspace, config: RulesConfig | None = None, *, settings_changed: bool = False
) -> Replanned:
    """Adapt the active plan to the history as it is now and save it; a no-op without a
    plan. `config` is the rules config the use case already read (else it is read here);
    a broken one leaves the plan as it was, with the problem said. After a change of
    settings, a plan the new settings would break is made again from tomorrow."""
    stored = ws.store.active_plan()
    if stored is None:
        return Replanned()
    before = stored.plan
    try:
        config = config or ws.rules()
    except ConfigError as exc:
        return Replanned(before, problem=f"plan not re-planned: {exc}")
    today, history = ws.today(), ws.history()
    try:
        after = adapt(before, history, config, today)
        if settings_changed and after.stopped_on is None:
            broken = _broken(after, history, config, today)
            if broken:
                first = broken[0]
                why = f"{first.rule}: {first.message}"
                after = adapt(remade(after, history, config, today, why), history, config, today)
    except PlanError as exc:
        return Replanned(before, problem=f"the plan could not be re-planned: {exc}")
    if after == before:
        return Replanned(before)
    ws.store.update_plan(stored.id, after)
    return Replanned(after, tuple(causes(after.changes[len(before.changes) :])))


def caught_up(ws: Workspace) -> Plan | None:
    """The active plan, re-planned first when a planned day has passed since it was last
    saved (missed runs re-plan on the next command or page view, not only when something
    is logged). Cheap when nothing has passed: no adapt, no write."""
    stored = ws.store.active_plan()
    if stored is None:
        return None
    plan, today = stored.plan, ws.today()
    saved_on = to_local_date(stored.saved_utc, ws.athlete().time_zone)
    if not any(saved_on <= s.on < today for s in plan.sessions if s.is_run):
        return plan
    try:
        done = replan(ws)
    except (ConfigError, StoreError):  # a read shows the plan as it is
        return plan
    return done.plan or plan
