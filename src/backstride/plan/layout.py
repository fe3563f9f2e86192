"""One week of the plan, day by day: runs within every cap, then core, cross-training, rest.

`RunLedger` holds every run so far (history and plan) so each planned run is capped
by the long-run-spike limit against the 30 days before it. A week's runs are never
shorter than the shortest run worth its warm-up (fewer, longer runs instead), and its
long run is the longest of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType, SessionKind
from backstride.plan.model import PlanSession, SessionType, SpeedKind
from backstride.plan.sessions import (
    WeekContext,
    fit_walk_run,
    race_session,
    run_session,
    walk_run_session,
)
from backstride.units import METRES_PER_MILE

SPIKE_WINDOW_DAYS = 30
LONG_SHARE = {1: 1.0, 2: 0.55, 3: 0.35, 4: 0.31, 5: 0.28, 6: 0.25, 7: 0.25}
MAX_LONG_SHARE = {1: 1.0, 2: 0.6, 3: 0.5, 4: 0.45, 5: 0.4, 6: 0.35, 7: 0.33}
CROSS_KINDS = (SessionKind.CYCLING, SessionKind.STRENGTH, SessionKind.SWIMMING)
CROSS_MIN = 30


@dataclass
class RunLedger:
    """Longest run per local day, from history and from the plan so far."""

    longest: dict[date, float] = field(default_factory=dict)
    hard: set[date] = field(default_factory=set)

    def copy(self) -> RunLedger:
        return RunLedger(dict(self.longest), set(self.hard))

    def add(self, day: date, distance_m: float, hard: bool) -> None:
        self.longest[day] = max(self.longest.get(day, 0.0), distance_m)
        if hard:
            self.hard.add(day)

    def longest_before(self, day: date) -> float | None:
        first = day - timedelta(days=SPIKE_WINDOW_DAYS)
        found = [d for k, d in self.longest.items() if first <= k < day]
        return max(found) if found else None

    def cap(self, day: date, pct: float, fallback_m: float = math.inf) -> float:
        longest = self.longest_before(day)
        if longest is None:
            return fallback_m
        return longest * (1 + pct / 100)


def floor_distance(metres: float, units: Units) -> float:
    """Down to a tenth of the runner's unit, so rounding never breaks a cap."""
    unit = METRES_PER_MILE if units is Units.MI else 1000.0
    return math.floor(metres / unit * 10 + 1e-9) * unit / 10


def week_dates(week_start: date, weekdays: tuple[int, ...]) -> list[date]:
    return sorted(week_start + timedelta(days=(wd - week_start.weekday()) % 7) for wd in weekdays)


@dataclass(frozen=True)
class WeekRequest:
    """What a week's runs should come to. In the week in progress, `open_from` is the
    first day the plan fills, `max_days` the run days left to give and `basis_m` the
    whole week's distance each open day's run is sized from (days past are never made
    up for by longer runs); `target_m` is then at most what the open days hold."""

    start: date
    target_m: float
    long_m: float = 0.0  # a long run wanted beyond its share (a race build), within limits
    speed_min: float = 0.0
    speed_kind: SpeedKind = SpeedKind.REPEATS
    open_from: date | None = None
    max_days: int | None = None
    basis_m: float | None = None
    race: tuple[date, float, str] | None = None  # race week: (day, distance, goal label)
    no_hard: frozenset[date] = frozenset()


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


def sizes(ctx: WeekContext, total_m: float, n: int, long_m: float = 0.0) -> tuple[float, float]:
    """(long run, each other run) for a week of `total_m` in `n` runs: the long run its
    share of the week (more towards `long_m` when a race needs it, up to the most a long
    run should be of a week), never over the long-run cap, never shorter than the others."""
    if n <= 1:
        return min(total_m, ctx.long_cap_m), 0.0
    share = LONG_SHARE[min(n, 7)] * total_m
    long = max(share, min(long_m, MAX_LONG_SHARE[min(n, 7)] * total_m))
    long = min(long, ctx.long_cap_m)
    other = min(long, (total_m - long) / (n - 1))
    return long, other


def runs_that_fit(ctx: WeekContext, total_m: float, n: int, long_m: float = 0.0) -> int:
    """The most runs (up to `n`) a week of `total_m` holds with none under the minimum."""
    shortest = ctx.shortest_run_m
    for k in range(n, 0, -1):
        long, other = sizes(ctx, total_m, k, long_m)
        if (k == 1 and long >= shortest - 1e-6) or (k > 1 and other >= shortest - 1e-6):
            return k
    return 0


