"""An independent check of a plan against the rules, written apart from the generator.

It re-reads every threshold from the rules config and recomputes each check from
the history (days up to the plan's creation) plus the plan's sessions, the way the
rules would see them once the plan is run. It shares no helper with the generator
except the rule definitions (the current level of training.level, the routines).

Besides the rules, a plan's own promises: no run shorter than the shortest run worth
its warm-up (a run-walk instead); the long run the longest run of its week; each
week's total the sum of its sessions and its label true to them; a race goal's race on
race day (or, kept anyway, a plan that says in words that it is not in it). The race
itself is not training: it is exempt from the long-run spike, the weekly ramp and one
progression, which its week's other runs keep.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.backcare import History, RunType
from backstride.plan.model import Block, GoalKind, Plan, PlanSession, SessionType
from backstride.routines import RoutineKind, load_routine, routine_seconds
from backstride.rules import REGISTRY, RulesConfig
from backstride.rules.volume import return_factors
from backstride.training.level import level_after
from backstride.training.weekly import training_days

EPS = 1e-6
TOTAL_EPS_M = 1.0


@dataclass(frozen=True)
class Violation:
    rule: str
    on: date
    message: str


def _params(config: RulesConfig, rule: str) -> dict[str, float]:
    return config.params(REGISTRY[rule])


@dataclass(frozen=True)
class _Run:
    distance_m: float
    hard: bool
    fast_s: float
    race: bool


@dataclass
class _Day:
    runs: list[_Run]
    busy: bool  # core or cross-training


def _days(plan: Plan, history: History, config: RulesConfig, since: date) -> dict[date, _Day]:
    out: dict[date, _Day] = defaultdict(lambda: _Day([], False))
    log = training_days(history, config.first_weekday)
    for r in log.runs:
        if r.day < since:
            race = r.run_type is RunType.RACE
            out[r.day].runs.append(
                _Run(r.distance_m, r.run_type is not RunType.EASY, r.speed_s, race)
            )
    for s in log.sessions:
        if s.day < since and s.kind.value not in ("walk", "yoga"):
            out[s.day].busy = True
    # today, while its planned run is still to come: what was logged today counts too
    for s in log.sessions:
        if s.day == since and s.kind.value not in ("walk", "yoga"):
            out[s.day].busy = True
    for p in plan.sessions:
        if p.on < since:
            continue
        day = out[p.on]
        if p.kind is SessionType.RUN:
            hard = p.run_type is not RunType.EASY or p.race
            fast = (p.duration_s or 0) if p.race else (p.speed.fast_s if p.speed else 0.0)
            day.runs.append(_Run(p.distance_m or 0.0, hard, fast, p.race))
        elif p.kind in (SessionType.CORE, SessionType.CROSS):
            day.busy = True
    return out


def _weekly_totals(days: dict[date, _Day], before: date, first_weekday: int) -> list[float]:
    """Training distance (races left out) of each whole week from the first run's week to
    the week before `before`."""
    run_days = [d for d, v in days.items() if v.runs and d < before]
    if not run_days:
        return []
    first = min(run_days)
    week = first - timedelta(days=(first.weekday() - first_weekday) % 7)
    out = []
    while week < before:
        out.append(
            sum(
                x.distance_m
                for i in range(7)
                for x in days.get(week + timedelta(days=i), _Day([], False)).runs
                if not x.race
            )
        )
        week += timedelta(days=7)
    return out


def validate(
    plan: Plan, history: History, config: RulesConfig | None = None, today: date | None = None
) -> list[Violation]:
    """Every rule and promise the plan would break from `today` on (default: the day it
    was made). History counts up to `today`, the plan's sessions after it; today's
    planned run too while no run is recorded today (a re-plan in the morning still
    plans it)."""
    config = config or RulesConfig()
    today = today or plan.created_on
    log = training_days(history, config.first_weekday)
    ran_today = any(r.day == today for r in log.runs)
    since = max(plan.start, today + timedelta(days=1) if ran_today else today)
    out: list[Violation] = []
    sessions = [s for s in plan.sessions if s.on >= since]
    if plan.stopped_on is not None:
        for s in sessions:
            if s.on >= plan.stopped_on and s.kind is not SessionType.REST:
                out.append(Violation("red-flags", s.on, "a session after the plan was stopped"))
        return out
    days = _days(plan, history, config, since)
    fw = config.first_weekday
    week_starts = sorted({s.on - timedelta(days=(s.on.weekday() - fw) % 7) for s in sessions})
    max_days = _params(config, "run-days")["max_days"]
    min_rest = _params(config, "rest-days")["min_days"]
    ramp = _params(config, "weekly-ramp")["max_increase_m"]
    factors = return_factors(_params(config, "weekly-ramp"))
    prog = _params(config, "one-progression")
    core_min = _params(config, "core")["min_sessions"]
    cross_min = _params(config, "cross-training")["min_sessions"]

    def week(ws: date) -> tuple[float, float, int, int]:
        ds = [days[ws + timedelta(days=i)] for i in range(7)]
        dist = sum(x.distance_m for d in ds for x in d.runs if not x.race)
        fast = sum(x.fast_s for d in ds for x in d.runs if not x.race) / 60
        run_days = sum(1 for d in ds if d.runs)
        rest = sum(1 for d in ds if not d.runs and not d.busy)
        return dist, fast, run_days, rest

    for ws in week_starts:
        dist, fast, run_days, rest = week(ws)
        mine = [s for s in sessions if ws <= s.on < ws + timedelta(days=7)]
        adds_run = any(s.kind is SessionType.RUN for s in mine)
        adds_busy = adds_run or any(s.kind in (SessionType.CORE, SessionType.CROSS) for s in mine)
        if adds_run and run_days > max_days:
            out.append(Violation("run-days", ws, f"{run_days} run days; at most {max_days:g}"))
        if adds_busy and rest < min_rest:
            out.append(Violation("rest-days", ws, f"{rest} rest days; at least {min_rest:g}"))
        pd, pf, _, _ = week(ws - timedelta(days=7))
        checked = adds_run and any(d < ws and v.runs for d, v in days.items())
        # the ramp is over the runner's current level (evidence.md decision 1)
        level = level_after(_weekly_totals(days, ws, fw), factors).distance_m
        if adds_run and level is not None and dist > level + ramp + EPS:
            out.append(Violation("weekly-ramp", ws, f"{dist:.0f} m after a level of {level:.0f} m"))
        if (
            checked
            and dist - pd > prog["min_distance_increase_m"] + EPS
            and (fast - pf > prog["min_speed_increase_min"] + EPS)
        ):
            out.append(Violation("one-progression", ws, "distance and speed both up"))
        planned = {s.kind for s in mine}
        whole = ws >= since and bool(planned)
        cores = sum(1 for s in mine if s.kind is SessionType.CORE)
        cross = sum(1 for s in mine if s.kind is SessionType.CROSS)
        if whole and cores < core_min:
            out.append(Violation("core", ws, f"{cores} core sessions; at least {core_min:g}"))
        if whole and cross < cross_min:
            out.append(Violation("cross-training", ws, f"{cross} cross sessions"))
    out.extend(_per_run(plan, days, config, since))
    out.extend(_promises(plan, history, config, since))
    return out


def _per_run(
    plan: Plan, days: dict[date, _Day], config: RulesConfig, since: date
) -> list[Violation]:
    out = []
    spike = _params(config, "long-run-spike")["warn_pct"]
    warm = _params(config, "warm-up")["min_minutes"]
    cool = _params(config, "cool-down")["min_minutes"]
    for s in plan.sessions:
        if s.on < since or s.kind is not SessionType.RUN:
            continue
        window = [
            x.distance_m
            for d, v in days.items()
            if s.on - timedelta(days=30) <= d < s.on
            for x in v.runs
        ]
        if not s.race and window and (s.distance_m or 0) > max(window) * (1 + spike / 100) + EPS:
            out.append(
                Violation("long-run-spike", s.on, f"{s.distance_m:.0f} m after {max(window):.0f} m")
            )
        if s.run_type is not RunType.EASY or s.race:
            yesterday = days.get(s.on - timedelta(days=1))
            if yesterday is not None and any(x.hard for x in yesterday.runs):
                out.append(Violation("hard-days", s.on, "two hard days in a row"))
        kinds = {load_routine(n).kind: routine_seconds(load_routine(n)) for n in s.routines}
        if kinds.get(RoutineKind.WARM_UP, 0) < warm * 60:
            out.append(Violation("warm-up", s.on, "no warm-up routine long enough"))
        if kinds.get(RoutineKind.COOL_DOWN, 0) < cool * 60:
            out.append(Violation("cool-down", s.on, "no cool-down routine long enough"))
    for s in plan.sessions:
        if s.on >= since and s.kind is SessionType.REST:
            others = [o for o in plan.sessions if o.on == s.on and o is not s]
            if others:
                out.append(Violation("rest-days", s.on, "a rest day with other sessions"))
    return out


def _week_of(plan: Plan, day: date) -> date:
    return day - timedelta(days=(day.weekday() - plan.first_weekday) % 7)


def _promises(plan: Plan, history: History, config: RulesConfig, since: date) -> list[Violation]:
    """The plan's own promises: shortest run, long run, totals, labels, the race."""
    out: list[Violation] = []
    warm = _params(config, "warm-up")
    min_s, min_m = warm["min_run_minutes"] * 60, warm["min_run_m"]
    runs = [s for s in plan.sessions if s.kind is SessionType.RUN and s.on >= since]
    for s in runs:
        if s.race:
            continue
        walk = s.walk_run is not None and len(s.walk_run.intervals) > 1
        seconds = s.walk_run.total_s if walk and s.walk_run else (s.duration_s or 0.0)
        if walk and seconds < min_s - EPS:
            out.append(Violation("warm-up", s.on, f"a run-walk of {seconds / 60:.0f} min"))
        if not walk and (s.distance_m or 0.0) < min_m - EPS and seconds < min_s - EPS:
            out.append(
                Violation("warm-up", s.on, f"a {s.distance_m or 0:.0f} m run: under the minimum")
            )
    by_week: dict[date, list[PlanSession]] = defaultdict(list)
    for s in plan.sessions:
        if s.kind is SessionType.RUN:
            by_week[_week_of(plan, s.on)].append(s)
    for week_runs in by_week.values():
        training = [s for s in week_runs if not s.race]
        for long in (s for s in training if s.run_type is RunType.LONG and s.on >= since):
            longer = [s for s in training if (s.distance_m or 0) > (long.distance_m or 0) + EPS]
            if longer:
                out.append(Violation("long-run", long.on, "an easy run longer than the long run"))
    out.extend(_weeks(plan, history, config, by_week))
    out.extend(_race(plan, since))
    return out


