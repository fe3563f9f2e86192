"""The generator: a pure, deterministic function of (profile, history, goal, config, today).

Every week satisfies every rule by construction: run days, rest days, the weekly ramp,
the long-run spike, one progression at a time (distance and speed weeks alternate),
no two hard days in a row, core and cross-training, a lighter week every fourth week
and, for a race, a taper. A goal that cannot be reached safely gets the safe plan and
a warning that says so.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace
from datetime import date, timedelta

from backstride.domain.backcare import History, RunType
from backstride.plan.layout import (
    LONG_SHARE,
    MIN_RUN_M,
    RunLedger,
    WeekContext,
    WeekDone,
    cap_speed,
    floor_distance,
    lay_out_runs,
    other_sessions,
)
from backstride.plan.limits import Limits
from backstride.plan.model import (
    POSTURE_CUES,
    Block,
    Goal,
    GoalKind,
    Level,
    Plan,
    PlanError,
    PlanProfile,
    PlanResult,
    PlanSession,
    PlanWeek,
    plan_id,
)
from backstride.rules import RED_FLAGS_BY_ID, RulesConfig, Severity
from backstride.rules.redflags import SEVERITY, is_active
from backstride.training.classify import easy_speed_m_s
from backstride.training.days import format_distance, week_start_of
from backstride.training.level import level_after
from backstride.training.weekly import (
    TrainingLog,
    is_cross_training,
    training_days,
    weekly_figures,
)

DEFAULT_WEEKS = 12
MAX_WEEKS = 104
RECENT_WEEKS = 4  # complete weeks that set the starting point
HISTORY_WINDOW_DAYS = 42  # no run in these 6 weeks: a cautious start
NO_HISTORY_START_M = 6000.0
NO_HISTORY_MAX_START_M = 12000.0
DEFAULT_EASY_SPEED = {Level.BEGINNER: 2.2, Level.INTERMEDIATE: 2.6, Level.ADVANCED: 2.9}
DEFAULT_DAYS = {
    1: (5,),
    2: (1, 5),
    3: (1, 3, 5),
    4: (0, 2, 4, 5),
    5: (0, 1, 3, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}
SPEED_CAP_MIN = {Level.BEGINNER: 6.0, Level.INTERMEDIATE: 20.0, Level.ADVANCED: 30.0}
SPEED_STEP_MIN = {Level.BEGINNER: 2.0, Level.INTERMEDIATE: 4.0, Level.ADVANCED: 4.0}
RACE_WEEKLY_M = ((5000.0, 15000.0), (10000.0, 25000.0), (21097.5, 35000.0), (1e9, 50000.0))
CYCLE = (Block.DISTANCE, Block.SPEED, Block.DISTANCE, Block.LIGHTER)  # week w uses CYCLE[w % 4]


@dataclass(frozen=True)
class WeekSoFar:
    """What the runner has already done in the week the plan starts in, up to today.

    A plan made before the last day of a week starts that week: the days after today
    get sessions, the days up to today are history, and the week's rules count both.
    """

    first_open_day: date  # the first day the plan fills
    distance_m: float = 0.0
    speed_min: float = 0.0
    run_days: int = 0
    rest_days: int = 0  # days up to today with no run, core or cross-training
    core_sessions: int = 0
    cross_sessions: int = 0


@dataclass(frozen=True)
class StartPoint:
    """Where the plan starts, from the runner's recent history."""

    start: date  # the first plan week's first day (this week's, when days are left in it)
    prev_week_m: float  # the week the first plan week is compared with
    prev_speed_min: float
    first_week_m: float  # the first plan week's whole distance, what was run in it included
    level_m: float  # the runner's level: the last complete weeks (or the cautious start)
    any_history: bool
    recent_history: bool
    typical_run_days: int | None
    easy_speed_m_s: float
    level: Level
    so_far: WeekSoFar

    @property
    def in_progress(self) -> bool:
        """Whether the first plan week is the rest of the week in progress."""
        return self.start < self.so_far.first_open_day


def _circ(a: int, b: int) -> int:
    return min((a - b) % 7, (b - a) % 7)