def lay_out_runs(ctx: WeekContext, ledger: RunLedger, req: WeekRequest) -> list[PlanSession]:
    """The week's runs, each within its spike cap, none under the minimum, the long run
    the longest; hard days never back to back."""
    if req.race is not None:
        return _race_week(ctx, ledger, req)
    lim = ctx.limits
    all_days = week_dates(req.start, ctx.run_weekdays)
    allowed = lim.run_days_allowed
    basis = req.basis_m if req.basis_m is not None else req.target_m
    n = runs_that_fit(ctx, basis, min(len(all_days), allowed), req.long_m)
    if n == 0:
        return []
    days = all_days
    if len(all_days) > n:
        days = _spread(all_days, n, ctx.long_weekday, set(ledger.longest))
    if req.open_from is not None:
        days = [d for d in days if d >= req.open_from]
        if req.max_days is not None and len(days) > req.max_days:
            days = _spread(days, max(0, req.max_days), ctx.long_weekday, set(ledger.longest))
    if not days:
        return []
    long, other = sizes(ctx, basis, n, req.long_m)
    fresh = ledger.longest_before(days[0]) is None
    if fresh:  # no run in the 30 days before: even runs (the first sets the spike cap)
        long = other = basis / n
    long_day = next((d for d in days if d.weekday() == ctx.long_weekday), None)
    if n == 1:
        long_day = days[0]
    if long_day is not None and not fresh:
        capped = min(long, ledger.cap(long_day, lim.spike_pct))
        if capped < long and n > 1:  # the others take up what the long run cannot
            other = min(capped, max(other, (basis - capped) / (n - 1)))
        long = capped
    other = min(other, long)
    wants = [long if d == long_day else other for d in days]
    planned = sum(wants)
    if planned > req.target_m + 1e-6:  # the week in progress: less than its days hold
        wants = [w * req.target_m / planned for w in wants]
    shortest = ctx.shortest_run_m
    # caps from the runs before the week: a run the week in progress leaves out never
    # lifted a later run's cap
    caps = {d: ledger.cap(d, lim.spike_pct) for d in days}
    out: list[PlanSession] = []
    for day, want in zip(days, wants, strict=True):
        metres = floor_distance(min(want, caps[day]), ctx.units)
        if metres < shortest - 1e-6:
            continue
        run_type = RunType.LONG if day == long_day and n >= 2 and not fresh else RunType.EASY
        if day.weekday() == ctx.speed_weekday and req.speed_min > 0 and day != long_day:
            run_type = RunType.SPEED
        hard_before = (day - timedelta(days=1)) in ledger.hard
        if run_type is not RunType.EASY and (hard_before or day in req.no_hard):
            run_type = RunType.EASY
        session = run_session(ctx, day, run_type, metres, req.speed_min, req.speed_kind)
        ledger.add(day, metres, session.is_hard)
        out.append(session)
    if not out:  # every run capped under the shortest worth its warm-up: run-walks
        for day, want in zip(days, wants, strict=True):
            walk = fit_walk_run(min(want, caps[day]), ctx.easy_speed_m_s, lim.min_run_s)
            if walk is not None:
                session = walk_run_session(ctx, day, walk, "a run-walk: the rules keep runs short")
                ledger.add(day, session.distance_m or 0.0, False)
                out.append(session)
    return out


def _race_week(ctx: WeekContext, ledger: RunLedger, req: WeekRequest) -> list[PlanSession]:
    """Easy runs before the race (never the day before it), then the race."""
    assert req.race is not None
    race_day, race_m, label = req.race
    days = [d for d in week_dates(req.start, ctx.run_weekdays) if d < race_day - timedelta(1)]
    if req.open_from is not None:
        days = [d for d in days if d >= req.open_from]
    room = ctx.limits.run_days_allowed - 1
    if req.max_days is not None:
        room = min(room, req.max_days - 1)
    n = min(len(days), max(0, room), runs_that_fit(ctx, req.target_m, 2))
    days = days[len(days) - n :] if n else []
    out = []
    for day in days:
        metres = floor_distance(
            min(req.target_m / n, ledger.cap(day, ctx.limits.spike_pct)), ctx.units
        )
        if metres >= ctx.shortest_run_m - 1e-6:
            out.append(run_session(ctx, day, RunType.EASY, metres))
            ledger.add(day, metres, False)
    if race_m > 0:
        out.append(race_session(ctx, race_day, race_m, label))
        ledger.add(race_day, race_m, True)
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
