"""Habits around the runs: shoe-mileage, warm-up, cool-down, core, cross-training."""

from __future__ import annotations

from datetime import date, timedelta

from backstride.domain.activity import Activity
from backstride.domain.backcare import SHOE_REPLACE_AT_M, Shoe
from backstride.rules.base import (
    REGISTRY,
    Evaluate,
    Facts,
    Finding,
    Origin,
    Param,
    Params,
    Period,
    Predict,
    Rule,
    Section,
    Severity,
    Strength,
    Value,
)
from backstride.training.days import local_date
from backstride.training.weekly import weekly_figures, weeks_between
from backstride.units import format_distance

EPS = 1e-9


# --- shoe-mileage ---------------------------------------------------------------
def _same_shoe(activity: Activity, shoe: Shoe) -> bool:
    return activity.gear is not None and activity.gear.strip().casefold() == (
        shoe.name.strip().casefold()
    )


def shoe_distance_by_day(facts: Facts, shoe: Shoe) -> list[tuple[date, float]]:
    """Each local day the shoe was worn and its total distance at the end of that day."""
    per_day: dict[date, list[float]] = {}
    for activity in facts.history.activities:
        if _same_shoe(activity, shoe):
            day = local_date(activity, facts.history.time_zone)
            per_day.setdefault(day, []).append(activity.distance_m or 0.0)
    # Added day by day, each day's runs in sorted order: the same runs give the
    # same totals whatever order they were imported in.
    out: list[tuple[date, float]] = []
    total = shoe.gear.start_distance_m
    for day in sorted(per_day):
        for distance in sorted(per_day[day]):
            total += distance
        out.append((day, total))
    return out


def _limits(shoe: Shoe, p: Params) -> tuple[float, float]:
    replace_at = shoe.replace_at_m or p["replace_at_m"]
    remind = shoe.remind_from if shoe.remind_from is not None else p["remind_from_pct"] / 100
    return replace_at, replace_at * remind


def _shoe_finding(facts: Facts, shoe: Shoe, total: float, p: Params, day: date) -> Finding | None:
    replace_at, remind_at = _limits(shoe, p)
    worn = shoe.worn_on is not None and day >= shoe.worn_on
    values: dict[str, Value] = {
        "shoe": shoe.name,
        "distance_m": total,
        "replace_at_m": replace_at,
        "worn": worn,
    }
    units = facts.history.units
    have = format_distance(total, units)
    if total >= replace_at - EPS or worn:
        why = "reported worn" if worn and total < replace_at else f"{have} done"
        return SHOE_MILEAGE.finding(
            f"replace {shoe.name}: {why}; replace at {format_distance(replace_at, units)}",
            values,
            on=day,
        )
    if total >= remind_at - EPS:
        return SHOE_MILEAGE.finding(
            f"{shoe.name} has {have}; plan a new pair before {format_distance(replace_at, units)}",
            values,
            on=day,
            severity=Severity.ADVICE,
        )
    return None