def choose_days(
    profile: PlanProfile, limits: Limits, typical: int | None
) -> tuple[tuple[int, ...], int, int | None]:
    """Run weekdays, the long-run weekday and the speed weekday (None: no room for speed)."""
    allowed = max(1, min(limits.max_run_days, 7 - limits.min_rest_days))
    if profile.run_days:
        pool, n = tuple(sorted(set(profile.run_days))), min(len(set(profile.run_days)), allowed)
    else:
        n = min(allowed, max(2, typical or 3))
        pool = DEFAULT_DAYS[n]
    if profile.long_run_day in pool:
        long_day = profile.long_run_day
    else:
        long_day = 5 if 5 in pool else 6 if 6 in pool else max(pool)
    chosen = [long_day]
    while len(chosen) < n:
        rest = [d for d in pool if d not in chosen]
        chosen.append(max(rest, key=lambda d: (min(_circ(d, c) for c in chosen), -d)))
    others = [d for d in chosen if _circ(d, long_day) >= 2]
    speed = max(others, key=lambda d: (_circ(d, long_day), -d)) if others else None
    return tuple(sorted(chosen)), long_day, speed


def start_point(
    history: History, log: TrainingLog, profile: PlanProfile, limits: Limits, today: date
) -> StartPoint:
    """The level from the last complete weeks; the first week within the ramp of the last.

    With days left in the week in progress (today's), the plan starts in it: the rest
    of this week is planned so that the whole week, what has been run so far included,
    keeps to the ramp over the last complete week and climbs back to the runner's level.
    On the week's last day the plan starts next week, compared with this one. Either
    way the week in progress never lowers the level.
    """
    fw = log.first_weekday
    current = week_start_of(today, fw)
    nominal = current + timedelta(days=7)  # the first whole week ahead
    partial = today < current + timedelta(days=6)
    start = current if partial else nominal
    done = [r for r in log.runs if current <= r.day <= today]
    done_m = math.fsum(r.distance_m for r in done)
    done_speed = math.fsum(r.speed_s for r in done) / 60.0
    if partial:
        last = weekly_figures(log, current - timedelta(days=7))
        prev_speed = last.speed_min
        so_far = _so_far(log, current, today, done_m, done_speed)
    else:
        prev_speed = done_speed
        so_far = WeekSoFar(first_open_day=nominal)
    # the first plan week is compared with the runner's current level (training.level),
    # not the literal week before: a missed week does not restart the plan near zero
    reference = level_after(_weeks_before(log, start), limits.factors)
    prev_m = reference.distance_m or 0.0
    weeks = [
        weekly_figures(log, current - timedelta(days=7 * i)) for i in range(1, 1 + RECENT_WEEKS)
    ]
    runs = [r for r in log.runs if r.day <= today]
    any_history = bool(runs)
    recent = any(r.day >= nominal - timedelta(days=HISTORY_WINDOW_DAYS) for r in runs)
    typical = int(statistics.median(w.run_days for w in weeks)) if recent else None
    cautious = min(profile.start_week_m or NO_HISTORY_START_M, NO_HISTORY_MAX_START_M)
    if recent:
        # only tiny runs lately: build back to the cautious start, not to near nothing
        baseline = max(statistics.fmean(w.distance_m for w in weeks), done_m)
        baseline = max(baseline, min(cautious, NO_HISTORY_START_M))
    else:
        baseline = cautious
    # like the rules engine: no level before the first week (no run before it, or a long
    # break), no 'last week' to ramp from
    ramps = reference.distance_m is not None
    first = min(baseline, prev_m + limits.ramp_m) if ramps else baseline
    first = max(first, so_far.distance_m)
    level = profile.level or (
        Level.BEGINNER
        if not recent or baseline < 15000
        else Level.ADVANCED
        if baseline >= 40000 and (typical or 0) >= 4
        else Level.INTERMEDIATE
    )
    dated = [(r.day, r.activity) for r in runs]
    easy = easy_speed_m_s(dated, nominal) if recent else None
    return StartPoint(
        start=start,
        prev_week_m=prev_m,
        prev_speed_min=prev_speed,
        first_week_m=first,
        level_m=baseline,
        any_history=any_history,
        recent_history=recent,
        typical_run_days=typical,
        easy_speed_m_s=easy or DEFAULT_EASY_SPEED[level],
        level=level,
        so_far=so_far,
    )


