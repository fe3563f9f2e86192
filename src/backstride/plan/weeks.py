"""A plan's weeks from its sessions: each week's total is what was run before the plan
plus the sum of its planned runs, and its label matches what is in it. Run after the
generator and after every re-plan, so a week never says one thing and holds another."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from backstride.plan.model import Block, Plan, PlanSession, PlanWeek

EPS_M = 1.0  # a metre: totals this close are the same


Sessions = tuple[PlanSession, ...] | list[PlanSession]


def week_runs(sessions: Sessions, start: date) -> list[PlanSession]:
    end = start + timedelta(days=7)
    return [s for s in sessions if s.is_run and start <= s.on < end]


def week_total(week: PlanWeek, sessions: Sessions) -> float:
    return week.done_m + sum(s.distance_m or 0.0 for s in week_runs(sessions, week.start))


def label(intent: Block, runs: list[PlanSession], total: float, before: float | None) -> Block:
    """The block a week is, from what it holds: the race; a taper; a run-walk week; a
    speed week has a speed session and no more distance than the week before; lighter,
    more distance, or held, by its total against the week before (`before`)."""
    if any(s.race for s in runs):
        return Block.RACE
    if any(s.is_walk_run for s in runs):
        return Block.RUN_WALK
    if intent is Block.BASE or before is None:
        return Block.BASE
    down, up = total < before - EPS_M, total > before + EPS_M
    if intent is Block.TAPER and down:
        return Block.TAPER
    if intent is Block.SPEED and any(s.speed is not None for s in runs) and not up:
        return Block.SPEED
    if down:
        return Block.LIGHTER
    return Block.DISTANCE if up else Block.HOLD


def relabel(plan: Plan, week_before_m: float | None) -> Plan:
    """Every week's total from its sessions and its label from what it holds;
    `week_before_m` is the week before the plan's first (None: none)."""
    weeks = []
    before = week_before_m
    for week in plan.weeks:
        total = week_total(week, plan.sessions)
        block = label(week.block, week_runs(plan.sessions, week.start), total, before)
        weeks.append(replace(week, target_m=total, block=block))
        before = total
    return replace(plan, weeks=tuple(weeks))
