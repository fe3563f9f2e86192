"""The plan week by week, each week within every rule given the weeks before it.

The first whole week is at the runner's current level; then three weeks of more distance
(speed work held) and a lighter week that raises the speed work, in turn (one
progression at a time, and a lighter week every fourth). A runner with no base follows
the run-walk programme first. Before a race: a taper, then the race itself on race day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

from backstride.domain.backcare import RunType
from backstride.plan.layout import (
    RunLedger,
    WeekDone,
    WeekRequest,
    floor_distance,
    lay_out_runs,
    other_sessions,
    week_dates,
)
from backstride.plan.model import (
    POSTURE_CUES,
    Block,
    Goal,
    GoalKind,
    Level,
    PlanSession,
    PlanWeek,
    SpeedKind,
)
from backstride.plan.programme import SESSIONS, programme_week
from backstride.plan.races import (
    RACE_WEEK_SHARE,
    TAPER_SHARE,
    race_spec,
    ready_long_m,
    taper_weeks,
)
from backstride.plan.sessions import (
    EFFORT,
    WeekContext,
    quality_kind,
    race_session,
    run_session,
)
from backstride.plan.start import StartPoint
from backstride.training.level import level_after
from backstride.training.weekly import TrainingLog, weekly_figures
from backstride.units import format_distance

SPEED_CAP_MIN = {Level.BEGINNER: 6.0, Level.INTERMEDIATE: 20.0, Level.ADVANCED: 30.0}
SPEED_STEP_MIN = {Level.BEGINNER: 2.0, Level.INTERMEDIATE: 4.0, Level.ADVANCED: 4.0}
STEP_SHARE = 0.15  # a distance week adds this share of the week before, within the ramp
LIGHTER_SHARE = 0.1  # a lighter week is this much lighter (at most a step)
CYCLE = 4  # three distance weeks, then a lighter week that raises the speed work
KEEP_SHARE = 0.85  # the week in progress keeps its runs when the next week stays this near


@dataclass(frozen=True)
class Simulation:
    weeks: tuple[PlanWeek, ...]
    sessions: tuple[PlanSession, ...]
    race_ok: bool  # the race is in the plan, and the plan gets there safely
    longest_m: float  # the longest training run before the race week
    peak_week_m: float
    ready_m: float  # the longest run the race needs (0 without a race)
    why_not: str = ""  # what stops the race, in words


def _order(session: PlanSession) -> int:
    return {"run": 0, "core": 1, "cross": 2, "rest": 3}[session.kind.value]


def _ledger(log: TrainingLog, today: date) -> RunLedger:
    ledger = RunLedger()
    for run in log.runs:
        if run.day <= today:
            ledger.add(run.day, run.distance_m, run.run_type is not RunType.EASY)
    return ledger


def _speed_of(runs: list[PlanSession]) -> float:
    return sum(r.speed_s for r in runs if not r.race) / 60


def _without_speed_over(
    ctx: WeekContext, runs: list[PlanSession], allowed_min: float, ledger: RunLedger
) -> list[PlanSession]:
    """The week's quality sessions cut to `allowed_min` minutes in all (easy when none fit)."""
    out, used = [], 0.0
    for r in runs:
        if r.speed is not None:
            left = max(0.0, allowed_min - used)
            new = run_session(ctx, r.on, RunType.SPEED, r.distance_m or 0.0, left, r.speed.kind)
            if not new.is_hard:
                ledger.hard.discard(r.on)
            used += new.speed_s / 60
            r = new
        out.append(r)
    return out