def _weeks_before(log: TrainingLog, week: date) -> list[float]:
    """The run distance of every whole week from the first run's week to the week before."""
    first = log.first_week()
    if first is None or first >= week:
        return []
    return log.weekly_distances(first, week - timedelta(days=7))


def _so_far(
    log: TrainingLog, week_start: date, today: date, done_m: float, done_speed: float
) -> WeekSoFar:
    days = [week_start + timedelta(days=i) for i in range((today - week_start).days + 1)]
    sessions = log.sessions_between(week_start, today)
    return WeekSoFar(
        first_open_day=today + timedelta(days=1),
        distance_m=done_m,
        speed_min=done_speed,
        run_days=len({r.day for r in log.runs_between(week_start, today)}),
        rest_days=sum(1 for d in days if log.is_rest_day(d)),
        core_sessions=sum(1 for x in sessions if x.is_core),
        cross_sessions=sum(1 for x in sessions if is_cross_training(x)),
    )


def blocks_for(n_weeks: int, race: bool, partial: bool = False) -> list[Block]:
    """Week by week: the first week, then distance and speed in turn with a lighter week
    every fourth; a race ends with a taper and the race week. The cycle counts whole
    weeks: a first week that is the rest of the week in progress does not count."""
    shift = 1 if partial else 0
    out = [Block.BASE] + [CYCLE[(w - shift) % 4] for w in range(1, n_weeks)]
    if race:
        out[-1] = Block.RACE
        if n_weeks >= 4:
            out[-2] = Block.TAPER
    return out


def _race_weekly(race_m: float, spike_pct: float, n_runs: int) -> float:
    table = next(weekly for limit, weekly in RACE_WEEKLY_M if race_m <= limit)
    needed_long = race_m / (1 + spike_pct / 100)
    share = LONG_SHARE[n_runs] if n_runs >= 2 else 1.0
    return max(table, needed_long * 1.05 / share)


@dataclass(frozen=True)
class Simulation:
    weeks: tuple[PlanWeek, ...]
    sessions: tuple[PlanSession, ...]
    race_ok: bool
    safe_race_m: float


def _ledger(log: TrainingLog, today: date) -> RunLedger:
    ledger = RunLedger()
    for run in log.runs:
        if run.day <= today:
            ledger.add(run.day, run.distance_m, run.run_type.value != "easy")
    return ledger


