"""One week of the plan, day by day: runs within every cap, then core, cross-training, rest.

`RunLedger` holds every run so far (history and plan) so each planned run is capped
by the long-run-spike limit against the 30 days before it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType, SessionKind
from backstride.plan.limits import Limits
from backstride.plan.model import Level, PlanSession, SessionType, SpeedWork
from backstride.training.days import METRES_PER_MILE

SPIKE_WINDOW_DAYS = 30
MIN_RUN_M = 500.0
LONG_SHARE = {1: 1.0, 2: 0.55, 3: 0.45, 4: 0.38, 5: 0.32, 6: 0.28, 7: 0.25}
REP_S = {Level.BEGINNER: 60.0, Level.INTERMEDIATE: 120.0, Level.ADVANCED: 180.0}
CROSS_KINDS = (SessionKind.CYCLING, SessionKind.STRENGTH, SessionKind.SWIMMING)
CROSS_MIN = 30
EFFORT = {
    RunType.EASY: "easy: conversational pace, RPE 3-4 of 10",
    RunType.LONG: "long and easy: conversational pace, RPE 3-4; walk breaks are fine",
    RunType.SPEED: "repeats comfortably hard (RPE 6-7), easy jog between; rest of the run easy",
}
RACE_EFFORT = "race: start steady, stay within pain limits (stop above 5/10)"


@dataclass
class RunLedger:
    """Longest run per local day, from history and from the plan so far."""

    longest: dict[date, float] = field(default_factory=dict)
    hard: set[date] = field(default_factory=set)

    def add(self, day: date, distance_m: float, hard: bool) -> None:
        self.longest[day] = max(self.longest.get(day, 0.0), distance_m)
        if hard:
            self.hard.add(day)

    def longest_before(self, day: date) -> float | None:
        first = day - timedelta(days=SPIKE_WINDOW_DAYS)
        found = [d for k, d in self.longest.items() if first <= k < day]
        return max(found) if found else None

    def cap(self, day: date, pct: float, fallback_m: float) -> float:
        longest = self.longest_before(day)
        if longest is None:
            return fallback_m
        return longest * (1 + pct / 100)


@dataclass(frozen=True)
class WeekContext:
    limits: Limits
    units: Units
    level: Level
    easy_speed_m_s: float
    run_weekdays: tuple[int, ...]
    long_weekday: int | None
    speed_weekday: int | None
    fallback_run_m: float
    core_routine: str
    by_time: bool  # targets in minutes (a runner without history)


def floor_distance(metres: float, units: Units) -> float:
    """Down to a tenth of the runner's unit, so rounding never breaks a cap."""
    unit = METRES_PER_MILE if units is Units.MI else 1000.0
    return math.floor(metres / unit * 10 + 1e-9) * unit / 10


def fit_run(want_m: float, cap_m: float, longest_m: float | None) -> float:
    """A run length within its cap, down to 100 m; where that would not grow past the
    longest run of the last 30 days but the cap allows it, down to 10 m instead, so
    rounding never stops growth."""
    metres = min(want_m, cap_m)
    out = math.floor(metres / 100 + 1e-9) * 100.0
    if longest_m is not None and out <= longest_m < metres:
        out = math.floor(metres / 10 + 1e-9) * 10.0
    return out


def speed_work(speed_min: float, run_s: float, level: Level) -> SpeedWork | None:
    """Repeats adding up to at most `speed_min` that fit in the run (10 min easy besides)."""
    rep_s = REP_S[level]
    reps = min(math.floor(speed_min * 60 / rep_s + 1e-9), math.floor((run_s - 600) / (2 * rep_s)))
    return SpeedWork(reps, rep_s, rep_s) if reps >= 2 else None


def _run(
    ctx: WeekContext, day: date, run_type: RunType, metres: float, speed_min: float = 0.0
) -> PlanSession:
    seconds = metres / ctx.easy_speed_m_s
    work = speed_work(speed_min, seconds, ctx.level) if run_type is RunType.SPEED else None
    if run_type is RunType.SPEED and work is None:
        run_type = RunType.EASY
    warm = "warm-up-speed" if work else "warm-up"
    session = PlanSession(
        on=day,
        slot=0,
        kind=SessionType.RUN,
        run_type=run_type,
        distance_m=metres,
        duration_s=round(seconds),
        target="time" if ctx.by_time else "distance",
        routines=(warm, "cool-down"),
        effort=EFFORT[run_type],
        speed=work,
    )
    note = session.speed_note
    return replace(session, notes=(note,)) if note else session


