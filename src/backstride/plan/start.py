"""Where a plan starts: the runner's current level, their usual days, the week in progress.

The first whole week is at the runner's current level (training.level, evidence.md
decision 1), whatever weekday the plan is made on; the runner's own run days and
long-run day (from their recent weeks) are the default days. With no base (no level,
or less than three of the shortest runs a week) the plan is the run-walk programme.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.plan.limits import Limits
from backstride.plan.model import Level, PlanProfile
from backstride.plan.programme import running_week_m, start_index
from backstride.training.classify import easy_speed_m_s
from backstride.training.days import week_start_of
from backstride.training.level import level_after
from backstride.training.weekly import TrainingLog, is_cross_training, weekly_figures

RECENT_WEEKS = 4  # complete weeks that say how the runner runs now
USUAL_WEEKS = 8  # weeks that show the runner's usual days
HISTORY_WINDOW_DAYS = 42  # no run in these 6 weeks: no recent history
DEFAULT_EASY_SPEED = {Level.BEGINNER: 2.1, Level.INTERMEDIATE: 2.6, Level.ADVANCED: 2.9}
DEFAULT_DAYS = {
    1: (5,),
    2: (2, 5),
    3: (1, 3, 5),
    4: (0, 2, 4, 5),
    5: (0, 1, 3, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
BASE_RUNS = 3  # a base: at least three of the shortest runs worth their warm-up a week


@dataclass(frozen=True)
class WeekSoFar:
    """What the runner has already done in the week the plan starts in, up to today."""

    first_open_day: date  # the first day the plan fills
    distance_m: float = 0.0
    speed_min: float = 0.0
    run_days: int = 0
    rest_days: int = 0  # days up to today with no run, core or cross-training
    core_sessions: int = 0
    cross_sessions: int = 0


@dataclass(frozen=True)
class StartPoint:
    start: date  # the first plan week's first day (this week's, when days are left in it)
    first_whole: date  # the first whole week's first day
    weeks_before: tuple[float, ...]  # every whole week before `start` (the level's input)
    level_m: float | None  # the current level now (decision 1); None: none
    last_week_m: float  # the last complete week (one progression compares with it)
    last_speed_min: float
    any_history: bool
    recent_history: bool
    typical_run_days: int | None
    usual_days: tuple[int, ...] | None
    usual_long_day: int | None
    easy_speed_m_s: float
    level: Level
    so_far: WeekSoFar
    no_base: bool  # the run-walk programme
    programme_from: int  # the programme session to join at
    start_week_m: float | None  # a first whole week the runner set
    longest_recent_m: float = 0.0  # the longest run of the last 30 days

    @property
    def in_progress(self) -> bool:
        """Whether the first plan week is the rest of the week in progress."""
        return self.start < self.so_far.first_open_day


def _circ(a: int, b: int) -> int:
    return min((a - b) % 7, (b - a) % 7)


def usual_days(log: TrainingLog, current: date, n: int) -> tuple[tuple[int, ...], int | None]:
    """The `n` weekdays the runner ran on most in the last 8 weeks, and the weekday their
    longest run of the week fell on most; ((), None) without runs to tell."""
    first = current - timedelta(days=7 * USUAL_WEEKS)
    runs = [r for r in log.runs if first <= r.day < current]
    if not runs:
        return (), None
    by_day: Counter[int] = Counter(d.weekday() for d in {r.day for r in runs})
    ranked = sorted(by_day, key=lambda wd: (-by_day[wd], wd))
    longest: Counter[int] = Counter()
    for w in range(USUAL_WEEKS):
        ws = current - timedelta(days=7 * (w + 1))
        week = [r for r in runs if ws <= r.day < ws + timedelta(days=7)]
        if week:
            longest[max(week, key=lambda r: (r.distance_m, -r.day.toordinal())).day.weekday()] += 1
    long_day = min(longest, key=lambda wd: (-longest[wd], wd)) if longest else None
    return tuple(sorted(ranked[:n])), long_day


def choose_days(
    profile: PlanProfile, limits: Limits, sp: StartPoint
) -> tuple[tuple[int, ...], int, int | None]:
    """Run weekdays, the long-run weekday and the quality weekday (None: no room for one
    away from the long run). The runner's own days when they gave them, else their usual
    days, else spread defaults."""
    allowed = limits.run_days_allowed
    if profile.run_days:
        pool, n = tuple(sorted(set(profile.run_days))), min(len(set(profile.run_days)), allowed)
    else:
        n = min(allowed, max(2, sp.typical_run_days or 3))
        if sp.no_base:
            n = min(allowed, 3)
        usual = sp.usual_days if sp.usual_days and len(sp.usual_days) >= n else None
        pool = usual[:n] if usual else DEFAULT_DAYS[n]
    wanted_long = profile.long_run_day if profile.long_run_day is not None else sp.usual_long_day
    if wanted_long in pool:
        long_day = wanted_long
    else:
        long_day = 5 if 5 in pool else 6 if 6 in pool else max(pool)
    chosen = [long_day]
    while len(chosen) < n:
        rest = [d for d in pool if d not in chosen]
        chosen.append(max(rest, key=lambda d: (min(_circ(d, c) for c in chosen), -d)))
    others = [d for d in chosen if _circ(d, long_day) >= 2]
    speed = max(others, key=lambda d: (_circ(d, long_day), -d)) if others else None
    return tuple(sorted(chosen)), long_day, speed


def weeks_before(log: TrainingLog, week: date) -> list[float]:
    """The run distance of every whole week from the first run's week to the week before."""
    first = log.first_week()
    if first is None or first >= week:
        return []
    return log.weekly_distances(first, week - timedelta(days=7))