def simulate(
    sp: StartPoint,
    ctx: WeekContext,
    log: TrainingLog,
    today: date,
    goal: Goal,
    blocks: list[Block],
    hold: bool = False,
) -> Simulation:
    lim = ctx.limits
    ledger = _ledger(log, today)
    prev_d, prev_s = sp.prev_week_m, sp.prev_speed_min
    totals = _weeks_before(log, sp.start)  # every week's distance, the plan's appended
    peak = prev_d
    n_runs = len(ctx.run_weekdays)
    goal_cap = (
        goal.distance_m
        if goal.kind is GoalKind.WEEKLY
        else max(sp.level_m, _race_weekly(goal.distance_m, lim.spike_pct, n_runs))
    )
    # below the runner's own level (after a light or empty week): back up at the full
    # ramp every week, without speed work and without a lighter week, before building on
    rebuild_to, rebuilt = min(sp.level_m, goal_cap), False
    race_day = goal.race_date
    no_hard = frozenset({race_day - timedelta(days=1)}) if race_day else frozenset()
    weeks: list[PlanWeek] = []
    sessions: list[PlanSession] = []
    race_ok, safe_m = True, 0.0
    can_speed = ctx.speed_weekday is not None
    for w, block in enumerate(blocks):
        ws = sp.start + timedelta(days=7 * w)
        if w > 0:
            # each week ramps from the current level: after a down week (an empty week in
            # progress), the runner's level before it, not the down week itself
            prev_d = level_after(totals, lim.factors).distance_m or prev_d
        # one progression compares with the literal week before
        last_d = totals[-1] if totals else 0.0
        # the week in progress: the days up to today are history, the plan fills the rest
        done_m, done_s, open_from, max_days, done = 0.0, 0.0, None, None, None
        if w == 0 and sp.in_progress:
            sf = sp.so_far
            done_m, done_s, open_from = sf.distance_m, sf.speed_min, sf.first_open_day
            done = WeekDone(open_from, sf.rest_days, sf.core_sessions, sf.cross_sessions)
            open_days = 7 - (open_from - ws).days
            allowed = min(lim.max_run_days, 7 - lim.min_rest_days)
            max_days = min(
                allowed - sf.run_days, open_days - max(0, lim.min_rest_days - sf.rest_days)
            )
        step = 0.0 if hold else min(lim.ramp_m, max(0.25 * prev_d, 1000.0))
        speed_cap = min(SPEED_CAP_MIN[sp.level], 0.15 * prev_d / ctx.easy_speed_m_s / 60)
        race = None
        speed = min(prev_s, speed_cap)
        # a step from the level, measured on the plan's own weeks
        rebuilt = rebuilt or (w > 0 and prev_d >= rebuild_to - lim.ramp_m)
        # a lighter week stays lighter while rebuilding too: one every 3-4 weeks
        rebuilding = not hold and not rebuilt and block in (Block.DISTANCE, Block.SPEED)
        if block is Block.BASE:
            target = _held(sp, prev_d) if hold and sp.any_history else sp.first_week_m
        elif rebuilding:
            target = min(rebuild_to, prev_d + lim.ramp_m)
        elif block is Block.DISTANCE:
            # after a lighter week: back to the peak plus one step, within the ramp
            back = min(prev_d + lim.ramp_m, peak + step) if peak > prev_d else prev_d + step
            target = min(back, goal_cap)
        elif block is Block.SPEED:
            target = min(prev_d, goal_cap)
            if can_speed and not hold:
                speed = min(prev_s + SPEED_STEP_MIN[sp.level], max(speed_cap, prev_s))
        elif block is Block.LIGHTER:
            # while rebuilding below the runner's level, a smaller dip
            dip = 0.9 if not hold and not rebuilt else 0.85
            target = max(prev_d - lim.ramp_m, dip * prev_d)
        elif block is Block.TAPER:
            # below the peak; the race fits only if it is no longer than this week
            # (one progression: race week's speed is up, so its distance may not be)
            keep = goal.distance_m if goal.distance_m < prev_d - 100.0 else 0.0
            target = max(0.75 * prev_d, keep)
            speed = 0.7 * speed
        else:  # race week
            assert race_day is not None
            # no run in the 30 days before: no spike reference (as in the rules engine)
            cap = ledger.cap(race_day, lim.spike_pct, ctx.fallback_run_m)
            # within the weekly ramp when there is a week before to ramp from; a race is
            # speed, so its week's distance may not rise (one progression) either
            ramps = any(d < ws for d in ledger.longest)
            up = min(lim.distance_up_m, lim.ramp_m) if ramps else lim.distance_up_m
            day_left = max_days is None or max_days >= 1  # run days and rest days allow it
            race_ok = (
                day_left
                and goal.distance_m <= cap + 1e-6
                and done_m + goal.distance_m <= min(prev_d + lim.ramp_m, last_d + up) + 1e-6
            )
            # the safe version: an easy run (no speed), at least the cautious run length
            ramp_room = prev_d + lim.ramp_m - done_m if ramps else cap
            race_m = (
                goal.distance_m
                if race_ok
                else floor_distance(
                    min(goal.distance_m, cap, ramp_room, max(0.6 * prev_d, ctx.fallback_run_m)),
                    ctx.units,
                )
                if day_left
                else 0.0
            )
            safe_m = race_m if race_m >= MIN_RUN_M else 0.0
            target = max(
                0.0,
                min(
                    0.6 * prev_d,
                    prev_d + lim.ramp_m - race_m - done_m,
                    last_d + up - race_m - done_m,
                ),
            )
            race = (race_day, race_m)  # under MIN_RUN_M: no run that day
            speed = 0.0
        runs = lay_out_runs(
            ctx,
            ledger,
            ws,
            max(0.0, target - done_m),
            max(0.0, speed - done_s) if can_speed else 0.0,
            race,
            no_hard,
            open_from,
            max_days,
            target if open_from else None,
        )
        if race is not None and not race_ok:
            runs = [_safe_race(r, goal) if r.race else r for r in runs]
        d = done_m + sum(r.distance_m or 0.0 for r in runs)
        s = done_s + sum(r.speed_s for r in runs) / 60
        if d > last_d + lim.distance_up_m + 1e-6 and s > prev_s + lim.speed_up_min + 1e-9:
            runs = cap_speed(runs, max(0.0, prev_s - done_s), ctx, ledger)
            s = done_s + sum(r.speed_s for r in runs) / 60
        others = other_sessions(ctx, ws, runs, w, done)
        day_sessions = sorted(runs + others, key=lambda x: (x.on, _order(x)))
        for day in sorted({x.on for x in day_sessions}):
            todays = [x for x in day_sessions if x.on == day]
            sessions.extend(replace(x, slot=i) for i, x in enumerate(todays))
        weeks.append(PlanWeek(ws, block, POSTURE_CUES[w % len(POSTURE_CUES)], d, done_m))
        totals.append(d)
        prev_d, prev_s = d, s
        peak = d if rebuilding or block in (Block.BASE, Block.DISTANCE, Block.SPEED) else peak
    return Simulation(tuple(weeks), tuple(sessions), race_ok, safe_m)


