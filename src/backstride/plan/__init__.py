"""The training plan: generator, adaptation, an independent validator and exporters."""

from backstride.plan.generate import generate
from backstride.plan.model import (
    Block,
    Goal,
    GoalKind,
    Level,
    Plan,
    PlanChange,
    PlanError,
    PlanProfile,
    PlanResult,
    PlanSession,
    PlanWeek,
    SessionType,
    SpeedWork,
    parse_days,
    parse_goal,
)

__all__ = [
    "Block",
    "Goal",
    "GoalKind",
    "Level",
    "Plan",
    "PlanChange",
    "PlanError",
    "PlanProfile",
    "PlanResult",
    "PlanSession",
    "PlanWeek",
    "SessionType",
    "SpeedWork",
    "generate",
    "parse_days",
    "parse_goal",
]
