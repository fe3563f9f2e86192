"""The generator: a pure, deterministic function of (profile, history, goal, config, today).

Every week satisfies every rule by construction (see `simulate`). A race goal puts the
race itself on race day after a taper; a race the plan cannot reach safely by its date
is refused, with the earliest safe date and safe alternatives, unless the runner keeps
the plan that stops short of it (`PlanProfile.anyway`), which then says so in words.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.domain.backcare import History
from backstride.plan.limits import Limits
from backstride.plan.model import (
    RACES_M,
    Alternative,
    Goal,
    GoalKind,
    Level,
    Plan,
    PlanError,
    PlanProfile,
    PlanResult,
    plan_id,
)
from backstride.plan.programme import SESSIONS
from backstride.plan.races import long_cap_m, race_spec
from backstride.plan.sessions import WeekContext
from backstride.plan.simulate import Simulation, simulate
from backstride.plan.start import StartPoint, choose_days, programme_baseline_m, start_point
from backstride.plan.weeks import relabel
from backstride.rules import REGISTRY, AdaptKind, Registry, RulesConfig, Severity
from backstride.rules.base import Facts
from backstride.training.weekly import TrainingLog, training_days
from backstride.units import METRES_PER_MILE, format_distance

DEFAULT_WEEKS = 12
MAX_WEEKS = 104
NO_HISTORY_START_M = 6000.0  # a held week after a short one climbs back to at most this


def stop_or_hold(
    history: History, config: RulesConfig | None, today: date, registry: Registry = REGISTRY
) -> tuple[Severity | None, str, str]:
    """The worst stop or hold today from the rules whose adaptation goes by severity (the
    red flags, and any such rule a clinician adds): (severity, its message, its rule)."""
    config = config or RulesConfig()
    facts = Facts(history, config.first_weekday)
    worst: tuple[Severity | None, str, str] = (None, "", "")
    for rule in registry:
        adaptation = rule.adaptation
        if adaptation is None or adaptation.kind is not AdaptKind.BY_SEVERITY:
            continue
        if not config.enabled(rule) or rule.predict is None:
            continue
        for f in rule.predict(facts, config.params(rule), today):
            if f.severity.rank >= Severity.HOLD.rank and (
                worst[0] is None or f.severity.rank > worst[0].rank
            ):
                worst = (f.severity, f.message, rule.id)
    return worst


def _context(sp: StartPoint, profile: PlanProfile, limits: Limits, goal: Goal) -> WeekContext:
    days, long_day, speed_day = choose_days(profile, limits, sp)
    cap = float("inf")
    if goal.kind is GoalKind.RACE:
        spec = race_spec(goal.distance_m, profile.units)
        cap = long_cap_m(spec, sp.easy_speed_m_s, sp.longest_recent_m)
    return WeekContext(
        limits=limits,
        units=profile.units,
        level=sp.level,
        easy_speed_m_s=sp.easy_speed_m_s,
        run_weekdays=days,
        long_weekday=long_day,
        speed_weekday=speed_day,
        fallback_run_m=max(limits.shortest_run_m(sp.easy_speed_m_s), (sp.level_m or 0.0) / 3),
        core_routine="core-advanced" if sp.level is Level.ADVANCED else "core",
        by_time=not sp.recent_history,
        long_cap_m=cap,
    )


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


def _goal_distance(metres: float, units: Units) -> str:
    if units is Units.MI:
        return f"{metres / METRES_PER_MILE:.1f}mi"
    return f"{metres / 1000:.1f}km"


class _Generator:
    def __init__(
        self,
        profile: PlanProfile,
        history: History,
        goal: Goal,
        config: RulesConfig,
        today: date,
    ) -> None:
        self.profile, self.goal, self.today = profile, goal, today
        self.limits = Limits.of(config)
        self.log: TrainingLog = training_days(history, config.first_weekday)
        self.sp = start_point(self.log, profile, self.limits, today)
        self.ctx = _context(self.sp, profile, self.limits, goal)

    def simulate(self, goal: Goal, hold: bool = False) -> Simulation:
        n = self.weeks_for(goal)
        ctx = self.ctx
        if goal.kind is GoalKind.RACE:
            spec = race_spec(goal.distance_m, self.profile.units)
            cap = long_cap_m(spec, ctx.easy_speed_m_s, self.sp.longest_recent_m)
            ctx = replace(ctx, long_cap_m=cap)
        return simulate(self.sp, ctx, self.log, self.today, goal, n, hold)

    def weeks_for(self, goal: Goal) -> int:
        return _n_weeks(goal, self.profile, self.sp)

    def earliest_race(self, hold: bool) -> date | None:
        """The first race date (same weekday, whole weeks later) the plan reaches safely."""
        race_date = self.goal.race_date
        if hold or race_date is None:
            return None

        def ok(extra: int) -> bool:
            moved = replace(self.goal, race_date=race_date + timedelta(days=7 * extra))
            return self.simulate(moved).race_ok

        limit = MAX_WEEKS - (race_date - self.sp.start).days // 7 - 1
        if limit < 1:
            return None
        low, high = 1, 1  # gallop out (most safe dates are near), then halve back
        while not ok(high):
            if high >= limit:
                return None
            low, high = high + 1, min(limit, high * 2)
        while low < high:
            mid = (low + high) // 2
            if ok(mid):
                high = mid
            else:
                low = mid + 1
        return race_date + timedelta(days=7 * low)

    def alternatives(self, earliest: date | None, sim: Simulation) -> tuple[Alternative, ...]:
        goal, units = self.goal, self.profile.units
        assert goal.race_date is not None
        spec = race_spec(goal.distance_m, units)
        out = []
        if earliest is not None:
            what = goal.label.split(":", 1)[1].split("@", 1)[0]
            out.append(
                Alternative(
                    f"race:{what}@{earliest}",
                    f"the {spec.name} on {earliest:%d %b %Y}, the earliest safe date",
                )
            )
        for name, metres in sorted(RACES_M.items(), key=lambda kv: -kv[1]):
            if metres < goal.distance_m - 1:
                label = f"race:{name}@{goal.race_date}"
                shorter = Goal(GoalKind.RACE, metres, goal.race_date, label)
                if self.simulate(shorter).race_ok:
                    out.append(
                        Alternative(
                            shorter.label,
                            f"a {race_spec(metres, units).name} on the same day, "
                            f"{goal.race_date:%d %b %Y}",
                        )
                    )
                    break
        weeks = max(1, (goal.race_date - self.sp.first_whole).days // 7)
        peak = sim.peak_week_m
        if peak > 0:
            out.append(
                Alternative(
                    f"weekly:{_goal_distance(peak, units)}",
                    f"no race: build to {format_distance(peak, units)} a week over {weeks} weeks",
                )
            )
        return tuple(out)


def generate(
    profile: PlanProfile,
    history: History,
    goal: Goal,
    config: RulesConfig | None,
    today: date,
) -> PlanResult:
    """A plan from the runner's history towards `goal`, from the day after `today`."""
    config = config or RulesConfig()
    g = _Generator(profile, history, goal, config, today)
    sp, units = g.sp, profile.units
    g.weeks_for(goal)  # a race before the plan can start: PlanError now
    severity, advice, _ = stop_or_hold(history, config, today)
    baseline = programme_baseline_m(sp) if sp.no_base else None
    base = Plan(
        id=plan_id(goal.label, sp.start.isoformat()),
        goal=goal,
        profile=profile,
        created_on=today,
        start=sp.start,
        first_weekday=config.first_weekday,
        easy_speed_m_s=sp.easy_speed_m_s,
        baseline_week_m=baseline or 0.0,
        weeks=(),
        sessions=(),
        time_zone=history.time_zone,
    )
    if severity is Severity.STOP:
        return PlanResult(
            replace(base, stopped_on=today),
            (f"{advice} No plan until a clinician's clearance is recorded.",),
            reachable=False,
        )
    warnings: list[str] = []
    hold = severity is Severity.HOLD
    if hold:
        warnings.append(f"{advice} Progression is on hold until a clearance is recorded.")
    sim = g.simulate(goal, hold)
    plan = replace(base, weeks=sim.weeks, sessions=sim.sessions)
    plan = relabel(plan, sp.weeks_before[-1] if sp.weeks_before else None)
    if baseline is None:  # what the first whole week aims at: confirming it keeps the plan
        first = next((w for w in plan.weeks if w.start >= sp.first_whole), plan.weeks[0])
        plan = replace(plan, baseline_week_m=sp.start_week_m or sp.level_m or first.target_m)
    if not sp.recent_history:
        warnings.append(_cautious(sp, plan, units))
    result = PlanResult(
        plan,
        needs_confirmation=not sp.recent_history and profile.start_week_m is None,
    )
    if goal.kind is GoalKind.RACE and not sim.race_ok:
        result = _unreachable_race(g, sim, result, hold)
    elif goal.kind is GoalKind.WEEKLY:
        best = max((w.target_m for w in plan.weeks), default=0.0)
        if best < goal.distance_m * 0.95:
            earliest = None if hold else _earliest_weekly(g)
            when = f"; at the safe rate it is reachable by {earliest}" if earliest else ""
            warnings.append(
                f"{goal.label}: not reachable safely in {profile.weeks or DEFAULT_WEEKS} weeks; "
                f"this safe plan reaches {format_distance(best, units)} a week{when}"
            )
            result = replace(result, reachable=False, earliest_safe=earliest)
    if not any(s.is_run for s in result.plan.sessions):
        shortest = format_distance(g.ctx.shortest_run_m, units)
        later = "choose a later race" if goal.kind is GoalKind.RACE else "make a longer plan"
        raise PlanError(
            f"no run fits the rules in the plan for {goal.label}: your run days, rest days and "
            f"the long-run spike limit leave no room for a run of {shortest} or a "
            f"{g.limits.min_run_s / 60:g}-minute run-walk; {later}"
        )
    return replace(result, warnings=(*warnings, *result.warnings))


