"""The plan as the Plan page shows it: a calendar of weeks of days, from today's week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.plan import Plan
from backstride.services.show_plan import PlanDayOut, week_words
from backstride.units import format_distance

SHOWN_WEEKS = 4


@dataclass(frozen=True)
class DayView:
    day: PlanDayOut
    is_today: bool
    is_past: bool


@dataclass(frozen=True)
class WeekView:
    number: int
    start: date
    block: str
    words: str  # the block in words
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
        days = tuple(
            DayView(PlanDayOut.of(plan, day, units), day == today, day < today)
            for day in (week.start + timedelta(days=i) for i in range(7))
        )
        out.append(
            WeekView(
                n,
                week.start,
                week.block.value,
                week_words(week.block),
                format_distance(week.target_m, units, digits=1),
                week.posture_cue,
                days,
            )
        )
    return out
