"""Adaptation: after a pain report, check-in or logged session, re-plan the coming days.

The pain-monitoring model (rules pain-during, pain-next-morning, pain-trend) and the
red-flags rule decide; every change is recorded with the rule that caused it. Then the
coming weeks are re-fitted to the weekly ramp, the long-run spike and one progression
at a time, measured against what the runner actually did.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from functools import cached_property

from backstride.domain.backcare import History, RunType, SessionKind
from backstride.plan.generate import NO_HISTORY_START_M, _red_flag_severity, generate
from backstride.plan.layout import EFFORT, RunLedger, floor_distance
from backstride.plan.limits import Limits
from backstride.plan.model import ALSO, Plan, PlanChange, PlanSession, SessionType
from backstride.rules import RulesConfig, Severity, check
from backstride.training.days import format_distance, week_start_of
from backstride.training.level import level_after
from backstride.training.weekly import TrainingLog, training_days

CUT_DURING = 0.5  # pain during a run above the limit: next run halved
CUT_MORNING = 0.7  # next-morning pain above usual + 1: next run cut by 30%
SWAP_FROM = 2.0  # this far above the limit: swap the run for cross-training
PAIN_WINDOW_DAYS = 7  # pain this recent still acts (again, after a resume)
HOLD_FLOOR_M = NO_HISTORY_START_M  # a held week after a short one: up to this, within the ramp


def _flare_run(
    s: PlanSession, factor: float, units: object, note: str = "cut after pain: easy, gentle warm-up"
) -> PlanSession:
    """The run made easy after pain (no speed work, the gentle warm-up), `factor` as long."""
    metres = floor_distance((s.distance_m or 0.0) * factor, units)  # type: ignore[arg-type]
    return replace(
        _without_speed(s, note),
        run_type=RunType.EASY,
        distance_m=metres,
        duration_s=round((s.duration_s or 0) * factor),
        routines=("warm-up-flare", "cool-down"),
        effort=EFFORT[RunType.EASY] + "; stop if pain goes above 5/10",
    )


def _without_speed(s: PlanSession, note: str) -> PlanSession:
    """The run as an easy run: its repeats and their note gone, `note` added."""
    notes = tuple(n for n in s.notes if n != s.speed_note and n != note)
    warm = tuple("warm-up" if r == "warm-up-speed" else r for r in s.routines)
    return replace(
        s,
        run_type=RunType.EASY if s.run_type is RunType.SPEED or s.race else s.run_type,
        race=False,
        speed=None,
        routines=warm,
        effort=EFFORT[RunType.EASY] if s.speed or s.race else s.effort,
        notes=(*notes, note),
    )


def _swap_to_cross(s: PlanSession) -> PlanSession:
    return PlanSession(
        on=s.on,
        slot=s.slot,
        kind=SessionType.CROSS,
        duration_s=30 * 60,
        effort="easy, RPE 2-3; stop if pain rises",
        notes=("cycling or a walk instead of the run, after pain",),
        cross_kind=SessionKind.CYCLING,
    )


class _Adapter:
    def __init__(self, plan: Plan, history: History, config: RulesConfig, today: date) -> None:
        self.plan, self.history, self.config, self.today = plan, history, config, today
        self.limits = Limits.of(config)
        self.sessions = list(plan.sessions)
        self.changes = list(plan.changes)
        self.handled = {c.trigger for c in plan.changes}
        self.hold_weeks: dict[date, tuple[str, str]] = {}  # week start: (rule, cause)

    def record(self, on: date, rule: str, what: str, why: str, trigger: str) -> None:
        self.changes.append(PlanChange(on, rule, what, why, trigger, self.today))

    def next_run(self) -> int | None:
        for i, s in enumerate(self.sessions):
            if s.on > self.today and s.kind is SessionType.RUN:
                return i
        return None

    def hold(self, rule: str, cause: str) -> None:
        fw = self.plan.first_weekday
        for k in (1, 7):
            self.hold_weeks.setdefault(
                week_start_of(self.today + timedelta(days=k), fw), (rule, cause)
            )

    def cut_next(self, rule: str, factor: float, swap: bool, why: str, trigger: str) -> None:
        i = self.next_run()
        self.hold(rule, why)
        if i is None:
            self.record(self.today, rule, "progression held (no run left to cut)", why, trigger)
            return
        old = self.sessions[i]
        units = self.plan.profile.units
        if swap:
            self.sessions[i] = _swap_to_cross(old)
            what = "run swapped for cycling or a walk; progression held"
        else:
            self.sessions[i] = _flare_run(old, factor, units)
            what = (
                f"run cut from {format_distance(old.distance_m or 0, units)} to "
                f"{format_distance(self.sessions[i].distance_m or 0, units)}, easy; "
                "progression held"
            )
        self.record(old.on, rule, what, why, trigger)

    def step_back(self, why: str, trigger: str) -> None:
        """Next week repeats the level of the week before the current one, without speed."""
        fw = self.plan.first_weekday
        next_week = week_start_of(self.today, fw) + timedelta(days=7)
        level = self.week_distance(next_week - timedelta(days=14))
        self.hold_weeks.setdefault(next_week, ("pain-trend", why))
        runs = [
            i
            for i, s in enumerate(self.sessions)
            if s.kind is SessionType.RUN and next_week <= s.on < next_week + timedelta(7)
        ]
        total = sum(self.sessions[i].distance_m or 0.0 for i in runs)
        factor = min(1.0, level / total) if total > 0 else 1.0
        for i in runs:
            self.sessions[i] = _flare_run(
                self.sessions[i],
                factor,
                self.plan.profile.units,
                "stepped back after a rising pain week: easy, gentle warm-up",
            )
        self.record(
            next_week,
            "pain-trend",
            f"week stepped back to "
            f"{format_distance(level, self.plan.profile.units)} with no speed work",
            why,
            trigger,
        )

    def week_distance(self, ws: date) -> float:
        return sum(d for _, d, _ in self.week_runs(ws))

    @cached_property
    def planned_from(self) -> date:
        """The first day whose planned runs still count as to come: today, until a run is
        recorded today (a re-plan in the morning must not take today's run as missed)."""
        ran_today = any(r.day == self.today for r in self.log.runs)
        return self.today + timedelta(days=1) if ran_today else self.today

    def week_runs(self, ws: date) -> list[tuple[date, float, float]]:
        """(day, distance, speed s): history up to today, the plan's runs still to come."""
        log = self.log
        out = [
            (r.day, r.distance_m, r.speed_s)
            for r in log.runs
            if ws <= r.day < ws + timedelta(7) and r.day <= self.today
        ]
        out += [
            (s.on, s.distance_m or 0.0, s.speed_s)
            for s in self.sessions
            if s.kind is SessionType.RUN
            and ws <= s.on < ws + timedelta(7)
            and s.on >= self.planned_from
        ]
        return out

    def planned(self, idx: list[int]) -> float:
        return sum(self.sessions[i].distance_m or 0.0 for i in idx)

    def reference(self, ws: date) -> tuple[float, float]:
        """The week a coming week is compared with, as the rules engine sees it: the
        runner's own runs up to today, the plan's after (the generator does the same)."""
        runs = self.week_runs(ws)
        return sum(x[1] for x in runs), sum(x[2] for x in runs) / 60

    def level(self, ws: date) -> float | None:
        """The current level (training.level) week `ws` is compared with, as the rules
        engine will see it: the runner's weeks up to today, the plan's runs after; None
        when there is no level (no run before `ws`, or a long break)."""
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
        done = min(this_week, ws)  # whole weeks before today's: the log alone
        totals = self.log.weekly_distances(first, done - timedelta(days=7)) if first < done else []
        week = max(first, done)
        while week < ws:
            totals.append(self.week_distance(week))
            week += timedelta(days=7)
        return level_after(totals, self.limits.factors).distance_m

    def held_cap(self, ws: date, prev_d: float) -> tuple[float, str]:
        """A held week: flat at the current level `prev_d` (last week's distance, or the
        level before a break); below a cautious floor, up to that floor (never above the
        level planned for last week), within the ramp."""
        units = self.plan.profile.units
        planned = next(
            (w.target_m for w in self.plan.weeks if w.start == ws - timedelta(days=7)),
            self.plan.baseline_week_m,
        )
        floor = min(planned, HOLD_FLOOR_M)
        if prev_d >= floor:
            return prev_d, f"your current level, {format_distance(prev_d, units)}"
        cap = min(floor, prev_d + self.limits.ramp_m)
        return cap, (
            f"last week was only {format_distance(prev_d, units)}: a cautious week "
            "within the weekly ramp"
        )

    def refit(self) -> None:
        """Keep every coming week within the ramp, the spike limit and one progression.

        Each cause is recorded once, on the first day it changed, however many weeks
        it reached; a held week is recorded with the rule that holds it.
        """
        lim, units, fw = self.limits, self.plan.profile.units, self.plan.first_weekday
        ledger = RunLedger()
        for r in self.log.runs:
            if r.day <= self.today:
                ledger.add(r.day, r.distance_m, False)
        for s in self.sessions:  # today's run, not yet recorded, is still to come
            if s.is_run and self.planned_from <= s.on <= self.today:
                ledger.add(s.on, s.distance_m or 0.0, False)
        ramp_cuts: list[tuple[date, float]] = []
        ramp_days: list[date] = []  # every day a ramp cut changed
        speed_drops: list[date] = []
        spikes: list[date] = []
        weeks = sorted({week_start_of(s.on, fw) for s in self.sessions if s.on > self.today})
        for ws in weeks:
            prev_d, prev_s = self.reference(ws - timedelta(days=7))
            hold = self.hold_weeks.get(ws)
            # like the rules engine: the ramp is over the current level; no level (no run
            # before the week, or a long break), no ramp
            level = self.level(ws)
            held, how = self.held_cap(ws, prev_d if level is None else level) if hold else (0, "")
            cap = held if hold else level + lim.ramp_m if level is not None else float("inf")
            past = sum(d for day, d, _ in self.week_runs(ws) if day <= self.today)
            idx = [
                i
                for i, s in enumerate(self.sessions)
                if s.kind is SessionType.RUN
                and ws <= s.on < ws + timedelta(7)
                and s.on > self.today
            ]
            planned = sum(self.sessions[i].distance_m or 0.0 for i in idx)
            if planned > 0 and past + planned > cap + 1e-6:
                factor = max(0.0, cap - past) / planned
                for i in idx:
                    s = self.sessions[i]
                    new = floor_distance((s.distance_m or 0.0) * factor, units)
                    self.sessions[i] = replace(
                        s, distance_m=new, duration_s=round((s.duration_s or 0) * factor)
                    )
                total = past + self.planned(idx)
                cut_days = sorted({self.sessions[i].on for i in idx})
                if hold:
                    self.record_days(
                        [ws, *cut_days],
                        hold[0],
                        f"progression held: week held at {format_distance(total, units)} ({how})",
                        f"held after: {hold[1]}",
                        f"refit:hold:{ws}:{self.today}",
                    )
                else:
                    ramp_cuts.append((ws, total))
                    ramp_days.extend(cut_days)
            for i in idx:
                s = self.sessions[i]
                limit = ledger.cap(s.on, lim.spike_pct, float("inf"))
                if (s.distance_m or 0.0) > limit + 1e-6:
                    self.sessions[i] = replace(s, distance_m=floor_distance(limit, units))
                    spikes.append(s.on)
                ledger.add(s.on, self.sessions[i].distance_m or 0.0, False)
            d = sum(x[1] for x in self.week_runs(ws))
            s_min = sum(x[2] for x in self.week_runs(ws)) / 60
            speed_up = s_min > prev_s + lim.speed_up_min + 1e-9
            distance_up = d > prev_d + lim.distance_up_m + 1e-6
            if speed_up and (distance_up or hold):
                for i in idx:
                    if self.sessions[i].speed is not None:
                        self.sessions[i] = _without_speed(
                            self.sessions[i], "speed work dropped: one progression at a time"
                        )
                        speed_drops.append(self.sessions[i].on)
            for i in idx:
                metres = self.sessions[i].distance_m
                if metres is not None and metres < 500:
                    self.sessions[i] = _swap_to_cross(self.sessions[i])
        self.record_refit(ramp_cuts, ramp_days, speed_drops, spikes)

    def record_days(self, days: list[date], rule: str, what: str, why: str, trigger: str) -> None:
        """One change, recorded on each day it reached (so `plan why DAY` names it there)."""
        for i, day in enumerate(sorted(set(days))):
            self.record(day, rule, what, why, trigger if i == 0 else f"{trigger}{ALSO}{day}")

    def record_refit(
        self,
        ramp_cuts: list[tuple[date, float]],
        ramp_days: list[date],
        speed_drops: list[date],
        spikes: list[date],
    ) -> None:
        """One change per cause of a re-fit, on every day it changed."""
        units, today = self.plan.profile.units, self.today
        if ramp_cuts:
            first, total = ramp_cuts[0]
            what = f"week cut to {format_distance(total, units)}"
            if len(ramp_cuts) > 1:
                last, last_total = ramp_cuts[-1]
                what += (
                    f"; {len(ramp_cuts) - 1} later weeks re-fitted to build back within the "
                    f"ramp (to {format_distance(last_total, units)} in the week of {last})"
                )
            self.record_days(
                [first, *ramp_days],
                "weekly-ramp",
                what,
                "keeps each week within the weekly ramp after what you actually ran",
                f"refit:weekly-ramp:{first}:{today}",
            )
        if speed_drops:
            n = len(speed_drops)
            self.record_days(
                speed_drops,
                "one-progression",
                "speed work dropped" + (f" ({n} sessions, to {speed_drops[-1]})" if n > 1 else ""),
                "progression held: no speed rise in a week whose distance rises or is held",
                f"refit:speed:{speed_drops[0]}:{today}",
            )
        if spikes:
            n = len(spikes)
            self.record_days(
                spikes,
                "long-run-spike",
                "run shortened" if n == 1 else f"{n} runs shortened, to {spikes[-1]}",
                "keeps each run within the long-run spike limit",
                f"refit:spike:{spikes[0]}:{today}",
            )

    @cached_property
    def log(self) -> TrainingLog:
        return training_days(self.history, self.plan.first_weekday)


def adapt(plan: Plan, history: History, config: RulesConfig | None, today: date) -> Plan:
    """The plan re-planned from `today` on; pure, and each trigger acts only once."""
    config = config or RulesConfig()
    a = _Adapter(plan, history, config, today)
    severity, advice = _red_flag_severity(history, today)
    if severity is Severity.STOP:
        if plan.stopped_on is not None:
            return plan
        # from today: a run not yet run today is not run after a red flag
        a.sessions = [
            s
            if s.on < today
            else PlanSession(
                on=s.on,
                slot=0,
                kind=SessionType.REST,
                notes=("plan stopped: a red flag needs assessment",),
            )
            for s in a.sessions
            if s.on < today or s.slot == 0
        ]
        a.record(
            today,
            "red-flags",
            "plan stopped until a clinician's clearance is recorded",
            advice,
            f"red-flags:stop:{today}",
        )
        return replace(
            plan,
            sessions=tuple(a.sessions),
            changes=tuple(a.changes),
            stopped_on=today,
        )
    if plan.stopped_on is not None:
        plan = _resumed(plan, history, config, today)
        a = _Adapter(plan, history, config, today)
        # the regenerated weeks carry no old pain change: recent pain acts on them again
        a.handled = {c.trigger for c in plan.changes if not _is_pain(c.trigger)}
    if severity is Severity.HOLD:
        a.hold("red-flags", advice)
        trigger = f"red-flags:hold:{week_start_of(today, plan.first_weekday)}"
        if trigger not in a.handled:
            a.record(today, "red-flags", "progression held", advice, trigger)
    # pain within the window acts once, reported before the plan was made or after
    since = today - timedelta(days=PAIN_WINDOW_DAYS)
    findings = check(history, config, since, today)
    lim = a.limits
    for f in findings:
        key = f"{f.rule}:{f.on or f.week_start}"
        if f.rule in PAIN_RULES and f.on and key not in a.handled:
            score = float(f.values.get("score") or 0)
            if f.rule == "pain-during":
                swap = score >= lim.pain_during_max + SWAP_FROM
                a.cut_next(f.rule, CUT_DURING, swap, f.message, key)
            else:
                a.cut_next(f.rule, CUT_MORNING, False, f.message, key)
            a.handled.add(key)
        elif f.rule in PAIN_RULES and f.on and f.on >= today - timedelta(1):
            a.hold(f.rule, f.message)  # still recent: keep holding
        elif f.rule == "pain-trend" and key not in a.handled:
            a.step_back(f.message, key)
            a.handled.add(key)
    a.refit()
    return replace(plan, sessions=tuple(a.sessions), changes=tuple(a.changes))


PAIN_RULES = ("pain-during", "pain-next-morning")


def _is_pain(trigger: str) -> bool:
    return trigger.split(":", 1)[0] in PAIN_RULES


def _resumed(plan: Plan, history: History, config: RulesConfig, today: date) -> Plan:
    """A stopped plan after a clearance: regenerated from the current history.

    The days before the fresh start keep their sessions and changes; the fresh weeks
    carry only the changes that apply to them (the resume, then whatever adaptation
    does next).
    """
    fresh = generate(plan.profile, history, plan.goal, config, today).plan
    opens = today + timedelta(days=1)  # the fresh plan fills the days after today
    kept = tuple(c for c in plan.changes if c.on < opens)
    resume = PlanChange(
        opens,
        "red-flags",
        "plan resumed from your current history",
        "a clinician's clearance was recorded",
        f"red-flags:resume:{today}",
        today,
    )
    return replace(
        plan,
        sessions=tuple(s for s in plan.sessions if s.on < opens) + fresh.sessions,
        weeks=tuple(w for w in plan.weeks if w.start < fresh.start) + fresh.weeks,
        changes=(*kept, resume),
        stopped_on=None,
    )


def why(plan: Plan, day: date) -> list[str]:
    """`backstride plan why DATE`: each change to that day with the rule behind it."""
    lines = [
        f"{c.rule}: {c.what} — {c.why} (re-planned on {c.made_on})" for c in plan.changes_on(day)
    ]
    if not lines:
        sessions = plan.on(day)
        week = next((w for w in plan.weeks if w.start <= day < w.start + timedelta(7)), None)
        block = f"a {week.block.value} week" if week else "outside the plan"
        kinds = ", ".join(s.kind.value for s in sessions) or "nothing"
        lines.append(f"as generated: {kinds} ({block}); no rule changed this day")
    return lines
