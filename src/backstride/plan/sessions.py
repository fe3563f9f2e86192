"""One planned session at a time: runs, run-walks and races, with routines in proportion.

Warm-up and cool-down scale with the run: a run under half an hour gets the short ones,
a run-walk the brisk-walk warm-up, a speed session the speed-day warm-up; each at least
as long as the configured minimum. Quality sessions are strides, repeats or tempo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType
from backstride.plan.limits import Limits
from backstride.plan.model import (
    Level,
    PlanSession,
    SessionType,
    SpeedKind,
    SpeedWork,
    WalkRun,
)
from backstride.routines import load_routine, routine_seconds
from backstride.units import METRES_PER_MILE

WALK_SPEED_M_S = 1.35  # a brisk walk, about 4.9 km/h
SHORT_RUN_S = 30 * 60  # under this: the short warm-up and cool-down
EASY_AROUND_S = 600.0  # speed work keeps 10 minutes easy around the repeats
REP_S = {Level.BEGINNER: 60.0, Level.INTERMEDIATE: 120.0, Level.ADVANCED: 180.0}
STRIDE_S, STRIDE_REST_S, MAX_STRIDES = 20.0, 60.0, 8
TEMPO_FROM_MIN = 8.0  # this many minutes of speed work or more may be a tempo run
EFFORT = {
    RunType.EASY: "easy: conversational pace, RPE 3-4 of 10",
    RunType.LONG: "long and easy: conversational pace, RPE 3-4; walk breaks are fine",
    RunType.SPEED: "quality: the fast parts comfortably hard (RPE 6-7), the rest easy",
}
WALK_RUN_EFFORT = "run-walk: run gently (you can talk), walk briskly; RPE 3-4 of 10"


def race_effort(pain_limit: float) -> str:
    return f"race: start steady, stay within your pain limit (stop above {pain_limit:g}/10)"


def flare_effort(pain_limit: float) -> str:
    return f"{EFFORT[RunType.EASY]}; stop if pain goes above {pain_limit:g}/10"


@dataclass(frozen=True)
class WeekContext:
    limits: Limits
    units: Units
    level: Level
    easy_speed_m_s: float
    run_weekdays: tuple[int, ...]
    long_weekday: int | None
    speed_weekday: int | None
    fallback_run_m: float  # the longest a run may be with no run in the 30 days before
    core_routine: str
    by_time: bool  # targets in minutes (a runner without recent history)
    long_cap_m: float = math.inf  # the longest training run (a race's coaching cap)

    @property
    def shortest_run_m(self) -> float:
        """The shortest run worth its warm-up, up to a tenth of the runner's unit (so a run
        this long, rounded down as every planned distance is, still is long enough)."""
        unit = METRES_PER_MILE / 10 if self.units is Units.MI else 100.0
        return math.ceil(self.limits.shortest_run_m(self.easy_speed_m_s) / unit - 1e-9) * unit


@cache
def _seconds(name: str) -> float:
    return routine_seconds(load_routine(name))


@cache
def _pick_routine(names: tuple[str, ...], minimum_min: float) -> str:
    """The first routine at least `minimum_min` long; else the longest of them."""
    for name in names:
        if _seconds(name) >= minimum_min * 60 - 1e-6:
            return name
    return max(names, key=_seconds)


def routines_for(
    run_s: float, limits: Limits, *, speed: bool = False, flare: bool = False, walk: bool = False
) -> tuple[str, str]:
    """Warm-up and cool-down in proportion to the session, never under the minimums."""
    short = run_s < SHORT_RUN_S
    if walk:
        warm: tuple[str, ...] = ("warm-up-walk", "warm-up", "warm-up-speed")
    elif flare:
        warm = ("warm-up-flare", "warm-up", "warm-up-speed")
    elif speed:
        warm = ("warm-up-speed",)
    elif short:
        warm = ("warm-up-short", "warm-up", "warm-up-speed")
    else:
        warm = ("warm-up", "warm-up-speed")
    cool = ("cool-down-short", "cool-down") if short or walk else ("cool-down",)
    return _pick_routine(warm, limits.warm_up_min), _pick_routine(cool, limits.cool_down_min)


def quality_kind(speed_min: float, cycle: int, level: Level) -> SpeedKind:
    """Strides to begin with, then repeats, then repeats and tempo taking turns."""
    if speed_min <= 2.0 + 1e-9 or (level is Level.BEGINNER and speed_min < 4.0 - 1e-9):
        return SpeedKind.STRIDES
    if speed_min < TEMPO_FROM_MIN - 1e-9:
        return SpeedKind.REPEATS
    return SpeedKind.TEMPO if cycle % 2 else SpeedKind.REPEATS


def speed_work(
    speed_min: float, run_s: float, level: Level, kind: SpeedKind = SpeedKind.REPEATS
) -> SpeedWork | None:
    """Fast minutes adding up to at most `speed_min` that fit in a run of `run_s`, with
    10 minutes easy besides; None when too little fits to be worth it."""
    room = run_s - EASY_AROUND_S
    fast_s = speed_min * 60
    if kind is SpeedKind.STRIDES:
        reps = min(MAX_STRIDES, math.floor(fast_s / STRIDE_S + 1e-9))
        reps = min(reps, math.floor(room / (STRIDE_S + STRIDE_REST_S) + 1e-9))
        return SpeedWork(reps, STRIDE_S, STRIDE_REST_S, kind) if reps >= 3 else None
    if kind is SpeedKind.TEMPO:
        blocks = 1 if speed_min <= 15 else 2
        rest = 120.0 if blocks == 2 else 0.0
        block_s = math.floor(min(fast_s, room - rest * (blocks - 1)) / blocks / 60 + 1e-9) * 60
        if block_s * blocks >= TEMPO_FROM_MIN * 60 - 1e-6:
            return SpeedWork(blocks, block_s, rest, kind)
        kind = SpeedKind.REPEATS
    rep_s = REP_S[level]
    reps = min(math.floor(fast_s / rep_s + 1e-9), math.floor(room / (2 * rep_s) + 1e-9))
    if reps < 2 and level is not Level.BEGINNER:
        rep_s = REP_S[Level.BEGINNER]
        reps = min(math.floor(fast_s / rep_s + 1e-9), math.floor(room / (2 * rep_s) + 1e-9))
    return SpeedWork(reps, rep_s, rep_s, SpeedKind.REPEATS) if reps >= 2 else None


def run_session(
    ctx: WeekContext,
    day: date,
    run_type: RunType,
    metres: float,
    speed_min: float = 0.0,
    kind: SpeedKind = SpeedKind.REPEATS,
) -> PlanSession:
    """An easy, long or speed run of `metres` (a speed run without room for its work is
    an easy run)."""
    seconds = metres / ctx.easy_speed_m_s
    work = speed_work(speed_min, seconds, ctx.level, kind) if run_type is RunType.SPEED else None
    if run_type is RunType.SPEED and work is None:
        run_type = RunType.EASY
    warm, cool = routines_for(seconds, ctx.limits, speed=work is not None)
    session = PlanSession(
        on=day,
        slot=0,
        kind=SessionType.RUN,
        run_type=run_type,
        distance_m=metres,
        duration_s=round(seconds),
        target="time" if ctx.by_time else "distance",
        routines=(warm, cool),
        effort=EFFORT[run_type],
        speed=work,
    )
    note = session.speed_note
    return replace(session, notes=(note,)) if note else session


def walk_run_metres(walk: WalkRun, easy_speed_m_s: float) -> float:
    """What a watch records for a run-walk: the running and the walking."""
    return walk.run_s * easy_speed_m_s + walk.walk_s * WALK_SPEED_M_S


def walk_run_session(
    ctx: WeekContext, day: date, walk: WalkRun, note: str = "", run_type: RunType = RunType.EASY
) -> PlanSession:
    """A run-walk session; one continuous run (no walking) is planned as a plain run."""
    metres = walk_run_metres(walk, ctx.easy_speed_m_s)
    if walk.continuous:
        warm, cool = routines_for(walk.total_s, ctx.limits)
        return PlanSession(
            on=day,
            slot=0,
            kind=SessionType.RUN,
            run_type=run_type,
            distance_m=metres,
            duration_s=round(walk.total_s),
            target="time",
            routines=(warm, cool),
            effort=EFFORT[run_type],
            notes=(note,) if note else (),
        )
    warm, cool = routines_for(walk.total_s, ctx.limits, walk=True)
    notes = (f"run-walk: {walk.describe()}", *((note,) if note else ()))
    return PlanSession(
        on=day,
        slot=0,
        kind=SessionType.RUN,
        run_type=RunType.EASY,
        distance_m=metres,
        duration_s=round(walk.total_s),
        target="time",
        routines=(warm, cool),
        effort=WALK_RUN_EFFORT,
        notes=notes,
        walk_run=walk,
    )


def walk_run_for(seconds_running: float, total_s: float) -> WalkRun:
    """A run-walk of about `total_s` with `seconds_running` of it running, in even
    intervals of 1-5 minutes running (more running, longer intervals)."""
    run_s = max(60.0, math.floor(seconds_running / 60) * 60)
    walk_s = max(60.0, total_s - run_s)
    share = run_s / (run_s + walk_s)
    interval = 300.0 if share >= 0.7 else 180.0 if share >= 0.5 else 120.0 if share > 0.3 else 60.0
    reps = max(2, round(run_s / interval))
    each_run = run_s / reps
    each_walk = walk_s / reps
    return WalkRun(tuple((each_run, each_walk) for _ in range(reps)))


def fit_walk_run(metres: float, easy_speed_m_s: float, min_s: float) -> WalkRun | None:
    """The run-walk of `min_s` whose distance (running and walking) is at most `metres`,
    with at least 3 minutes of running; None when none fits."""
    run_s = (metres - min_s * WALK_SPEED_M_S) / (easy_speed_m_s - WALK_SPEED_M_S)
    if easy_speed_m_s <= WALK_SPEED_M_S or run_s < 180:
        return None
    walk = walk_run_for(min(run_s, min_s - 60), min_s)
    while walk.run_s * easy_speed_m_s + walk.walk_s * WALK_SPEED_M_S > metres + 1e-6:
        if walk.run_s <= 180:
            return None
        walk = walk_run_for(walk.run_s - 60, min_s)
    return walk


def race_session(ctx: WeekContext, day: date, metres: float, label: str) -> PlanSession:
    seconds = metres / (ctx.easy_speed_m_s * 1.08)
    warm, cool = routines_for(seconds, ctx.limits)
    return PlanSession(
        on=day,
        slot=0,
        kind=SessionType.RUN,
        run_type=RunType.RACE,
        distance_m=metres,
        duration_s=round(seconds),
        target="distance",
        routines=(warm, cool),
        effort=race_effort(ctx.limits.pain_during_max),
        notes=("race day",),
        race=True,
    )
