"""Re-fitting the coming weeks to what the runner actually did.

After every re-plan each coming week keeps the weekly ramp over the current level
(decision 1), the long-run spike and one progression at a time, measured against the
runs actually recorded (missed days count as missed). A week that is only a little over
keeps its speed session and loses a little distance instead. No run is left under the
shortest run worth its warm-up (a run-walk or cycling instead), the long run stays the
longest of its week, and the race itself is never cut: it is not training.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property

from backstride.domain.activity import Units
from backstride.domain.backcare import History, RunType, SessionKind
from backstride.plan.layout import RunLedger, floor_distance
from backstride.plan.limits import Limits
from backstride.plan.model import Plan, PlanSession, SessionType, WalkRun
from backstride.plan.sessions import EFFORT, WeekContext, fit_walk_run, routines_for
from backstride.plan.sessions import walk_run_session as _walk_run_session
from backstride.rules import RulesConfig
from backstride.training.days import week_start_of
from backstride.training.level import level_after
from backstride.training.weekly import TrainingLog, training_days

HOLD_FLOOR_M = 6000.0  # a held week after a short one: up to this, within the ramp
TRIM_SHARE = 0.15  # a speed week this little over loses distance, not its speed session
SPEED_SWAP_TEXT = "speed work dropped: one progression at a time"


def without_speed(s: PlanSession, note: str, limits: Limits) -> PlanSession:
    """The run as an easy run: its repeats and their note gone, `note` added."""
    notes = tuple(n for n in s.notes if n != s.speed_note and n != note)
    warm, cool = routines_for(s.duration_s or 0.0, limits)
    return replace(
        s,
        run_type=RunType.EASY if s.run_type is RunType.SPEED else s.run_type,
        speed=None,
        routines=(warm, cool) if s.speed else s.routines,
        effort=EFFORT[RunType.EASY] if s.speed else s.effort,
        notes=(*notes, note),
    )


def cycling_instead(s: PlanSession, why: str) -> PlanSession:
    return PlanSession(
        on=s.on,
        slot=s.slot,
        kind=SessionType.CROSS,
        duration_s=30 * 60,
        effort="easy, RPE 2-3; stop if pain rises",
        notes=(f"cycling or a walk instead of the run: {why}",),
        cross_kind=SessionKind.CYCLING,
    )


def shorter_run(
    s: PlanSession, metres: float, ctx: WeekContext, why: str, flare: bool = False
) -> PlanSession:
    """`s` cut to `metres`: an easy run when that is worth its warm-up; below it a
    run-walk of the shortest session that fits the distance; else cycling."""
    lim, v = ctx.limits, ctx.easy_speed_m_s
    metres = floor_distance(metres, ctx.units)
    seconds = metres / v
    if lim.long_enough(metres, seconds):
        warm, cool = routines_for(seconds, lim, flare=flare)
        notes = tuple(n for n in s.notes if n != s.speed_note and not n.startswith("run-walk"))
        effort = EFFORT[RunType.EASY]
        if flare:
            effort += f"; stop if pain goes above {lim.pain_during_max:g}/10"
        return replace(
            s,
            run_type=RunType.EASY if s.run_type is not RunType.LONG or flare else s.run_type,
            speed=None,
            walk_run=None,
            distance_m=metres,
            duration_s=round(seconds),
            routines=(warm, cool),
            effort=effort,
            notes=(*notes, why),
        )
    walk = fit_walk_run(metres, v, lim.min_run_s)
    if walk is None:
        return cycling_instead(s, why)
    session = _walk_run_session(ctx, s.on, walk, why)
    return replace(session, slot=s.slot)


def scaled_walk_run(s: PlanSession, factor: float, ctx: WeekContext) -> PlanSession:
    """A run-walk session `factor` as long (each interval shorter), never under the
    shortest session: then the shortest run-walk that fits, or cycling."""
    assert s.walk_run is not None
    walk = WalkRun(tuple((r * factor, w * factor) for r, w in s.walk_run.intervals))
    why = "shorter, to keep the week within the rules"
    if walk.total_s < ctx.limits.min_run_s - 1e-6:
        fitted = fit_walk_run(
            (s.distance_m or 0.0) * factor, ctx.easy_speed_m_s, ctx.limits.min_run_s
        )
        if fitted is None:
            return cycling_instead(s, why)
        walk = fitted
    notes = tuple(n for n in s.notes if not n.startswith("run-walk:"))
    session = _walk_run_session(ctx, s.on, walk)
    return replace(session, slot=s.slot, notes=(*session.notes, *notes))


@dataclass
class Refit:
    """What a re-fit changed, by cause, for the change records."""

    ramp_weeks: list[date] = field(default_factory=list)
    ramp_days: list[date] = field(default_factory=list)
    hold_days: dict[date, list[date]] = field(default_factory=dict)  # week: its days
    speed_days: list[date] = field(default_factory=list)
    trimmed_days: list[date] = field(default_factory=list)  # distance trimmed, speed kept
    spike_days: list[date] = field(default_factory=list)
    short_days: list[date] = field(default_factory=list)  # under the minimum: a run-walk


class Refitter:
    """The coming weeks of `sessions` re-fitted; `hold_weeks` are held (no increase)."""

    def __init__(
        self,
        plan: Plan,
        history: History,
        config: RulesConfig,
        today: date,
        sessions: list[PlanSession],
        ctx: WeekContext,
    ) -> None:
        self.plan, self.history, self.today, self.sessions = plan, history, today, sessions
        self.limits, self.ctx = ctx.limits, ctx
        self.config = config
        self.done = Refit()

    @cached_property
    def log(self) -> TrainingLog:
        return training_days(self.history, self.plan.first_weekday)

    @cached_property
    def planned_from(self) -> date:
        """The first day whose planned runs still count as to come: today, until a run is
        recorded today (a re-plan in the morning must not take today's run as missed)."""
        ran_today = any(r.day == self.today for r in self.log.runs)
        return self.today + timedelta(days=1) if ran_today else self.today

    def week_runs(self, ws: date, races: bool = False) -> list[tuple[date, float, float]]:
        """(day, distance, speed s): history up to today, the plan's runs still to come;
        a race left out unless `races` (it is exempt from the weekly rules)."""
        end = ws + timedelta(days=7)
        out = [
            (r.day, r.distance_m, r.speed_s)
            for r in self.log.runs
            if ws <= r.day < end
            and r.day <= self.today
            and (races or r.run_type is not RunType.RACE)
        ]
        out += [
            (s.on, s.distance_m or 0.0, s.speed_s)
            for s in self.sessions
            if s.kind is SessionType.RUN
            and ws <= s.on < end
            and s.on >= self.planned_from
            and (races or not s.race)
        ]
        return out

    def week_distance(self, ws: date) -> float:
        return sum(d for _, d, _ in self.week_runs(ws))

    def reference(self, ws: date) -> tuple[float, float]:
        runs = self.week_runs(ws)
        return sum(x[1] for x in runs), sum(x[2] for x in runs) / 60

    def level(self, ws: date) -> float | None:
        """The current level (training.level) week `ws` is compared with, as the rules
        engine will see it: the runner's weeks up to today, the plan's runs after."""
        fw = self.plan.first_weekday
        this_week = week_start_of(self.today, fw)
        starts = [w for w in (self.log.first_week(),) if w is not None]
        starts += [
            week_start_of(s.on, fw)
            for s in self.sessions
            if s.kind is SessionType.RUN and s.on >= self.planned_from and (s.distance_m or 0) > 0
        ]
        first = min(starts, default=None)
        if first is None or first >= ws:
            return None
        done = min(this_week, ws)
        totals = self.log.weekly_distances(first, done - timedelta(days=7)) if first < done else []
        week = max(first, done)
        while week < ws:
            totals.append(self.week_distance(week))
            week += timedelta(days=7)
        return level_after(totals, self.limits.factors).distance_m

    def held_cap(self, ws: date, prev_d: float) -> float:
        planned = next(
            (w.target_m for w in self.plan.weeks if w.start == ws - timedelta(days=7)),
            self.plan.baseline_week_m,
        )
        floor = min(planned, HOLD_FLOOR_M)
        if prev_d >= floor:
            return prev_d
        return min(floor, prev_d + self.limits.ramp_m)

    def coming(self, ws: date) -> list[int]:
        return [
            i
            for i, s in enumerate(self.sessions)
            if s.kind is SessionType.RUN
            and not s.race
            and ws <= s.on < ws + timedelta(7)
            and s.on > self.today
        ]

    def run(self, hold_weeks: set[date]) -> Refit:
        units, fw = self.ctx.units, self.plan.first_weekday
        ledger = RunLedger()
        for r in self.log.runs:
            if r.day <= self.today:
                ledger.add(r.day, r.distance_m, False)
        for s in self.sessions:  # today's run, not yet recorded, is still to come
            if s.is_run and self.planned_from <= s.on <= self.today:
                ledger.add(s.on, s.distance_m or 0.0, False)
        weeks = sorted({week_start_of(s.on, fw) for s in self.sessions if s.on > self.today})
        for ws in weeks:
            self._week(ws, ws in hold_weeks, ledger, units)
        return self.done

    def _week(self, ws: date, hold: bool, ledger: RunLedger, units: Units) -> None:
        lim = self.limits
        prev_d, prev_s = self.reference(ws - timedelta(days=7))
        level = self.level(ws)
        if hold:
            cap = self.held_cap(ws, prev_d if level is None else level)
        else:
            cap = level + lim.ramp_m if level is not None else float("inf")
        past = sum(d for day, d, _ in self.week_runs(ws) if day <= self.today)
        idx = self.coming(ws)
        planned = sum(self.sessions[i].distance_m or 0.0 for i in idx)
        if planned > 0 and past + planned > cap + 1e-6:
            factor = max(0.0, cap - past) / planned
            self._scale(idx, factor, units)
            days = sorted({self.sessions[i].on for i in idx})
            if hold:
                self.done.hold_days.setdefault(ws, []).extend(days)
            else:
                self.done.ramp_weeks.append(ws)
                self.done.ramp_days.extend(days)
        self._one_progression(ws, idx, prev_d, prev_s, hold, units)
        self._settle(idx, ledger, units)
        for i in idx:
            s = self.sessions[i]
            if s.kind is SessionType.RUN and s.walk_run is None:
                seconds = (s.distance_m or 0.0) / self.ctx.easy_speed_m_s
                if not lim.long_enough(s.distance_m or 0.0, seconds):
                    why = "too short a run to be worth its warm-up after the re-plan"
                    self.sessions[i] = shorter_run(s, s.distance_m or 0.0, self.ctx, why)
                    self.done.short_days.append(s.on)

    def _settle(self, idx: list[int], ledger: RunLedger, units: Units) -> None:
        """Each run within the spike limit of the runs before it (in day order, final
        distances), the long run the longest of the week; the ledger takes them."""
        lim = self.limits
        order = sorted(idx, key=lambda i: self.sessions[i].on)
        longs = [i for i in order if self.sessions[i].run_type is RunType.LONG]
        long_cap = None
        if longs:  # its cap from the runs before the week: the others must not pass it
            s = self.sessions[longs[0]]
            long_cap = min(s.distance_m or 0.0, ledger.cap(s.on, lim.spike_pct))
        for i in order:
            s = self.sessions[i]
            metres = s.distance_m or 0.0
            spike = ledger.cap(s.on, lim.spike_pct)
            limit = spike if i in longs or long_cap is None else min(spike, long_cap)
            if metres > limit + 1e-6 and s.kind is SessionType.RUN:
                factor = limit / metres if metres > 0 else 0.0
                if s.walk_run is not None:
                    self.sessions[i] = scaled_walk_run(s, factor, self.ctx)
                else:
                    self.sessions[i] = replace(
                        s,
                        distance_m=floor_distance(limit, units),
                        duration_s=round((s.duration_s or 0) * factor),
                    )
                if spike < metres - 1e-6:
                    self.done.spike_days.append(s.on)
            final = self.sessions[i]
            if final.kind is SessionType.RUN:
                ledger.add(final.on, final.distance_m or 0.0, False)

    def _scale(self, idx: list[int], factor: float, units: Units) -> None:
        for i in idx:
            s = self.sessions[i]
            if s.walk_run is not None:
                self.sessions[i] = scaled_walk_run(s, factor, self.ctx)
                continue
            metres = floor_distance((s.distance_m or 0.0) * factor, units)
            self.sessions[i] = replace(
                s, distance_m=metres, duration_s=round((s.duration_s or 0) * factor)
            )

    def _one_progression(
        self, ws: date, idx: list[int], prev_d: float, prev_s: float, hold: bool, units: Units
    ) -> None:
        lim = self.limits
        d, s_min = self.reference(ws)
        speed_up = s_min > prev_s + lim.speed_up_min + 1e-9
        allowed = prev_d + lim.distance_up_m
        if not speed_up or not (hold or d > allowed + 1e-6):
            return
        quality = [i for i in idx if self.sessions[i].speed is not None]
        over = d - allowed
        easy = [i for i in idx if i not in quality]
        room = sum(self.sessions[i].distance_m or 0.0 for i in easy)
        shortest = self.ctx.shortest_run_m
        if not hold and quality and 0 < over <= TRIM_SHARE * d and room > 0:
            # a week a little over keeps its speed session: its easy runs give way
            factor = max(0.0, (room - over) / room)
            if all((self.sessions[i].distance_m or 0.0) * factor >= shortest for i in easy):
                self._scale(easy, factor, units)
                self.done.trimmed_days.extend(self.sessions[i].on for i in easy)
                return
        for i in quality:
            self.sessions[i] = without_speed(self.sessions[i], SPEED_SWAP_TEXT, lim)
            self.done.speed_days.append(self.sessions[i].on)