def _held(sp: StartPoint, prev_d: float) -> float:
    """A held first week: flat at this week's level, never below a cautious floor (within
    the ramp), so a hold after an empty week is a short week, not an empty one."""
    floor = min(sp.level_m, NO_HISTORY_START_M)
    return min(sp.first_week_m, max(prev_d, floor))


def _order(session: PlanSession) -> int:
    return {"run": 0, "core": 1, "cross": 2, "rest": 3}[session.kind.value]


def _safe_race(session: PlanSession, goal: Goal) -> PlanSession:
    return replace(
        session,
        race=False,
        run_type=RunType.EASY,
        duration_s=session.duration_s,
        effort="easy: conversational pace, RPE 3-4 of 10",
        notes=(f"the safe version of {goal.label}: an easy run instead of the race",),
    )


def _context(sp: StartPoint, profile: PlanProfile, limits: Limits, history: History) -> WeekContext:
    days, long_day, speed_day = choose_days(profile, limits, sp.typical_run_days)
    return WeekContext(
        limits=limits,
        units=profile.units,
        level=sp.level,
        easy_speed_m_s=sp.easy_speed_m_s,
        run_weekdays=days,
        long_weekday=long_day,
        speed_weekday=speed_day,
        fallback_run_m=max(1000.0, sp.first_week_m / max(1, len(days))),
        core_routine="core-advanced" if sp.level is Level.ADVANCED else "core",
        by_time=not sp.recent_history,
    )


def _red_flag_severity(history: History, today: date) -> tuple[Severity | None, str]:
    worst, text = None, ""
    for answer in history.red_flag_answers:
        if is_active(answer, today, history.time_zone):
            flag = RED_FLAGS_BY_ID.get(answer.question)
            severity = SEVERITY[flag.urgency] if flag else Severity.STOP
            if worst is None or severity.rank > worst.rank:
                worst, text = severity, (flag.advice if flag else "Get assessed.")
    return worst, text


