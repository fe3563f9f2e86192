"""An independent check of a plan against the rules, written apart from the generator.

It re-reads every threshold from the rules config and recomputes each check from
the history (days up to the plan's creation) plus the plan's sessions, the way the
rules would see them once the plan is run. It shares no helper with the generator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.backcare import History, RunType
from backstride.plan.model import Plan, SessionType
from backstride.routines import RoutineKind, load_routine, routine_seconds
from backstride.rules import REGISTRY, RulesConfig
from backstride.rules.volume import return_factors
from backstride.training.level import level_after
from backstride.training.weekly import training_days

EPS = 1e-6


@dataclass(frozen=True)
class Violation:
    rule: str
    on: date
    message: str


def _params(config: RulesConfig, rule: str) -> dict[str, float]:
    return config.params(REGISTRY[rule])


@dataclass
class _Day:
    runs: list[tuple[float, bool, float]]  # distance, hard, speed seconds
    busy: bool  # core or cross-training


def _days(plan: Plan, history: History, config: RulesConfig, since: date) -> dict[date, _Day]:
    out: dict[date, _Day] = defaultdict(lambda: _Day([], False))
    log = training_days(history, config.first_weekday)
    for r in log.runs:
        if r.day < since:
            out[r.day].runs.append((r.distance_m, r.run_type is not RunType.EASY, r.speed_s))
    for s in log.sessions:
        if s.day < since and s.kind.value not in ("walk", "yoga"):
            out[s.day].busy = True
    for p in plan.sessions:
        if p.on < since:
            continue
        day = out[p.on]
        if p.kind is SessionType.RUN:
            hard = p.run_type is not RunType.EASY or p.race
            fast = (p.duration_s or 0) if p.race else (p.speed.fast_s if p.speed else 0.0)
            day.runs.append((p.distance_m or 0.0, hard, fast))
        elif p.kind in (SessionType.CORE, SessionType.CROSS):
            day.busy = True
    return out


def _weekly_totals(days: dict[date, _Day], before: date, first_weekday: int) -> list[float]:
    """Run distance of each whole week from the first run's week to the week before `before`."""
    run_days = [d for d, v in days.items() if v.runs and d < before]
    if not run_days:
        return []
    first = min(run_days)
    week = first - timedelta(days=(first.weekday() - first_weekday) % 7)
    out = []
    while week < before:
        out.append(
            sum(
                x[0]
                for i in range(7)
                for x in days.get(week + timedelta(days=i), _Day([], False)).runs
            )
        )
        week += timedelta(days=7)
    return out


def validate(
    plan: Plan, history: History, config: RulesConfig | None = None, today: date | None = None
) -> list[Violation]:
    """Every rule the plan would break after `today` (default: the day it was made).

    History counts up to `today`, the plan's sessions after it.
    """
    config = config or RulesConfig()
    today = today or plan.created_on
    since = max(plan.start, today + timedelta(days=1))
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
        dist = sum(x[0] for d in ds for x in d.runs)
        fast = sum(x[2] for d in ds for x in d.runs) / 60
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
        # the week before, as the rules engine sees it once the plan is run: the runner's
        # own runs up to `today`, the plan's after (before the plan: the week in progress)
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
        planned = {s.kind for s in sessions if ws <= s.on < ws + timedelta(days=7)}
        whole = ws >= since and bool(planned)
        cores = sum(
            1 for s in sessions if s.kind is SessionType.CORE and ws <= s.on < ws + timedelta(7)
        )
        cross = sum(
            1 for s in sessions if s.kind is SessionType.CROSS and ws <= s.on < ws + timedelta(7)
        )
        if whole and cores < core_min:
            out.append(Violation("core", ws, f"{cores} core sessions; at least {core_min:g}"))
        if whole and cross < cross_min:
            out.append(Violation("cross-training", ws, f"{cross} cross sessions"))
    out.extend(_per_run(plan, days, config, since))
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
            x[0] for d, v in days.items() if s.on - timedelta(days=30) <= d < s.on for x in v.runs
        ]
        if window and (s.distance_m or 0) > max(window) * (1 + spike / 100) + EPS:
            out.append(
                Violation("long-run-spike", s.on, f"{s.distance_m:.0f} m after {max(window):.0f} m")
            )
        if s.run_type is not RunType.EASY or s.race:
            yesterday = days.get(s.on - timedelta(days=1))
            if yesterday is not None and any(x[1] for x in yesterday.runs):
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
