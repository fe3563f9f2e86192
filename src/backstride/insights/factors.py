"""The day table: one row per run day, the pain that followed it and every candidate factor.

Everything comes from the existing core: the training log (run types, warm-ups and
cool-downs, local days), the rules' own findings (long-run-spike, weekly-ramp, pain-trend)
with the runner's thresholds, the shoes' distances (rules.routine) and the check-ins. A
factor is 1 (present), 0 (absent) or NaN (not known that day); a day with several runs has
a factor when any of its runs has it. Pure: no store, no clock.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from backstride.domain.backcare import CheckIn, History, PainTiming, RunType
from backstride.insights.cadence import Cadence, cadence
from backstride.insights.stats import FloatArray, IntArray
from backstride.rules import REGISTRY, Facts, Period, RulesConfig
from backstride.rules.routine import shoe_distance_by_day
from backstride.training.days import to_local_date
from backstride.training.weekly import RunFact, longest_run_before

WORN_SHARE = 0.80  # a shoe past 80 % of its replace-at distance
SHORT_SLEEP_H = 1.0  # an hour or more under the runner's usual
POOR_SLEEP_QUALITY = 2  # 1 or 2 on the 1-5 scale
STIFF_ABOVE_USUAL = 2.0  # stiffness 2 points or more above the usual (a meaningful change)
INDOOR = frozenset({"treadmill", "indoor"})


class Outcome:
    NEXT_MORNING = "next-morning"
    AFTER_RUN = "after-run"


OUTCOMES = (Outcome.NEXT_MORNING, Outcome.AFTER_RUN)


@dataclass(frozen=True)
class Factor:
    """A candidate factor and how a sentence names its two sides ("runs {present}")."""

    id: str
    title: str
    present: str
    absent: str


@dataclass(frozen=True)
class DayTable:
    """Run days in the period, oldest first, with outcomes and factors (NaN: unknown)."""

    days: tuple[date, ...]
    week: IntArray
    outcomes: Mapping[str, FloatArray]
    factors: Mapping[str, FloatArray]
    descriptions: tuple[Factor, ...]
    cadence: Cadence


@dataclass(frozen=True)
class Usual:
    """The runner's usual sleep and stiffness (medians of the check-ins up to the period's end)."""

    sleep_h: float | None
    stiffness: float | None


def usual_of(check_ins: tuple[CheckIn, ...], until: date) -> Usual:
    sleep = [c.sleep_hours for c in check_ins if c.on <= until and c.sleep_hours is not None]
    stiff = [c.stiffness for c in check_ins if c.on <= until and c.stiffness is not None]
    return Usual(
        statistics.median(sleep) if len(sleep) >= 5 else None,
        statistics.median(stiff) if len(stiff) >= 5 else None,
    )


def describe(config: RulesConfig, usual: Usual) -> tuple[Factor, ...]:
    warm = config.params(REGISTRY["warm-up"])["min_minutes"]
    cool = config.params(REGISTRY["cool-down"])["min_minutes"]
    spike = config.params(REGISTRY["long-run-spike"])["warn_pct"]
    sleep = f" (your usual is {usual.sleep_h:g} h)" if usual.sleep_h is not None else ""
    stiff = (
        f"stiffness {usual.stiffness + STIFF_ABOVE_USUAL:g} or more of 10"
        if usual.stiffness is not None
        else f"stiffness {STIFF_ABOVE_USUAL:g} points above your usual"
    )
    return (
        Factor(
            "warm-up",
            "Warm-up skipped or short",
            f"without a warm-up of at least {warm:g} min",
            "with one",
        ),
        Factor(
            "cool-down",
            "Cool-down skipped or short",
            f"without a cool-down of at least {cool:g} min",
            "with one",
        ),
        Factor(
            "worn-shoes",
            "Shoes past 80 % of their replace-at distance",
            "in shoes past 80 % of their replace-at distance (or reported worn)",
            "in fresher shoes",
        ),
        Factor(
            "long-run-spike",
            "Long-run spike",
            f"more than {spike:g} % longer than your longest of the 30 days before",
            "within that",
        ),
        Factor("speed-session", "Speed session", "with speed work", "without speed work"),
        Factor(
            "ramp-week",
            "Ramp week",
            "in weeks that went up more than the weekly-ramp rule allows",
            "in other weeks",
        ),
        Factor(
            "back-to-back",
            "Two or more run days in a row",
            "on a second run day in a row (or more)",
            "that followed a day without a run",
        ),
        Factor(
            "short-sleep",
            "Short sleep",
            f"that followed a night an hour or more under your usual sleep{sleep}",
            "that followed a usual night",
        ),
        Factor(
            "poor-sleep",
            "Poor sleep quality",
            f"that followed poor sleep (quality {POOR_SLEEP_QUALITY} or less of 5)",
            "that followed better sleep",
        ),
        Factor(
            "stiffness",
            "High morning stiffness",
            f"on stiff mornings ({stiff})",
            "on other mornings",
        ),
        Factor(
            "not-eating-enough",
            "Not eating enough",
            "on days you had not eaten enough",
            "on days you had",
        ),
        Factor("brace", "Brace worn", "wearing a brace", "without one"),
        Factor("treadmill", "Treadmill", "on a treadmill", "outdoors"),
        Factor(
            "low-cadence",
            "Cadence under your usual for the pace",
            "with cadence 3 or more steps/min under your usual for that pace",
            "at your usual cadence or above",
        ),
    )


def _day_value(values: list[bool | None]) -> float:
    """A day has a factor when any run has it; not when every run is known not to."""
    if any(v is True for v in values):
        return 1.0
    if values and all(v is False for v in values):
        return 0.0
    return math.nan


def _outcomes(
    history: History, by_day: Mapping[date, list[RunFact]]
) -> dict[str, dict[date, list[float]]]:
    """Pain scores by the run day they follow: next-morning reports go with the day before
    (or with the run they name), after-run reports with their run's day."""
    zone = history.time_zone
    run_day = {f.activity.id: d for d, facts in by_day.items() for f in facts if f.activity.id}
    out: dict[str, dict[date, list[float]]] = {o: {} for o in OUTCOMES}
    for report in history.pain_reports:
        if report.timing is PainTiming.NEXT_MORNING:
            outcome = Outcome.NEXT_MORNING
            day = run_day.get(report.activity_id or -1) or (
                to_local_date(report.at, zone) - timedelta(days=1)
            )
        elif report.timing is PainTiming.AFTER:
            outcome = Outcome.AFTER_RUN
            day = run_day.get(report.activity_id or -1) or to_local_date(report.at, zone)
        else:
            continue
        if day in by_day:
            out[outcome].setdefault(day, []).append(report.score)
    return out