def _n_weeks(goal: Goal, profile: PlanProfile, sp: StartPoint) -> int:
    """How many plan weeks: the week in progress (when days are left in it) and then
    `--weeks` whole weeks, or up to the race."""
    opens = sp.so_far.first_open_day
    if goal.kind is GoalKind.RACE:
        assert goal.race_date is not None
        if goal.race_date < opens:
            raise PlanError(
                f"race on {goal.race_date} is before the plan can start ({opens}); "
                "choose a later race"
            )
        return min(MAX_WEEKS, (goal.race_date - sp.start).days // 7 + 1)
    weeks = profile.weeks or DEFAULT_WEEKS
    if not 1 <= weeks <= MAX_WEEKS:
        raise PlanError(f"--weeks {weeks} is out of range; use 1 to {MAX_WEEKS}")
    return weeks + (1 if sp.in_progress else 0)


def generate(
    profile: PlanProfile,
    history: History,
    goal: Goal,
    config: RulesConfig | None,
    today: date,
) -> PlanResult:
    """A plan from the runner's history towards `goal`, from the day after `today`."""
    config = config or RulesConfig()
    limits = Limits.of(config)
    log = training_days(history, config.first_weekday)
    sp = start_point(history, log, profile, limits, today)
    n_weeks = _n_weeks(goal, profile, sp)
    ctx = _context(sp, profile, limits, history)
    warnings: list[str] = []
    severity, advice = _red_flag_severity(history, today)
    base = Plan(
        id=plan_id(goal.label, sp.start.isoformat()),
        goal=goal,
        profile=profile,
        created_on=today,
        start=sp.start,
        first_weekday=config.first_weekday,
        easy_speed_m_s=sp.easy_speed_m_s,
        baseline_week_m=sp.first_week_m,
        weeks=(),
        sessions=(),
        time_zone=history.time_zone,
    )
    if severity is Severity.STOP:
        return PlanResult(
            replace(base, stopped_on=today),
            (f"red flag: no plan until a clinician clears you. {advice}",),
            reachable=False,
        )
    hold = severity is Severity.HOLD
    if hold:
        warnings.append(f"red flag: progression is on hold until you record a clearance. {advice}")
    if not sp.recent_history:
        warnings.append(
            f"no runs in the last 6 weeks: the plan starts cautiously at "
            f"{format_distance(sp.first_week_m, profile.units)} a week; confirm it or set your own"
        )
    blocks = blocks_for(n_weeks, goal.kind is GoalKind.RACE, sp.in_progress)
    sim = simulate(sp, ctx, log, today, goal, blocks, hold)
    plan = replace(base, weeks=sim.weeks, sessions=sim.sessions)
    reachable, earliest = True, None
    units = profile.units
    if goal.kind is GoalKind.RACE and not sim.race_ok:
        reachable = False
        earliest = _earliest_race(sp, ctx, log, today, goal, hold)
        when = f"; the earliest safe race date is {earliest}" if earliest else ""
        warnings.append(
            f"{goal.label}: not reachable safely by {goal.race_date}: the rules allow at most "
            f"{format_distance(sim.safe_race_m, units)} that day, so this is the safe plan "
            + (
                f"(an easy {format_distance(sim.safe_race_m, units)} run on race day){when}"
                if sim.safe_race_m
                else f"(no run on race day){when}"
            )
        )
    elif goal.kind is GoalKind.WEEKLY:
        best = max((w.target_m for w in sim.weeks), default=0.0)
        if best < goal.distance_m * 0.95:
            reachable = False
            earliest = _earliest_weekly(sp, ctx, log, today, goal, hold)
            when = f"; at the safe rate it is reachable by {earliest}" if earliest else ""
            warnings.append(
                f"{goal.label}: not reachable safely in {profile.weeks or DEFAULT_WEEKS} weeks; "
                f"this safe plan reaches "
                f"{format_distance(best, units)} a week{when}"
            )
    return PlanResult(
        plan,
        tuple(warnings),
        reachable=reachable,
        needs_confirmation=not sp.recent_history and profile.start_week_m is None,
        earliest_safe=earliest,
    )


def _earliest_weekly(
    sp: StartPoint, ctx: WeekContext, log: TrainingLog, today: date, goal: Goal, hold: bool
) -> date | None:
    if hold:
        return None
    sim = simulate(sp, ctx, log, today, goal, blocks_for(MAX_WEEKS, False, sp.in_progress))
    for week in sim.weeks:
        if week.target_m >= goal.distance_m * 0.95:
            return week.start + timedelta(days=6)
    return None


def _earliest_race(
    sp: StartPoint, ctx: WeekContext, log: TrainingLog, today: date, goal: Goal, hold: bool
) -> date | None:
    """The first race date (same weekday, whole weeks later) the plan reaches safely."""
    race_date = goal.race_date
    if hold or race_date is None:
        return None

    def ok(extra: int) -> bool:
        moved_date = race_date + timedelta(days=7 * extra)
        moved = replace(goal, race_date=moved_date)
        n = min(MAX_WEEKS, (moved_date - sp.start).days // 7 + 1)
        return simulate(sp, ctx, log, today, moved, blocks_for(n, True, sp.in_progress)).race_ok

    limit = MAX_WEEKS - (race_date - sp.start).days // 7 - 1
    low, high = 1, limit
    if limit < 1 or not ok(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return race_date + timedelta(days=7 * low)