def _so_far(log: TrainingLog, week_start: date, today: date) -> WeekSoFar:
    days = [week_start + timedelta(days=i) for i in range((today - week_start).days + 1)]
    sessions = log.sessions_between(week_start, today)
    runs = log.runs_between(week_start, today)
    return WeekSoFar(
        first_open_day=today + timedelta(days=1),
        distance_m=sum(r.distance_m for r in runs),
        speed_min=sum(r.speed_s for r in runs) / 60.0,
        run_days=len({r.day for r in runs}),
        rest_days=sum(1 for d in days if log.is_rest_day(d)),
        core_sessions=sum(1 for x in sessions if x.is_core),
        cross_sessions=sum(1 for x in sessions if is_cross_training(x)),
    )


def start_point(log: TrainingLog, profile: PlanProfile, limits: Limits, today: date) -> StartPoint:
    fw = log.first_weekday
    current = week_start_of(today, fw)
    nominal = current + timedelta(days=7)  # the first whole week ahead
    partial = today < current + timedelta(days=6)
    start = current if partial else nominal
    so_far = _so_far(log, current, today) if partial else WeekSoFar(first_open_day=nominal)
    before = weeks_before(log, current)
    level_m = level_after(before, limits.factors).distance_m
    last = weekly_figures(log, current - timedelta(days=7))
    runs = [r for r in log.runs if r.day <= today]
    recent = [r for r in runs if r.day >= nominal - timedelta(days=HISTORY_WINDOW_DAYS)]
    # how many days a week the runner runs: their last 4 weeks with runs (of the last 12)
    weeks = [weekly_figures(log, current - timedelta(days=7 * i)) for i in range(1, 13)]
    ran = [w.run_days for w in weeks if w.run_days][:RECENT_WEEKS]
    typical = int(statistics.median(ran)) if ran else None
    speed = easy_speed_m_s([(r.day, r.activity) for r in runs], nominal) if runs else None
    level = profile.level or (
        Level.BEGINNER
        if (level_m or 0.0) < 15000
        else Level.ADVANCED
        if (level_m or 0.0) >= 40000 and (typical or 0) >= 4
        else Level.INTERMEDIATE
    )
    easy = speed or DEFAULT_EASY_SPEED[level]
    base_m = BASE_RUNS * limits.shortest_run_m(easy)
    given = profile.start_week_m
    if given is not None:
        no_base = given < base_m - 1e-6
        join = start_index(given, 1e9, easy)
    else:
        no_base = level_m is None or level_m < base_m - 1e-6
        longest_s = max((r.moving_s for r in recent), default=0.0)
        join = start_index(level_m, longest_s, easy)
    usual, long_day = usual_days(log, current, max(2, typical or 3))
    return StartPoint(
        start=start,
        first_whole=nominal,
        weeks_before=tuple(weeks_before(log, start)),
        level_m=level_m,
        last_week_m=last.distance_m,
        last_speed_min=last.speed_min,
        any_history=bool(runs),
        recent_history=bool(recent),
        typical_run_days=typical,
        usual_days=usual or None,
        usual_long_day=long_day,
        easy_speed_m_s=easy,
        level=level,
        so_far=so_far,
        no_base=no_base,
        programme_from=join if no_base else 0,
        start_week_m=given,
        longest_recent_m=max(
            (r.distance_m for r in runs if r.day >= today - timedelta(days=30)), default=0.0
        ),
    )


def programme_baseline_m(sp: StartPoint) -> float:
    """The running distance of the programme's first week: what a runner confirms."""
    return running_week_m(sp.programme_from, sp.easy_speed_m_s)