def _shoe_mileage(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for shoe in facts.history.shoes:
        if shoe.gear.retired:
            continue
        for day, total in shoe_distance_by_day(facts, shoe):
            if period.holds(day) and (found := _shoe_finding(facts, shoe, total, p, day)):
                out.append(found)
    return out


def _shoe_reminders(facts: Facts, p: Params, today: date) -> list[Finding]:
    out = []
    for shoe in facts.history.shoes:
        if shoe.gear.retired:
            continue
        days = [(d, t) for d, t in shoe_distance_by_day(facts, shoe) if d <= today]
        total = days[-1][1] if days else shoe.gear.start_distance_m
        found = _shoe_finding(facts, shoe, total, p, today)
        if found is None and shoe.worn:
            found = SHOE_MILEAGE.finding(
                f"replace {shoe.name}: reported worn",
                {"shoe": shoe.name, "distance_m": total, "worn": True},
                on=today,
            )
        if found:
            out.append(found)
    return out


SHOE_MILEAGE = REGISTRY.register(
    Rule(
        id="shoe-mileage",
        title="Replace running shoes",
        severity=Severity.WARNING,
        params=(
            Param(
                "replace_at", SHOE_REPLACE_AT_M, 300_000, 800_000, "replace shoes at", distance=True
            ),
            Param(
                "remind_from_pct",
                90,
                50,
                100,
                "start reminding at this share of the replacement distance (%)",
            ),
        ),
        origin=Origin.PRACTICE,
        source="back-care running practice (250 mi); evidence 300-500 mi: Cook 1985, "
        "Verdejo & Mills 2004, Kong 2009",
        strength=Strength.WEAK,
        evaluate=_shoe_mileage,
        predict=_shoe_reminders,
        note="Checked on every day the shoe is worn; no study links shoe mileage to injury.",
        section=Section.SHOES,
    )
)


# --- warm-up and cool-down ------------------------------------------------------
def _routine_rule(which: str) -> tuple[Evaluate, Predict]:
    def evaluate(facts: Facts, p: Params, period: Period) -> list[Finding]:
        rule = WARM_UP if which == "warm-up" else COOL_DOWN
        out = []
        for run in facts.log.runs_between(period.since, period.until):
            done = run.warm_up if which == "warm-up" else run.cool_down
            if done is None or done.minutes >= p["min_minutes"] - EPS:
                continue
            what = f"only {done.minutes:g} min" if done.minutes > 0 else "none"
            out.append(
                rule.finding(
                    f"{which} before a {format_distance(run.distance_m, facts.history.units)} "
                    f"run: {what}; at least {p['min_minutes']:g} min"
                    if which == "warm-up"
                    else f"{which} after a "
                    f"{format_distance(run.distance_m, facts.history.units)} run: {what}; "
                    f"at least {p['min_minutes']:g} min",
                    {
                        "activity_id": run.activity.id,
                        "minutes": done.minutes,
                        "kind": done.kind,
                        "min_minutes": p["min_minutes"],
                    },
                    on=run.day,
                )
            )
        return out

    def predict(facts: Facts, p: Params, today: date) -> list[Finding]:
        rule = WARM_UP if which == "warm-up" else COOL_DOWN
        text = (
            f"warm up for at least {p['min_minutes']:g} min: walk, then jog gently up to pace"
            if which == "warm-up"
            else f"cool down for at least {p['min_minutes']:g} min: slow to a jog, then walk"
        )
        return [
            rule.finding(text, {"min_minutes": p["min_minutes"]}, on=today, severity=Severity.INFO)
        ]

    return evaluate, predict


_warm_eval, _warm_predict = _routine_rule("warm-up")
_cool_eval, _cool_predict = _routine_rule("cool-down")

WARM_UP = REGISTRY.register(
    Rule(
        id="warm-up",
        title="Warm-up before every run",
        severity=Severity.WARNING,
        params=(
            Param("min_minutes", 2, 0, 15, "shortest warm-up in minutes"),
            Param(
                "min_run_minutes",
                15,
                5,
                30,
                "shortest planned run, in minutes of running (a run worth its warm-up)",
            ),
            Param(
                "min_run",
                2000,
                500,
                5000,
                "or at least this distance (a planned run reaching either is long enough)",
                distance=True,
            ),
        ),
        origin=Origin.PRACTICE,
        source="back-care running practice; van Mechelen 1993; Behm 2016",
        strength=Strength.WEAK,
        evaluate=_warm_eval,
        predict=_warm_predict,
        note="Detected from the file (leading minutes at walk or slow-jog pace) unless the "
        "runner logged it; a run whose file cannot show it and has no log is not checked. "
        "A run is worth its warm-up: the plan never schedules a run shorter than the "
        "shortest run below (in minutes of running or in distance); where the rules would, "
        "the day becomes a walk-run or cross-training.",
    )
)
COOL_DOWN = REGISTRY.register(
    Rule(
        id="cool-down",
        title="Cool-down after every run",
        severity=Severity.WARNING,
        params=(Param("min_minutes", 2, 0, 10, "shortest cool-down in minutes"),),
        origin=Origin.PRACTICE,
        source="back-care running practice; van Mechelen 1993",
        strength=Strength.EXPERT_OPINION,
        evaluate=_cool_eval,
        predict=_cool_predict,
        note="Detected from the file (trailing minutes slowing to a jog or walk) unless logged.",
    )
)


# --- core and cross-training ----------------------------------------------------
def _complete_weeks(facts: Facts, period: Period) -> list[date]:
    weeks = weeks_between(period.since, period.until, facts.first_weekday)
    return [w for w in weeks if w + timedelta(days=6) <= period.until]


def _sessions_rule(rule_id: str) -> tuple[Evaluate, Predict]:
    label = "core sessions" if rule_id == "core" else "cross-training sessions"

    def count(facts: Facts, week: date) -> int:
        fig = weekly_figures(facts.log, week)
        return fig.core_sessions if rule_id == "core" else fig.cross_sessions

    def evaluate(facts: Facts, p: Params, period: Period) -> list[Finding]:
        rule = REGISTRY[rule_id]
        out = []
        for week in _complete_weeks(facts, period):
            n = count(facts, week)
            if n < p["min_sessions"]:
                out.append(
                    rule.finding(
                        f"{n} {label} this week; at least {p['min_sessions']:g}",
                        {"sessions": n, "min_sessions": p["min_sessions"]},
                        week_start=week,
                    )
                )
        return out

    def predict(facts: Facts, p: Params, today: date) -> list[Finding]:
        week = facts.log.week_of(today)
        n = count(facts, week)
        if n >= p["min_sessions"]:
            return []
        left = 6 - (today - week).days
        return [
            REGISTRY[rule_id].finding(
                f"{n} of {p['min_sessions']:g} {label} so far this week; "
                f"{left + 1} days left including today",
                {"sessions": n, "min_sessions": p["min_sessions"], "days_left": left + 1},
                on=today,
            )
        ]

    return evaluate, predict


_core_eval, _core_predict = _sessions_rule("core")
_cross_eval, _cross_predict = _sessions_rule("cross-training")

REGISTRY.register(
    Rule(
        id="core",
        title="Core sessions per week",
        severity=Severity.ADVICE,
        params=(Param("min_sessions", 2, 1, 4, "fewest core sessions a week", integer=True),),
        origin=Origin.PRACTICE_AND_EVIDENCE,
        source="back-care running practice; Hayden 2021; Saragiotto 2016",
        strength=Strength.MODERATE,
        evaluate=_core_eval,
        predict=_core_predict,
        note="A core session, or a strength session with core exercises. Complete weeks only.",
    )
)
REGISTRY.register(
    Rule(
        id="cross-training",
        title="Non-running sessions per week",
        severity=Severity.ADVICE,
        params=(
            Param("min_sessions", 1, 0, 4, "fewest cross-training sessions a week", integer=True),
        ),
        origin=Origin.PRACTICE,
        source="back-care running practice; Lauersen 2014; Malisoux 2015",
        strength=Strength.MODERATE,
        evaluate=_cross_eval,
        predict=_cross_predict,
        note="Every non-running session except core (imported walks, rides, swims count). "
        "Complete weeks only.",
    )
)
