"""The one re-plan path: after every change to the runner's history or settings, the
active plan is adapted to the history as it is now, saved, and what changed is said.

Every use case that writes ends here, so the command line and the web cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from backstride.plan import Plan, PlanChange, PlanError
from backstride.plan.adapt import adapt
from backstride.plan.model import causes
from backstride.rules import ConfigError, RulesConfig
from backstride.services.workspace import Workspace


@dataclass(frozen=True)
class Replanned:
    """What one re-plan did: the plan now active, its new changes, or why nothing was done."""

    plan: Plan | None = None
    changes: tuple[PlanChange, ...] = ()
    problem: str | None = None  # one line: the plan was left as it was, and why


def replan(ws: Workspace, config: RulesConfig | None = None) -> Replanned:
    """Adapt the active plan to the history as it is now and save it; a no-op without a
    plan. `config` is the rules config the use case already read (else it is read here);
    a broken one leaves the plan as it was, with the problem said."""
    stored = ws.store.active_plan()
    if stored is None:
        return Replanned()
    before = stored.plan
    try:
        config = config or ws.rules()
    except ConfigError as exc:
        return Replanned(before, problem=f"plan not re-planned: {exc}")
    try:
        after = adapt(before, ws.history(), config, ws.today())
    except PlanError as exc:
        return Replanned(before, problem=f"the plan could not be re-planned: {exc}")
    if after == before:
        return Replanned(before)
    ws.store.update_plan(stored.id, after)
    return Replanned(after, tuple(causes(after.changes[len(before.changes) :])))
