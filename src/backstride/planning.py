"""The edge between the store and the plan core: make a plan, and re-plan after news.

`propose` reads the runner's history and calls the pure generator; `replan` is
the adaptation hook every command that changes the history calls (pain report,
check-in, logged session, import, red-flag answers and clearance): it loads the
history, the rules config and the active plan, calls the pure `adapt`, saves
the result and returns what changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from backstride.history import load_history
from backstride.plan import Goal, Plan, PlanChange, PlanError, PlanProfile, PlanResult, generate
from backstride.plan.adapt import adapt
from backstride.plan.model import causes
from backstride.plan.validate import Violation, validate
from backstride.rules import RulesConfig
from backstride.store import Store


@dataclass(frozen=True)
class Proposal:
    """A generated plan, adapted to what the diary already says, not yet saved."""

    result: PlanResult
    plan: Plan  # result.plan after adaptation to today's diary
    violations: tuple[Violation, ...]  # from the independent validator: always empty


def propose(
    store: Store, config: RulesConfig, goal: Goal, profile: PlanProfile, today: date
) -> Proposal:
    """A plan towards `goal` from the runner's history; PlanError when it cannot be made."""
    history = load_history(store)
    result = generate(profile, history, goal, config, today)
    plan = adapt(result.plan, history, config, today)
    return Proposal(result, plan, tuple(validate(plan, history, config, today)))


def confirmed(profile: PlanProfile, proposal: Proposal) -> PlanProfile:
    """The profile with the proposed cautious start written in, once the runner agrees."""
    return replace(profile, start_week_m=proposal.plan.baseline_week_m)


@dataclass(frozen=True)
class Replanned:
    """What one re-plan did: the plan now active, its new changes, or why nothing was done."""

    plan: Plan | None
    changes: tuple[PlanChange, ...] = ()
    problem: str | None = None


def replan(store: Store, config: RulesConfig, today: date) -> Replanned:
    """Adapt the active plan to the history as it is now and save it; a no-op without a plan."""
    stored = store.active_plan()
    if stored is None:
        return Replanned(None)
    before = stored.plan
    history = load_history(store)
    try:
        after = adapt(before, history, config, today)
    except PlanError as exc:
        return Replanned(before, problem=f"the plan could not be re-planned: {exc}")
    if after == before:
        return Replanned(before)
    store.update_plan(stored.id, after)
    return Replanned(after, tuple(causes(after.changes[len(before.changes) :])))