def _worn_shoes(facts: Facts, config: RulesConfig) -> Callable[[RunFact], bool | None]:
    """Whether a run's shoes were past 80 % of their replace-at before that day (or worn)."""
    replace_default = config.params(REGISTRY["shoe-mileage"])["replace_at_m"]
    before: dict[str, list[tuple[date, float]]] = {}
    for shoe in facts.history.shoes:
        totals = shoe_distance_by_day(facts, shoe)
        limit = (shoe.replace_at_m or replace_default) * WORN_SHARE
        starts, previous = [], shoe.gear.start_distance_m
        for day, total in totals:
            starts.append((day, previous))
            previous = total
        before[shoe.name.strip().casefold()] = [
            (d, 1.0 if (t >= limit or (shoe.worn_on and d >= shoe.worn_on)) else 0.0)
            for d, t in starts
        ]
    flags = {(name, d): v > 0 for name, days in before.items() for d, v in days}

    def worn(run: RunFact) -> bool | None:
        name = (run.activity.gear or "").strip().casefold()
        return flags.get((name, run.day))

    return worn


def build_table(
    history: History,
    config: RulesConfig,
    since: date,
    until: date,
    braced_runs: frozenset[int] | None = None,
) -> DayTable:
    """The day table for the run days `since..until` (see the module's docstring).

    `braced_runs`: the ids of runs a brace was worn on (other gear is not in `History`);
    None when the runner has no brace on record, so the factor is unknown.
    """
    facts = Facts(history, config.first_weekday)
    log = facts.log
    by_day: dict[date, list[RunFact]] = {}
    for run in log.runs:
        if since <= run.day <= until:
            by_day.setdefault(run.day, []).append(run)
    days = tuple(sorted(by_day))
    period = Period(since, until)

    def flagged(rule: str) -> list[object]:
        found = REGISTRY[rule].evaluate(facts, config.params(REGISTRY[rule]), period)
        return [f.values.get("activity_id") if f.on else f.week_start for f in found]

    spikes = set(flagged("long-run-spike"))
    ramps = set(flagged("weekly-ramp"))
    pain_rose = frozenset(w for w in flagged("pain-trend") if isinstance(w, date))
    first_run_day = log.runs[0].day if log.runs else until
    week_of = {d: log.week_of(d) for d in days}
    cad = cadence(log.runs, since, until, history.units, week_of, pain_rose)
    cadence_by_id = {r.activity_id: r for r in cad.runs if r.activity_id is not None}
    usual = usual_of(history.check_ins, until)
    check_in = {c.on: c for c in history.check_ins}
    worn = _worn_shoes(facts, config)
    warm_min = config.params(REGISTRY["warm-up"])["min_minutes"]
    cool_min = config.params(REGISTRY["cool-down"])["min_minutes"]
    run_days = {r.day for r in log.runs}

    def per_run(run: RunFact) -> dict[str, bool | None]:
        a = run.activity
        cad_run = cadence_by_id.get(a.id) if a.id is not None else None
        return {
            "warm-up": None if run.warm_up is None else run.warm_up.minutes < warm_min - 1e-9,
            "cool-down": None if run.cool_down is None else run.cool_down.minutes < cool_min - 1e-9,
            "worn-shoes": worn(run),
            "long-run-spike": True
            if a.id is not None and a.id in spikes
            else (None if longest_run_before(log, run.day) is None else False),
            "speed-session": run.run_type is RunType.SPEED,
            "ramp-week": True
            if log.week_of(run.day) in ramps
            else (None if log.week_of(run.day) <= log.week_of(first_run_day) else False),
            "brace": None if braced_runs is None or a.id is None else a.id in braced_runs,
            "treadmill": (a.sub_sport or "") in INDOOR,
            "low-cadence": cad.below_usual(cad_run) if cad_run is not None else None,
        }

    def per_day(day: date) -> dict[str, bool | None]:
        c = check_in.get(day)
        sleep_h = c.sleep_hours if c else None
        stiffness = c.stiffness if c else None
        return {
            "back-to-back": (day - timedelta(days=1)) in run_days,
            "short-sleep": None
            if sleep_h is None or usual.sleep_h is None
            else sleep_h <= usual.sleep_h - SHORT_SLEEP_H + 1e-9,
            "poor-sleep": None
            if c is None or c.sleep_quality is None
            else c.sleep_quality <= POOR_SLEEP_QUALITY,
            "stiffness": None
            if stiffness is None or usual.stiffness is None
            else stiffness >= usual.stiffness + STIFF_ABOVE_USUAL - 1e-9,
            "not-eating-enough": None if c is None or c.ate_enough is None else not c.ate_enough,
        }

    descriptions = describe(config, usual)
    columns: dict[str, list[float]] = {f.id: [] for f in descriptions}
    for day in days:
        runs = [per_run(r) for r in by_day[day]]
        daily = per_day(day)
        for factor in descriptions:
            if factor.id in daily:
                columns[factor.id].append(_day_value([daily[factor.id]]))
            else:
                columns[factor.id].append(_day_value([r[factor.id] for r in runs]))
    scores = _outcomes(history, by_day)
    outcomes = {
        o: np.array(
            [statistics.fmean(scores[o][d]) if d in scores[o] else math.nan for d in days],
            dtype=np.float64,
        )
        for o in OUTCOMES
    }
    first_week = week_of[days[0]] if days else since
    week = np.array([(week_of[d] - first_week).days // 7 for d in days], dtype=np.int64)
    return DayTable(
        days,
        week,
        outcomes,
        {k: np.array(v, dtype=np.float64) for k, v in columns.items()},
        descriptions,
        cad,
    )