def race_session(ctx: WeekContext, day: date, metres: float) -> PlanSession:
    return PlanSession(
        on=day,
        slot=0,
        kind=SessionType.RUN,
        run_type=RunType.SPEED if metres < 15000 else RunType.LONG,
        distance_m=metres,
        duration_s=round(metres / (ctx.easy_speed_m_s * 1.1)),
        target="distance",
        routines=("warm-up", "cool-down"),
        effort=RACE_EFFORT,
        notes=("race day",),
        race=True,
    )


def week_dates(week_start: date, weekdays: tuple[int, ...]) -> list[date]:
    return sorted(week_start + timedelta(days=(wd - week_start.weekday()) % 7) for wd in weekdays)


def lay_out_runs(
    ctx: WeekContext,
    ledger: RunLedger,
    week_start: date,
    target_m: float,
    speed_min: float,
    race: tuple[date, float] | None = None,
    no_hard: frozenset[date] = frozenset(),
    open_from: date | None = None,
    max_days: int | None = None,
    week_m: float | None = None,
) -> list[PlanSession]:
    """The week's runs, each within its spike cap; hard days never back to back.

    `race` = (day, distance): only easy runs before it (never the day before), none after.
    The week in progress: `open_from` is the first day the plan fills, `max_days` how many
    run days are left to give (the race day included), `week_m` the whole week's distance:
    each open day's run is as long as it would be in a whole week of `week_m` (the days
    already past are never made up for by longer runs), `target_m` at most in all.
    """
    days = week_dates(week_start, ctx.run_weekdays)
    n_share = len(days)
    if open_from is not None:
        days = [d for d in days if d >= open_from]
    allowed = min(ctx.limits.max_run_days, 7 - ctx.limits.min_rest_days)
    if max_days is not None:
        allowed = min(allowed, max_days)
    if race is not None:
        race_day, _race_m = race
        days = [d for d in days if d < race_day - timedelta(days=1)]
        keep = allowed - 1
        days = days[-keep:] if keep > 0 else []
    elif len(days) > allowed:
        days = _spread(days, max(0, allowed), ctx.long_weekday, set(ledger.longest))
    n = len(days)
    if n == 0 and race is None:
        return []
    if week_m is None or race is not None:
        week_m, n_share = target_m, n
    # no run in the 30 days before the week: runs of even length, each up to the cautious
    # run length (a short first run would pin the later ones at 110% of it)
    fresh = bool(days) and ledger.longest_before(days[0]) is None
    long_share = LONG_SHARE[n_share] if n_share >= 2 and race is None and not fresh else 0.0
    other_m = week_m * (1 - long_share) / max(1, n_share - (1 if long_share else 0))
    long_want = week_m * long_share if long_share else other_m
    out: list[PlanSession] = []
    carry = 0.0  # distance a cap or rounding took from earlier days
    budget = target_m
    for day in days:
        run_type = RunType.EASY
        if race is None and n_share >= 2 and day.weekday() == ctx.long_weekday:
            run_type = RunType.LONG
        elif race is None and day.weekday() == ctx.speed_weekday and speed_min > 0:
            run_type = RunType.SPEED
        neighbours_hard = (day - timedelta(days=1)) in ledger.hard or day in no_hard
        if run_type is not RunType.EASY and neighbours_hard:
            run_type = RunType.EASY
        base = long_want if run_type is RunType.LONG else other_m
        top = base + carry if run_type is RunType.LONG else max(base, min(base + carry, long_want))
        cap = ledger.cap(day, ctx.limits.spike_pct, ctx.fallback_run_m)
        metres = fit_run(min(top, budget), cap, ledger.longest_before(day))
        carry = max(0.0, carry + base - metres)
        if metres < MIN_RUN_M:
            continue
        budget -= metres
        session = _run(ctx, day, run_type, metres, speed_min)
        ledger.add(day, metres, session.is_hard)
        out.append(session)
    if race is not None and race[1] >= MIN_RUN_M:
        session = race_session(ctx, race[0], race[1])
        ledger.add(race[0], race[1], True)
        out.append(session)
    return out