def _cautious(sp: StartPoint, plan: Plan, units: Units) -> str:
    if sp.no_base:
        session = SESSIONS[sp.programme_from]
        return (
            "no runs in the last 6 weeks: the plan starts cautiously, with a run-walk "
            f"programme in the manner of NHS Couch to 5K ({session.describe()}, three times a "
            "week, the running growing week by week); confirm it, or set your own first "
            "week with a distance"
        )
    first = next((w.target_m for w in plan.weeks if w.start >= sp.first_whole), 0.0)
    return (
        f"no runs in the last 6 weeks: the plan starts cautiously at "
        f"{format_distance(first, units)} a week; confirm it or set your own"
    )


def _unreachable_race(g: _Generator, sim: Simulation, result: PlanResult, hold: bool) -> PlanResult:
    goal, units = g.goal, g.profile.units
    assert goal.race_date is not None
    spec = race_spec(goal.distance_m, units)
    earliest = g.earliest_race(hold)
    alternatives = g.alternatives(earliest, sim)
    when = f"; the earliest safe race date is {earliest}" if earliest else ""
    why = sim.why_not or "the rules do not allow it"
    warning = (
        f"{goal.label}: not reachable safely by {goal.race_date}: {why}; this safe plan stops "
        f"short of the race{when}"
    )
    on_day = [s for s in result.plan.on(goal.race_date) if s.is_run]
    instead = (
        f"an easy {format_distance(on_day[0].distance_m or 0.0, units)} run that day"
        if on_day
        else "no run that day"
    )
    notice = (
        f"The {spec.name} on {goal.race_date:%d %b %Y} is not in this plan: {why}. The plan "
        f"stops short of it, with {instead}"
        + (f"; the earliest safe date is {earliest:%d %b %Y}." if earliest else ".")
    )
    plan = replace(result.plan, notices=(notice,))
    refused = not g.profile.anyway
    return replace(
        result,
        plan=plan,
        warnings=(*result.warnings, warning),
        reachable=False,
        earliest_safe=earliest,
        refused=refused,
        refusal=(
            f"{goal.label} is refused: the {spec.name} on {goal.race_date} cannot be reached "
            f"safely ({why})" + (f"; the earliest safe date is {earliest}" if earliest else "")
            if refused
            else None
        ),
        alternatives=alternatives,
    )


def _earliest_weekly(g: _Generator) -> date | None:
    n = MAX_WEEKS + (1 if g.sp.in_progress else 0)
    sim = simulate(g.sp, g.ctx, g.log, g.today, g.goal, n)
    for week in sim.weeks:
        if week.target_m >= g.goal.distance_m * 0.95:
            return week.start + timedelta(days=6)
    return None