class _Sim:
    def __init__(
        self,
        sp: StartPoint,
        ctx: WeekContext,
        log: TrainingLog,
        today: date,
        goal: Goal,
        n_weeks: int,
        hold: bool,
    ) -> None:
        self.sp, self.ctx, self.goal, self.n_weeks, self.hold = sp, ctx, goal, n_weeks, hold
        self.lim = ctx.limits
        self.ledger = _ledger(log, today)
        self.totals = list(sp.weeks_before)
        self.prev_d = self.totals[-1] if self.totals else 0.0
        self.prev_s = weekly_figures(log, sp.start - timedelta(days=7)).speed_min
        self.peak = 0.0
        self.pointer: int | None = sp.programme_from if sp.no_base else None
        self.regular = 0  # regular (not programme) whole weeks so far
        self.race = goal.kind is GoalKind.RACE
        self.spec = race_spec(goal.distance_m) if self.race else None
        self.taper = taper_weeks(self.spec, n_weeks) if self.spec else 0
        # the longest run so far in the 6 weeks before the race (history, then the plan)
        since = goal.race_date - timedelta(days=42) if goal.race_date else today
        self.longest = max(
            (
                r.distance_m
                for r in log.runs
                if since <= r.day <= today and r.run_type is not RunType.RACE
            ),
            default=0.0,
        )
        self.weeks: list[PlanWeek] = []
        self.sessions: list[PlanSession] = []
        self.race_ok, self.why_not = True, ""
        self.ready = (
            ready_long_m(self.spec, goal.distance_m, ctx.easy_speed_m_s) if self.spec else 0.0
        )
        self.goal_cap = goal.distance_m if goal.kind is GoalKind.WEEKLY else float("inf")

    # -- targets ------------------------------------------------------------------
    def level(self) -> float | None:
        return level_after(self.totals, self.lim.factors).distance_m

    def ramp_cap(self) -> float:
        level = self.level()
        return level + self.lim.ramp_m if level is not None else float("inf")

    def first_target(self) -> float:
        """The first whole week: the runner's level (or the week they set), towards a lower
        weekly goal by at most a fifth, within the ramp; flat on hold."""
        sp = self.sp
        want = sp.start_week_m if sp.start_week_m is not None else sp.level_m or 0.0
        if self.goal.kind is GoalKind.WEEKLY and self.goal.distance_m < want:
            want = max(self.goal.distance_m, 0.8 * want)
        if self.hold and self.level() is not None:
            want = min(want, self.level() or want)
        return min(want, self.ramp_cap())

    def anchor(self) -> float:
        """What the next week builds from: last week, or after a down week (a skipped or
        cut week) the runner's level (decision 1)."""
        return max(self.prev_d, self.level() or 0.0)

    def step(self) -> float:
        return min(self.lim.ramp_m, max(1000.0, STEP_SHARE * self.anchor()))

    def speed_cap(self) -> float:
        minutes = 0.15 * self.prev_d / self.ctx.easy_speed_m_s / 60
        return min(SPEED_CAP_MIN[self.sp.level], minutes)

    # -- weeks ----------------------------------------------------------------------
    def run(self) -> None:
        race_week = self.n_weeks - 1 if self.race else None
        for w in range(self.n_weeks):
            ws = self.sp.start + timedelta(days=7 * w)
            if w == race_week:
                self.race_week(w, ws)
            elif self.race and w >= self.n_weeks - 1 - self.taper and self.regular > 0:
                self.taper_week(w, ws, self.n_weeks - 1 - w)
            elif w == 0 and self.sp.in_progress:
                self.in_progress_week(ws)
            elif self.pointer is not None and self.pointer < len(SESSIONS):
                self.programme_week(w, ws)
            else:
                self.regular_week(w, ws)

    def no_hard(self) -> frozenset[date]:
        day = self.goal.race_date
        return frozenset({day - timedelta(days=1)}) if day else frozenset()

    def finish(
        self,
        w: int,
        ws: date,
        intent: Block,
        runs: list[PlanSession],
        done: WeekDone | None = None,
        done_m: float = 0.0,
        done_s: float = 0.0,
    ) -> None:
        """One progression, then the week's other sessions; the week is recorded."""
        d = done_m + sum(r.distance_m or 0.0 for r in runs if not r.race)
        s = done_s + _speed_of(runs)
        if d > self.prev_d + self.lim.distance_up_m + 1e-6 and s > self.prev_s + (
            self.lim.speed_up_min + 1e-9
        ):
            runs = _without_speed_over(self.ctx, runs, max(0.0, self.prev_s - done_s), self.ledger)
            s = done_s + _speed_of(runs)
        others = other_sessions(self.ctx, ws, runs, w, done)
        day_sessions = sorted(runs + others, key=lambda x: (x.on, _order(x)))
        for day in sorted({x.on for x in day_sessions}):
            todays = [x for x in day_sessions if x.on == day]
            self.sessions.extend(replace(x, slot=i) for i, x in enumerate(todays))
        total = done_m + sum(r.distance_m or 0.0 for r in runs)
        self.weeks.append(PlanWeek(ws, intent, POSTURE_CUES[w % len(POSTURE_CUES)], total, done_m))
        if not any(r.race for r in runs):
            self.longest = max([self.longest, *(r.distance_m or 0.0 for r in runs)])
        if self.totals or d > 0:  # a history starts with its first run's week
            self.totals.append(d)
        self.prev_d, self.prev_s = d, s
        if intent in (Block.BASE, Block.DISTANCE, Block.RUN_WALK):
            self.peak = max(self.peak, d)

    def lay(
        self,
        ws: date,
        target: float,
        speed: float,
        kind: SpeedKind,
        *,
        open_from: date | None = None,
        max_days: int | None = None,
        basis_m: float | None = None,
        race: tuple[date, float, str] | None = None,
    ) -> list[PlanSession]:
        long_m = self.ctx.long_cap_m if self.spec else 0.0
        req = WeekRequest(
            start=ws,
            target_m=max(0.0, target),
            long_m=long_m,
            speed_min=speed if self.ctx.speed_weekday is not None else 0.0,
            speed_kind=kind,
            open_from=open_from,
            max_days=max_days,
            basis_m=basis_m,
            race=race,
            no_hard=self.no_hard(),
        )
        return lay_out_runs(self.ctx, self.ledger, req)

    def in_progress_week(self, ws: date) -> None:
        sf, lim = self.sp.so_far, self.lim
        open_days = 7 - (sf.first_open_day - ws).days
        max_days = min(
            lim.run_days_allowed - sf.run_days,
            open_days - max(0, lim.min_rest_days - sf.rest_days),
        )
        done = WeekDone(sf.first_open_day, sf.rest_days, sf.core_sessions, sf.cross_sessions)
        runs: list[PlanSession] = []
        if self.pointer is None and max_days > 0:
            first = self.first_target()
            room = self.ramp_cap() - sf.distance_m
            speed = min(self.prev_s, self.speed_cap())
            kind = quality_kind(speed, 0, self.sp.level)
            saved = self.ledger.copy()
            runs = self.lay(
                ws, room, speed, kind, open_from=sf.first_open_day, max_days=max_days, basis_m=first
            )
            runs = self._best_for_next_week(runs, saved, first)
        self.finish(0, ws, Block.BASE, runs, done, sf.distance_m, sf.speed_min)

    def _best_for_next_week(
        self, runs: list[PlanSession], saved: RunLedger, first: float
    ) -> list[PlanSession]:
        """The week in progress never holds back the first whole week: when what its open
        days would hold leaves the week above a break but too low to ramp back to near the
        level from (decision 1), it keeps only as much as leaves it a down week."""
        sf = self.sp.so_far

        def next_cap(week_m: float) -> float:
            level = level_after([*self.totals, week_m], self.lim.factors).distance_m
            return min(first, level + self.lim.ramp_m) if level is not None else first

        full = sf.distance_m + sum(r.distance_m or 0.0 for r in runs)
        reference = self.level()
        if reference is None or next_cap(full) >= KEEP_SHARE * first - 1e-6:
            return runs
        below = reference * self.lim.factors.down_week_pct / 100 - 1.0
        kept: list[PlanSession] = []
        for r in sorted(runs, key=lambda r: -(r.distance_m or 0.0)):
            if sf.distance_m + sum(k.distance_m or 0.0 for k in kept) + (r.distance_m or 0) < below:
                kept.append(r)
        trimmed = sf.distance_m + sum(k.distance_m or 0.0 for k in kept)
        if trimmed >= below or next_cap(trimmed) <= next_cap(full) + 1e-6:
            return runs
        self.ledger.longest, self.ledger.hard = saved.longest, saved.hard
        kept.sort(key=lambda r: r.on)
        for r in kept:
            self.ledger.add(r.on, r.distance_m or 0.0, r.is_hard)
        return kept

    def programme_week(self, w: int, ws: date) -> None:
        assert self.pointer is not None
        days = week_dates(ws, self.ctx.run_weekdays)[:3]
        caps = {d: self.ledger.cap(d, self.lim.spike_pct) for d in days}
        cap = self.ramp_cap()
        budget = None if cap == float("inf") else cap
        week = programme_week(self.ctx, days, self.pointer, caps, budget, self.hold)
        for s in week.sessions:
            self.ledger.add(s.on, s.distance_m or 0.0, s.is_hard)
        self.pointer = week.next_index
        self.finish(w, ws, Block.RUN_WALK, list(week.sessions))

    def regular_week(self, w: int, ws: date) -> None:
        self.regular += 1
        at = self.regular - 1  # 0: the first regular whole week
        came_from_programme = self.sp.no_base and self.pointer is not None
        speed = min(self.prev_s, self.speed_cap())
        if at == 0 and not came_from_programme:
            intent, target = Block.BASE, self.first_target()
        elif self.hold:
            intent, target = Block.HOLD, min(self.level() or self.prev_d, self.ramp_cap())
        elif at % CYCLE == CYCLE - 1:
            intent = Block.LIGHTER
            anchor = self.anchor()
            target = min(anchor - min(self.step(), LIGHTER_SHARE * anchor), self.goal_cap)
            step = SPEED_STEP_MIN[self.sp.level]
            speed = min(self.speed_cap(), max(self.prev_s + step, 2.0))
            if speed > self.prev_s + 1e-9:
                intent = Block.SPEED
        else:
            intent = Block.DISTANCE
            target = min(self.anchor() + self.step(), self.goal_cap, self.ramp_cap())
        kind = quality_kind(speed, at // CYCLE, self.sp.level)
        runs = self.lay(ws, target, speed, kind)
        self.finish(w, ws, intent, runs)

    def taper_week(self, w: int, ws: date, weeks_to_race: int) -> None:
        shares = TAPER_SHARE[self.taper]
        share = shares[len(shares) - weeks_to_race]
        target = min(self.peak * share, self.anchor(), self.ramp_cap())
        speed = 0.7 * min(self.prev_s, self.speed_cap())
        runs = self.lay(ws, target, speed, quality_kind(speed, 1, self.sp.level))
        self.finish(w, ws, Block.TAPER, runs)

    def race_week(self, w: int, ws: date) -> None:
        assert self.goal.race_date is not None and self.spec is not None
        sf = self.sp.so_far
        in_progress = w == 0 and self.sp.in_progress
        done_m, done_s = (sf.distance_m, sf.speed_min) if in_progress else (0.0, 0.0)
        max_days = self.lim.run_days_allowed
        done: WeekDone | None = None
        if in_progress:
            open_days = 7 - (sf.first_open_day - ws).days
            max_days = min(
                max_days - sf.run_days,
                open_days - max(0, self.lim.min_rest_days - sf.rest_days),
            )
            done = WeekDone(sf.first_open_day, sf.rest_days, sf.core_sessions, sf.cross_sessions)
        programme_done = self.pointer is not None and self.pointer >= len(SESSIONS)
        ready = self.longest >= self.ready - 1e-6 or (
            self.goal.distance_m <= 5000 and programme_done
        )
        day_left = max_days >= 1
        self.race_ok = ready and day_left
        if not day_left:
            self.why_not = "no run day is left that week (run days and rest days)"
        elif not ready:
            self.why_not = self._short_of()
        if self.pointer is not None and self.pointer < len(SESSIONS):
            open_from = sf.first_open_day if in_progress else None
            runs = self._programme_before_race(ws, open_from, max_days - 1)
            if self.race_ok:
                day = self.goal.race_date
                runs.append(race_session(self.ctx, day, self.goal.distance_m, self.goal.label))
                self.ledger.add(day, self.goal.distance_m, True)
        else:
            others = min(RACE_WEEK_SHARE * max(self.peak, self.prev_d), self.prev_d)
            if self.goal.distance_m <= 21097.5 + 1e-6:  # the race week within the week before
                others = min(others, max(0.0, self.prev_d - self.goal.distance_m))
            race_m = self.goal.distance_m if self.race_ok else 0.0
            runs = self.lay(
                ws,
                others,
                0.0,
                SpeedKind.REPEATS,
                open_from=sf.first_open_day if in_progress else None,
                max_days=max_days,
                race=(self.goal.race_date, race_m, self.goal.label),
            )
        if not self.race_ok and day_left:
            runs = [*runs, *self._instead_of_race(runs)]
        self.finish(w, ws, Block.RACE, runs, done, done_m, done_s)

    def _short_of(self) -> str:
        units = self.ctx.units
        return (
            "before the race week your longest run would be "
            f"{format_distance(self.longest, units)}, and a "
            f"{self.spec.name if self.spec else 'race'} needs about "
            f"{format_distance(self.ready, units)} first"
        )

    def _programme_before_race(
        self, ws: date, open_from: date | None, room: int
    ) -> list[PlanSession]:
        """A race week while the run-walk programme is still going: its sessions go on, on
        the run days the race day leaves (`room`)."""
        assert self.pointer is not None and self.goal.race_date is not None
        eve = self.goal.race_date - timedelta(days=1)
        days = [d for d in week_dates(ws, self.ctx.run_weekdays)[:3] if d < eve]
        days = [d for d in days if open_from is None or d >= open_from]
        days = days[len(days) - max(0, room) :] if room < len(days) else days
        caps = {d: self.ledger.cap(d, self.lim.spike_pct) for d in days}
        cap = self.ramp_cap()
        budget = None if cap == float("inf") else cap
        week = programme_week(self.ctx, days, self.pointer, caps, budget, self.hold)
        for s in week.sessions:
            self.ledger.add(s.on, s.distance_m or 0.0, s.is_hard)
        self.pointer = week.next_index
        return list(week.sessions)

    def _instead_of_race(self, runs: list[PlanSession]) -> list[PlanSession]:
        """The safe version on race day: an easy run no longer than the week's runs allow
        (the next run-walk session while the programme is still going)."""
        assert self.goal.race_date is not None
        day = self.goal.race_date
        if (day - timedelta(days=1)) in self.ledger.hard or any(r.on == day for r in runs):
            return []
        note = f"not the race: the race on {day:%d %b %Y} is not in this plan ({self.why_not})"
        cap = self.ramp_cap() - sum(r.distance_m or 0.0 for r in runs)
        # never longer than the week's long run: an easy day stays the easy day
        long_runs = [r.distance_m or 0.0 for r in runs if r.run_type is RunType.LONG]
        day_cap = min(self.ledger.cap(day, self.lim.spike_pct), min(long_runs, default=math.inf))
        if self.pointer is not None and self.pointer < len(SESSIONS):
            caps = {day: day_cap}
            budget = None if cap == float("inf") else cap
            week = programme_week(self.ctx, [day], self.pointer, caps, budget, self.hold)
            self.pointer = week.next_index
            sessions = [
                replace(s, run_type=RunType.EASY, effort=EFFORT[RunType.EASY], notes=(note,))
                if s.run_type is RunType.LONG
                else replace(s, notes=(*s.notes, note))
                for s in week.sessions
            ]
        else:
            longest = min(day_cap, cap)
            easy_m = max(self.ctx.shortest_run_m, 0.25 * self.prev_d)
            metres = floor_distance(min(longest, easy_m), self.ctx.units)
            if metres < self.ctx.shortest_run_m - 1e-6:
                return []
            sessions = [replace(run_session(self.ctx, day, RunType.EASY, metres), notes=(note,))]
        for s in sessions:
            self.ledger.add(day, s.distance_m or 0.0, False)
        return sessions


def simulate(
    sp: StartPoint,
    ctx: WeekContext,
    log: TrainingLog,
    today: date,
    goal: Goal,
    n_weeks: int,
    hold: bool = False,
) -> Simulation:
    sim = _Sim(sp, ctx, log, today, goal, n_weeks, hold)
    sim.run()
    return Simulation(
        tuple(sim.weeks),
        tuple(sim.sessions),
        sim.race_ok,
        sim.longest,
        max((w.target_m for w in sim.weeks), default=0.0),
        sim.ready,
        sim.why_not,
    )
