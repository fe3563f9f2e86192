"""Builders and Hypothesis strategies for plan tests: random runners, goals and configs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from backstride.domain.activity import Activity, SourceFormat, Sport, Units
from backstride.domain.backcare import History
from backstride.plan import Goal, GoalKind, PlanProfile
from backstride.rules import RulesConfig
from backstride.rules.config import RuleSettings

ZONE = "Europe/London"
TODAY = date(2026, 1, 14)  # a Wednesday


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), ZoneInfo(ZONE)).astimezone(ZoneInfo("UTC"))


def a_run(day: date, km: float, pace_s_per_km: float = 360.0, id: int | None = None) -> Activity:
    moving = km * pace_s_per_km
    return Activity(
        sport=Sport.RUN,
        start_utc=at(day),
        elapsed_s=moving,
        moving_s=moving,
        source_format=SourceFormat.MANUAL,
        distance_m=km * 1000.0,
        id=id,
    )


def steady_history(today: date, weeks: int = 6, kms: tuple[float, ...] = (5, 5, 9)) -> History:
    """A runner who ran the same week (Tue, Thu, Sat; with four runs Mon, Wed, Fri, Sun
    ... the last the long run) for `weeks` weeks before `today`."""
    monday = today - timedelta(days=today.weekday())
    offsets = {3: (1, 3, 5), 4: (0, 2, 4, 6), 5: (0, 1, 3, 4, 6)}.get(len(kms), (1, 3, 5))
    runs = []
    for w in range(1, weeks + 1):
        for offset, km in zip(offsets, kms, strict=False):
            runs.append(a_run(monday - timedelta(days=7 * w) + timedelta(days=offset), km))
    return History(activities=tuple(runs), time_zone=ZONE)


@st.composite
def histories(draw: st.DrawFn, today: date) -> History:
    if draw(st.integers(0, 5)) == 0:
        return History(time_zone=ZONE)
    weeks = draw(st.integers(1, 8))
    runs = []
    pace = draw(st.sampled_from([300.0, 340.0, 380.0, 430.0]))
    for i in range(weeks * 7):
        day = today - timedelta(days=i)
        if draw(st.integers(0, 6)) < 2:
            runs.append(a_run(day, draw(st.floats(1.5, 22, allow_nan=False)), pace))
    return History(activities=tuple(runs), time_zone=ZONE)


@st.composite
def configs(draw: st.DrawFn) -> RulesConfig:
    rules: dict[str, dict[str, float]] = {
        "run-days": {"max_days": draw(st.integers(2, 6))},
        "rest-days": {"min_days": draw(st.integers(1, 3))},
        "weekly-ramp": {"max_increase_m": draw(st.floats(1000, 5000))},
        "long-run-spike": {"warn_pct": draw(st.sampled_from([0.0, 5.0, 10.0, 20.0]))},
        "core": {"min_sessions": draw(st.integers(1, 4))},
        "cross-training": {"min_sessions": draw(st.integers(0, 4))},
        "one-progression": {
            "min_distance_increase_m": draw(st.sampled_from([0.0, 500.0, 2000.0, 5000.0])),
            "min_speed_increase_min": draw(st.sampled_from([0.0, 1.0, 5.0])),
        },
    }
    rules["long-run-spike"]["strong_pct"] = 100.0
    return RulesConfig(
        draw(st.sampled_from([0, 0, 6])),
        {k: RuleSettings(True, v) for k, v in rules.items()},
    )


@st.composite
def profiles(draw: st.DrawFn) -> PlanProfile:
    days = draw(st.one_of(st.none(), st.sets(st.integers(0, 6), min_size=1, max_size=7)))
    return PlanProfile(
        units=draw(st.sampled_from(list(Units))),
        run_days=tuple(sorted(days)) if days else None,
        long_run_day=draw(st.one_of(st.none(), st.integers(0, 6))),
        weeks=draw(st.integers(1, 26)),
        start_week_m=draw(st.one_of(st.none(), st.floats(2000, 30000))),
    )


@st.composite
def goals(draw: st.DrawFn, today: date) -> Goal:
    if draw(st.booleans()):
        km = draw(st.floats(5, 80))
        return Goal(GoalKind.WEEKLY, km * 1000, None, f"weekly:{km:.1f}km")
    metres = draw(st.sampled_from([5000.0, 10000.0, 21097.5, 42195.0]))
    day = today + timedelta(days=draw(st.integers(8, 300)))
    return Goal(GoalKind.RACE, metres, day, f"race:{metres:g}m@{day}")
