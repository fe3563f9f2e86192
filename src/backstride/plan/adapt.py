"""Adaptation: after news (pain, a check-in, a session, runs, screening, a day passing),
re-plan the coming days.

What each rule does to the plan is data on the rule (`Rule.adaptation`): the pain model
cuts the next run in proportion, never below the shortest run worth its warm-up (a
run-walk or cycling instead) and holds progression; a rising trend steps the next week
back; a red flag stops the plan or holds it. Then the coming weeks are re-fitted to what
the runner actually did (`refit`), missed days included, and every week's total and
label follow its sessions. Each cause is recorded once, in words that quote what the
plan now holds, on the days it changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from backstride.domain.backcare import History, RunType
from backstride.plan.explain import cut_text, why
from backstride.plan.generate import generate, stop_or_hold
from backstride.plan.limits import Limits
from backstride.plan.model import (
    ALSO,
    Level,
    Plan,
    PlanChange,
    PlanSession,
    SessionType,
)
from backstride.plan.races import race_spec, ready_long_m
from backstride.plan.refit import Refit, Refitter, cycling_instead, shorter_run
from backstride.plan.sessions import WeekContext, run_session
from backstride.plan.weeks import relabel
from backstride.rules import (
    REGISTRY,
    Adaptation,
    AdaptKind,
    Finding,
    Registry,
    RulesConfig,
    Severity,
    check,
)
from backstride.training.days import week_start_of
from backstride.units import format_distance

PAIN_WINDOW_DAYS = 7  # pain this recent still acts (again, after a resume)
RACE_WINDOW_DAYS = 42  # the longest run before a race: in these 6 weeks
STEP_BACK = 0.85  # a stepped-back week holds at most this share of what it held


@dataclass(frozen=True)
class _Cause:
    """A change made this re-plan, rendered in words once the plan is final."""

    kind: str  # cut, step, hold, race
    rule: str
    day: date  # the day (cut, race) or the week (step) it is about
    why: str
    trigger: str
    before: PlanSession | None = None


def _context(plan: Plan, limits: Limits) -> WeekContext:
    runs = [s for s in plan.sessions if s.is_run]
    return WeekContext(
        limits=limits,
        units=plan.profile.units,
        level=plan.profile.level or Level.INTERMEDIATE,
        easy_speed_m_s=plan.easy_speed_m_s,
        run_weekdays=tuple(sorted({s.on.weekday() for s in runs})) or (1, 3, 5),
        long_weekday=None,
        speed_weekday=None,
        fallback_run_m=limits.shortest_run_m(plan.easy_speed_m_s),
        core_routine="core",
        by_time=any(s.target == "time" for s in runs),
    )


def _adaptation(rule_id: str, registry: Registry = REGISTRY) -> Adaptation | None:
    return registry[rule_id].adaptation if rule_id in registry else None


class _Adapter:
    def __init__(self, plan: Plan, history: History, config: RulesConfig, today: date) -> None:
        self.plan, self.history, self.config, self.today = plan, history, config, today
        self.limits = Limits.of(config)
        self.ctx = _context(plan, self.limits)
        self.sessions = list(plan.sessions)
        self.changes = list(plan.changes)
        self.handled = {c.trigger for c in plan.changes}
        self.hold_weeks: dict[date, tuple[str, str]] = {}  # week start: (rule, cause)
        self.causes: list[_Cause] = []
        self.notices = list(plan.notices)

    def record(self, on: date, rule: str, what: str, why: str, trigger: str) -> None:
        self.changes.append(PlanChange(on, rule, what, why, trigger, self.today))

    def record_days(self, days: list[date], rule: str, what: str, why: str, trigger: str) -> None:
        """One change, recorded on each day it reached (so `plan why DAY` names it there)."""
        for i, day in enumerate(sorted(set(days))):
            self.record(day, rule, what, why, trigger if i == 0 else f"{trigger}{ALSO}{day}")

    def next_run(self) -> int | None:
        for i, s in enumerate(self.sessions):
            if s.on > self.today and s.kind is SessionType.RUN and not s.race:
                return i
        return None

    def hold(self, rule: str, cause: str) -> None:
        fw = self.plan.first_weekday
        for k in (1, 7):
            self.hold_weeks.setdefault(
                week_start_of(self.today + timedelta(days=k), fw), (rule, cause)
            )

    # -- what the rules ask -------------------------------------------------------------
    def act(self, finding: Finding, adaptation: Adaptation, key: str) -> None:
        if adaptation.kind is AdaptKind.CUT_NEXT_RUN and finding.on is not None:
            if key not in self.handled:
                self.cut_next(finding, adaptation, key)
                self.handled.add(key)
            elif finding.on >= self.today - timedelta(days=1):
                self.hold(finding.rule, finding.message)  # still recent: keep holding
        elif adaptation.kind is AdaptKind.STEP_BACK_WEEK and key not in self.handled:
            self.step_back(finding, key)
            self.handled.add(key)
        elif adaptation.kind is AdaptKind.HOLD_PROGRESSION:
            when = finding.on or finding.week_start
            if when is not None and when >= self.today - timedelta(days=1):
                self.hold(finding.rule, finding.message)
                if key not in self.handled:
                    self.causes.append(
                        _Cause("hold", finding.rule, self.today, finding.message, key)
                    )
                    self.handled.add(key)

    def cut_next(self, finding: Finding, adaptation: Adaptation, key: str) -> None:
        self.hold(finding.rule, finding.message)
        i = self.next_run()
        if i is None:
            self.causes.append(_Cause("hold", finding.rule, self.today, finding.message, key))
            return
        old = self.sessions[i]
        score = float(finding.values.get(adaptation.score) or 0.0)
        limit = adaptation.limit_of(finding.values)
        swap = adaptation.swap_from is not None and score >= limit + adaptation.swap_from - 1e-9
        why = f"after pain {score:g}/10"
        if swap:
            self.sessions[i] = cycling_instead(old, why)
        else:
            metres = (old.distance_m or 0.0) * adaptation.factor
            cut = shorter_run(old, metres, self.ctx, f"cut {why}: easy, gentle warm-up", flare=True)
            self.sessions[i] = cut
        self.causes.append(_Cause("cut", finding.rule, old.on, finding.message, key, old))

    def step_back(self, finding: Finding, key: str) -> None:
        """Next week back to the week before the current one and at least a step below
        what it held, easy, no speed work."""
        fw = self.plan.first_weekday
        next_week = week_start_of(self.today, fw) + timedelta(days=7)
        refit = Refitter(self.plan, self.history, self.config, self.today, self.sessions, self.ctx)
        level = refit.week_distance(next_week - timedelta(days=14))
        self.hold_weeks.setdefault(next_week, (finding.rule, finding.message))
        runs = [i for i in refit.coming(next_week)]
        total = sum(self.sessions[i].distance_m or 0.0 for i in runs)
        factor = min(STEP_BACK, level / total) if total > 0 else 1.0
        note = "stepped back after a rising pain week: easy, gentle warm-up"
        for i in runs:
            s = self.sessions[i]
            self.sessions[i] = shorter_run(s, (s.distance_m or 0.0) * factor, self.ctx, note, True)
        self.causes.append(_Cause("step", finding.rule, next_week, finding.message, key))

    # -- the race ---------------------------------------------------------------------
    def check_race(self, refit: Refitter) -> None:
        """A race the re-fitted plan no longer gets to safely is taken out, in words."""
        goal = self.plan.goal
        day = goal.race_date
        race = next((i for i, s in enumerate(self.sessions) if s.race and s.on == day), None)
        if race is None or day is None or day <= self.today:
            return
        units = self.plan.profile.units
        spec = race_spec(goal.distance_m, units)
        ready = ready_long_m(spec, goal.distance_m, self.plan.easy_speed_m_s)
        first = day - timedelta(days=RACE_WINDOW_DAYS)
        done = [r.distance_m for r in refit.log.runs if first <= r.day <= self.today]
        planned = [
            s.distance_m or 0.0
            for s in self.sessions
            if s.is_run and not s.race and self.today < s.on < day
        ]
        longest = max([0.0, *done, *planned])
        if longest >= ready * 0.9 - 1e-6:
            return
        why = (
            f"your longest run in the 6 weeks before it is {format_distance(longest, units)}; "
            f"a {spec.name} needs about {format_distance(ready, units)} first"
        )
        old = self.sessions[race]
        easy = max(self.ctx.shortest_run_m, longest * 0.6)
        session = run_session(self.ctx, day, RunType.EASY, easy)
        self.sessions[race] = replace(
            session,
            slot=old.slot,
            notes=(f"not the race: the {spec.name} on {day:%d %b %Y} is out of this plan",),
        )
        notice = (
            f"The {spec.name} on {day:%d %b %Y} is not in this plan any more: {why}. Run it "
            "only with a new plan that reaches it safely."
        )
        self.notices = [*self.notices, notice]
        self.causes.append(_Cause("race", "long-run-spike", day, why, f"race-dropped:{day}", old))

    # -- words ------------------------------------------------------------------------
    def render(
        self, before: Mapping[date, list[PlanSession]], refit: Refit, missed: list[date]
    ) -> None:
        """Every cause once, in words quoting what the plan now holds, on the days it
        changed; a week a step back or a cut already explains is not also 'held'."""
        units = self.plan.profile.units
        changed = {d for d in {s.on for s in self.sessions} if self._changed(d, before)}
        explained: set[date] = set()
        fw = self.plan.first_weekday
        for c in self.causes:
            if c.kind == "cut":
                now = [
                    s
                    for s in self.sessions
                    if s.on == c.day and s.slot == (c.before.slot if c.before else 0)
                ]
                what = cut_text(c.before, now[0] if now else None, units)
                self.record_days([c.day], c.rule, what, c.why, c.trigger)
                explained.add(week_start_of(c.day, fw))
            elif c.kind == "step":
                days = [d for d in changed if c.day <= d < c.day + timedelta(7)]
                total = sum(
                    s.distance_m or 0.0
                    for s in self.sessions
                    if s.is_run and c.day <= s.on < c.day + timedelta(7)
                )
                what = f"week stepped back to {format_distance(total, units)}, easy, no speed work"
                self.record_days(days or [c.day], c.rule, what, c.why, c.trigger)
                explained.add(c.day)
            elif c.kind == "race":
                what = "the race is out of the plan: an easy run that day instead"
                self.record_days([c.day], c.rule, what, c.why, c.trigger)
            else:
                self.record(c.day, c.rule, "progression held", c.why, c.trigger)
        self._render_refit(refit, changed, explained, missed)

    def _changed(self, day: date, before: Mapping[date, list[PlanSession]]) -> bool:
        return day > self.today and [s for s in self.sessions if s.on == day] != before.get(day, [])

    def _render_refit(
        self, refit: Refit, changed: set[date], explained: set[date], missed: list[date]
    ) -> None:
        units, today = self.plan.profile.units, self.today
        after = "after what you actually ran"
        if missed:
            days = ", ".join(f"{d:%a %d %b}" for d in missed)
            after += f" (the runs planned for {days} were missed)"

        def days_of(days: list[date]) -> list[date]:
            return sorted({d for d in days if d in changed})

        for ws, held in sorted(refit.hold_days.items()):
            if ws in explained or not days_of(held):
                continue
            rule, cause = self.hold_weeks.get(ws, ("red-flags", ""))
            total = self._week_total(ws)
            self.record_days(
                days_of(held),
                rule,
                f"progression held: week held at {format_distance(total, units)}",
                f"held after: {cause}",
                f"refit:hold:{ws}:{today}",
            )
        ramp = days_of(refit.ramp_days)
        if ramp:
            first = refit.ramp_weeks[0]
            what = f"week cut to {format_distance(self._week_total(first), units)}"
            if len(refit.ramp_weeks) > 1:
                last = refit.ramp_weeks[-1]
                what += (
                    f"; {len(refit.ramp_weeks) - 1} later weeks re-fitted to build back within "
                    f"the ramp (to {format_distance(self._week_total(last), units)} in the week "
                    f"of {last})"
                )
            self.record_days(
                ramp,
                "weekly-ramp",
                what,
                f"keeps each week within the weekly ramp {after}",
                f"refit:weekly-ramp:{first}:{today}",
            )
        for cause_days, rule, what, reason, key in (
            (
                refit.speed_days,
                "one-progression",
                "speed work dropped",
                "progression held: no speed rise in a week whose distance rises or is held",
                "speed",
            ),
            (
                refit.trimmed_days,
                "one-progression",
                "easy runs a little shorter, the speed session kept",
                f"no more distance than last week in a speed week, {after}",
                "trim",
            ),
            (
                refit.spike_days,
                "long-run-spike",
                "run shortened",
                f"keeps each run within the long-run spike limit {after}",
                "spike",
            ),
            (
                refit.short_days,
                "warm-up",
                "run made a run-walk or cycling",
                "a run under the shortest worth its warm-up",
                "short",
            ),
        ):
            hit = days_of(cause_days)
            if hit:
                n = len(hit)
                text = what if n == 1 else f"{what} ({n} sessions, to {hit[-1]})"
                self.record_days(hit, rule, text, reason, f"refit:{key}:{hit[0]}:{today}")

    def _week_total(self, ws: date) -> float:
        return sum(
            s.distance_m or 0.0
            for s in self.sessions
            if s.is_run and ws <= s.on < ws + timedelta(7)
        )


def _missed(plan: Plan, history: History, today: date, handled: set[str]) -> list[date]:
    """Days that have passed with a planned run and no run recorded, not yet re-planned for."""
    from backstride.training.weekly import training_days

    ran = {r.day for r in training_days(history, plan.first_weekday).runs}
    return sorted(
        {
            s.on
            for s in plan.sessions
            if s.is_run
            and plan.created_on < s.on < today
            and s.on not in ran
            and f"missed:{s.on}" not in handled
        }
    )


def adapt(
    plan: Plan,
    history: History,
    config: RulesConfig | None,
    today: date,
    registry: Registry = REGISTRY,
) -> Plan:
    """The plan re-planned from `today` on; pure, and each trigger acts only once.

    What each rule's findings do is its `adaptation` in `registry`: a clinician's rule
    registered there adapts the plan the way the built-in ones do."""
    config = config or RulesConfig()
    severity, advice, rule = stop_or_hold(history, config, today, registry)
    if severity is Severity.STOP:
        if plan.stopped_on is not None:
            return plan
        return _stopped(plan, history, config, today, rule, advice)
    if plan.stopped_on is not None:
        plan = _resumed(plan, history, config, today)
    a = _Adapter(plan, history, config, today)
    if plan.changes and plan.changes[-1].trigger.startswith("red-flags:resume:"):
        # the regenerated weeks carry no old pain change: recent pain acts on them again
        a.handled = {c.trigger for c in plan.changes if not _is_cut(c.trigger)}
    if severity is Severity.HOLD:
        a.hold(rule, advice)
        trigger = f"{rule}:hold:{week_start_of(today, plan.first_weekday)}"
        if trigger not in a.handled:
            a.causes.append(_Cause("hold", rule, today, advice, trigger))
            a.handled.add(trigger)
    since = today - timedelta(days=PAIN_WINDOW_DAYS)
    for f in check(history, config, since, today, registry):
        adaptation = _adaptation(f.rule, registry)
        if adaptation is None or f.severity.rank < adaptation.acts_from.rank:
            continue
        if adaptation.kind is AdaptKind.BY_SEVERITY:
            continue  # stop_or_hold above
        a.act(f, adaptation, f"{f.rule}:{f.on or f.week_start}")
    missed = _missed(plan, history, today, a.handled)
    before: dict[date, list[PlanSession]] = {}
    for s in plan.sessions:
        before.setdefault(s.on, []).append(s)
    refitter = Refitter(plan, history, config, today, a.sessions, a.ctx)
    refit = refitter.run(set(a.hold_weeks))
    a.check_race(refitter)
    a.render(before, refit, missed)
    for day in missed:
        a.handled.add(f"missed:{day}")
    out = replace(
        plan, sessions=tuple(a.sessions), changes=tuple(a.changes), notices=tuple(a.notices)
    )
    return relabel(out, _week_before(out, history))


def _week_before(plan: Plan, history: History) -> float | None:
    from backstride.training.weekly import training_days

    if not plan.weeks:
        return None
    first = plan.weeks[0].start
    log = training_days(history, plan.first_weekday)
    if not any(r.day < first for r in log.runs):
        return None
    return sum(r.distance_m for r in log.runs if first - timedelta(days=7) <= r.day < first)


def _stopped(
    plan: Plan, history: History, config: RulesConfig, today: date, rule: str, advice: str
) -> Plan:
    """From today (a run not yet run today included) every day is rest, until cleared."""
    sessions = tuple(
        s
        if s.on < today
        else PlanSession(
            on=s.on,
            slot=0,
            kind=SessionType.REST,
            notes=("plan stopped: a red flag needs assessment",),
        )
        for s in plan.sessions
        if s.on < today or s.slot == 0
    )
    change = PlanChange(
        today,
        rule,
        "plan stopped until a clinician's clearance is recorded",
        advice,
        f"red-flags:stop:{today}",
        today,
    )
    stopped = replace(plan, sessions=sessions, changes=(*plan.changes, change), stopped_on=today)
    return relabel(stopped, _week_before(stopped, history))


def _is_cut(trigger: str) -> bool:
    adaptation = _adaptation(trigger.split(":", 1)[0])
    return adaptation is not None and adaptation.kind is AdaptKind.CUT_NEXT_RUN


def _resumed(plan: Plan, history: History, config: RulesConfig, today: date) -> Plan:
    """A stopped plan after a clearance: regenerated from the current history.

    The days before the fresh start keep their sessions and changes; the fresh weeks
    carry only the changes that apply to them (the resume, then whatever adaptation
    does next). A race the fresh plan cannot reach is kept out, in words (its notices).
    """
    fresh = generate(replace(plan.profile, anyway=True), history, plan.goal, config, today).plan
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
        notices=fresh.notices,
    )


__all__ = ["adapt", "why"]