def _weeks(
    plan: Plan, history: History, config: RulesConfig, by_week: dict[date, list[PlanSession]]
) -> list[Violation]:
    out = []
    log = training_days(history, config.first_weekday)
    first = plan.weeks[0].start if plan.weeks else plan.start
    before = sum(r.distance_m for r in log.runs if first - timedelta(7) <= r.day < first)
    for w in plan.weeks:
        planned = sum(s.distance_m or 0.0 for s in by_week.get(w.start, []))
        total = w.done_m + planned
        if abs(total - w.target_m) > TOTAL_EPS_M:
            out.append(
                Violation(
                    "plan", w.start, f"the week says {w.target_m:.0f} m, its runs {total:.0f}"
                )
            )
        runs = by_week.get(w.start, [])
        fits = {
            Block.SPEED: any(s.speed is not None for s in runs),
            Block.RACE: any(s.race for s in runs),
            Block.RUN_WALK: any(
                s.walk_run is not None and len(s.walk_run.intervals) > 1 for s in runs
            ),
            Block.LIGHTER: total < before - TOTAL_EPS_M,
            Block.TAPER: total < before - TOTAL_EPS_M,
            Block.DISTANCE: total > before + TOTAL_EPS_M,
            Block.HOLD: total <= before + TOTAL_EPS_M,
        }
        if w.start > first and not fits.get(w.block, True):
            out.append(Violation("plan", w.start, f"a {w.block.value} week that is not one"))
        before = total
    return out


def _race(plan: Plan, since: date) -> list[Violation]:
    goal = plan.goal
    races = [s for s in plan.sessions if s.race]
    out = [
        Violation("race", s.on, "a race on a day that is not race day")
        for s in races
        if s.on != goal.race_date
    ]
    if goal.kind is not GoalKind.RACE or goal.race_date is None or goal.race_date < since:
        return out
    on_day = [s for s in races if s.on == goal.race_date]
    if on_day and abs((on_day[0].distance_m or 0) - goal.distance_m) > 1:
        out.append(Violation("race", goal.race_date, "the race is not the goal's distance"))
    if not on_day and not plan.notices:
        out.append(Violation("race", goal.race_date, "no race on race day and no word why"))
    return out