def _spread(days: list[date], n: int, long_weekday: int | None, ran: set[date]) -> list[date]:
    """`n` of `days`: the long-run day first, then each furthest from the runs around it."""
    chosen = [d for d in days if d.weekday() == long_weekday][:n]
    while len(chosen) < n:
        near = ran | set(chosen)
        rest = [d for d in days if d not in chosen]
        chosen.append(
            max(
                rest,
                key=lambda d: (min((abs((d - x).days) for x in near), default=7), -d.toordinal()),
            )
        )
    return sorted(chosen)


def cap_speed(
    runs: list[PlanSession], allowed_min: float, ctx: WeekContext, ledger: RunLedger
) -> list[PlanSession]:
    """Shorten the week's repeats so its speed minutes stay at or under `allowed_min`."""
    out = []
    used = sum(r.speed_s for r in runs if r.race) / 60
    for r in runs:
        if r.speed is not None:
            left = max(0.0, allowed_min - used)
            new = _run(ctx, r.on, RunType.SPEED, r.distance_m or 0.0, left)
            if not new.is_hard:
                ledger.hard.discard(r.on)
            used += new.speed_s / 60
            r = new
        out.append(r)
    return out


def _pick(candidates: list[date], taken: set[date], count: int) -> list[date]:
    out: list[date] = []
    for day in candidates:
        if len(out) == count:
            break
        if day not in taken:
            out.append(day)
    return out


@dataclass(frozen=True)
class WeekDone:
    """Of the week in progress, what the days before `open_from` already hold."""

    open_from: date
    rest_days: int
    core_sessions: int
    cross_sessions: int


def other_sessions(
    ctx: WeekContext,
    week_start: date,
    runs: list[PlanSession],
    week_index: int,
    done: WeekDone | None = None,
) -> list[PlanSession]:
    """Cross-training, core and rest for the days around the runs.

    At least `min_rest_days` days stay free of runs, core and cross-training, the
    days already past (`done`) counted.
    """
    lim = ctx.limits
    all_days = [week_start + timedelta(days=i) for i in range(7)]
    rest_min, cross_min, core_min = lim.min_rest_days, lim.cross_min, lim.core_min
    if done is not None:
        all_days = [d for d in all_days if d >= done.open_from]
        rest_min = max(0, rest_min - done.rest_days)
        cross_min = max(0, cross_min - done.cross_sessions)
        core_min = max(0, core_min - done.core_sessions)
    run_days = sorted({r.on for r in runs})
    easy_days = [d for d in run_days if all(not r.is_hard for r in runs if r.on == d)]
    hard_days = [d for d in run_days if d not in easy_days]
    free = [d for d in all_days if d not in run_days]
    spare = max(0, len(free) - rest_min)
    # Spread the spare non-run days: the ones furthest from hard days first.
    free_ranked = sorted(
        free, key=lambda d: (-min((abs((d - h).days) for h in hard_days), default=7), d)
    )[:spare]
    cross_days = _pick(free_ranked + easy_days + hard_days, set(), cross_min)
    used_free = sorted(set(cross_days) - set(run_days))
    spare_left = [d for d in free_ranked if d not in used_free][: spare - len(used_free)]
    core_days = _pick(easy_days + used_free + spare_left + hard_days, set(), core_min)
    out: list[PlanSession] = []
    for i, day in enumerate(cross_days):
        kind = CROSS_KINDS[(week_index + i) % len(CROSS_KINDS)]
        out.append(
            PlanSession(
                on=day,
                slot=0,
                kind=SessionType.CROSS,
                duration_s=CROSS_MIN * 60,
                effort="easy to moderate, RPE 3-5",
                notes=(f"{kind.value}, about {CROSS_MIN} min",),
                cross_kind=kind,
            )
        )
    for day in core_days:
        out.append(
            PlanSession(
                on=day,
                slot=0,
                kind=SessionType.CORE,
                routines=(ctx.core_routine,),
                effort="controlled, no pain",
                notes=("after the run",) if day in run_days else (),
            )
        )
    busy = set(run_days) | set(cross_days) | set(core_days)
    for i, day in enumerate(d for d in all_days if d not in busy):
        routine = ("rest-walk", "rest-yoga", None)[(week_index + i) % 3]
        out.append(
            PlanSession(
                on=day,
                slot=0,
                kind=SessionType.REST,
                routines=(routine,) if routine else (),
                notes=("rest day: a walk, yoga or nothing",),
            )
        )
    return out
