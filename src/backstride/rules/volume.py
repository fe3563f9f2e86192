"""How much and how often: run-days, rest-days, weekly-ramp, one-progression,
long-run-spike, hard-days."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType
from backstride.rules.base import (
    REGISTRY,
    Facts,
    Finding,
    Origin,
    Param,
    Params,
    Period,
    Rule,
    Severity,
    Strength,
    Value,
)
from backstride.training.level import Level, LevelKind, ReturnFactors
from backstride.training.weekly import longest_run_before, weekly_figures, weeks_between
from backstride.units import format_distance, format_over

EPS = 1e-9


def _weeks(facts: Facts, period: Period) -> list[date]:
    return weeks_between(period.since, period.until, facts.first_weekday)


def _has_history_before(facts: Facts, week: date) -> bool:
    """Whether any run predates the week (else 'last week' is unknown, not zero)."""
    return any(run.day < week for run in facts.log.runs)


def _dist(facts: Facts, metres: float) -> str:
    return format_distance(metres, facts.history.units)


# --- run-days -------------------------------------------------------------------
def _run_days(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in _weeks(facts, period):
        fig = weekly_figures(facts.log, week)
        if fig.run_days > p["max_days"]:
            out.append(
                RUN_DAYS.finding(
                    f"{fig.run_days} run days this week; at most {p['max_days']:g}",
                    {"run_days": fig.run_days, "max_days": p["max_days"]},
                    week_start=week,
                )
            )
    return out


def _run_days_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    fig = weekly_figures(facts.log, facts.log.week_of(today))
    if facts.log.runs_on(today) or fig.run_days < p["max_days"]:
        return []
    n = fig.run_days + 1
    return [
        RUN_DAYS.finding(
            f"a run today would be run day {n} this week; at most {p['max_days']:g}",
            {"run_days_if_run": n, "max_days": p["max_days"]},
            on=today,
        )
    ]


RUN_DAYS = REGISTRY.register(
    Rule(
        id="run-days",
        title="Run days per week",
        severity=Severity.WARNING,
        params=(Param("max_days", 4, 2, 6, "most run days in a calendar week", integer=True),),
        origin=Origin.PRACTICE,
        source="back-care running practice; Pollock 1977",
        strength=Strength.WEAK,
        evaluate=_run_days,
        predict=_run_days_today,
        note="A novice default: injuries rose from 0% to 39% going from 1 to 5 days a week.",
    )
)


# --- rest-days ------------------------------------------------------------------
def _rest_days(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in _weeks(facts, period):
        fig = weekly_figures(facts.log, week)
        if fig.rest_days < p["min_days"]:
            out.append(
                REST_DAYS.finding(
                    f"{fig.rest_days} rest days this week; at least {p['min_days']:g}",
                    {"rest_days": fig.rest_days, "min_days": p["min_days"]},
                    week_start=week,
                )
            )
    return out


def _rest_days_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    fig = weekly_figures(facts.log, facts.log.week_of(today))
    if not facts.log.is_rest_day(today) or fig.rest_days - 1 >= p["min_days"]:
        return []
    left = fig.rest_days - 1
    return [
        REST_DAYS.finding(
            f"a run, core or cross-training session today would leave {left} rest days "
            f"this week; at least {p['min_days']:g}",
            {"rest_days_if_trained": left, "min_days": p["min_days"]},
            on=today,
        )
    ]


REST_DAYS = REGISTRY.register(
    Rule(
        id="rest-days",
        title="Full rest days per week",
        severity=Severity.WARNING,
        params=(Param("min_days", 2, 1, 3, "fewest full rest days a week", integer=True),),
        origin=Origin.PRACTICE,
        source="back-care running practice; Pollock 1977",
        strength=Strength.WEAK,
        evaluate=_rest_days,
        predict=_rest_days_today,
        note="A rest day has no run, core or cross-training; a walk or yoga is fine. "
        "Days still to come this week count as rest.",
    )
)


# --- weekly-ramp ----------------------------------------------------------------
def return_factors(p: Params) -> ReturnFactors:
    """The current-level thresholds (training.level) from the weekly-ramp rule's params."""
    return ReturnFactors(
        down_week_pct=p["down_week_pct"],
        after_1_week_pct=p["return_1_week_pct"],
        after_2_weeks_pct=p["return_2_weeks_pct"],
        after_3_4_weeks_pct=p["return_3_4_weeks_pct"],
        after_5_8_weeks_pct=p["return_5_8_weeks_pct"],
    )


def _check_return_factors(p: Params) -> str | None:
    keys = (
        "return_1_week_pct",
        "return_2_weeks_pct",
        "return_3_4_weeks_pct",
        "return_5_8_weeks_pct",
    )
    for shorter, longer in itertools.pairwise(keys):
        if p[longer] > p[shorter] + EPS:
            return f"{longer} ({p[longer]:g}) must not be above {shorter} ({p[shorter]:g})"
    return None


def describe_level(level: Level, units: Units) -> str:
    """The reference in words: "last week's 18.6 km", or the return level after a break."""
    reference = format_distance(level.distance_m or 0.0, units)
    if level.kind is LevelKind.RETURN:
        weeks = f"{level.break_weeks}-week" if level.break_weeks > 1 else "1-week"
        return (
            f"your level after a {weeks} break, {reference} "
            f"({level.factor_pct:g}% of your best recent week, "
            f"{format_distance(level.peak_m, units)})"
        )
    return f"last week's {reference}"


def _ramp_values(facts: Facts, p: Params, week: date) -> dict[str, Value]:
    this = weekly_figures(facts.log, week).distance_m
    level = facts.level_for(week, return_factors(p))
    last = level.distance_m or 0.0
    increase = this - last
    pct = increase / last * 100 if last > 0 else None
    return {
        "distance_m": this,
        "previous_distance_m": last,
        "increase_m": increase,
        "increase_pct": pct,
        "max_increase_m": p["max_increase_m"],
        "strong": pct is not None and pct > p["strong_increase_pct"] + EPS,
        **level.as_values(),
    }


def _reference(facts: Facts, p: Params, week: date) -> Level:
    return facts.level_for(week, return_factors(p))


def _weekly_ramp(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in _weeks(facts, period):
        level = _reference(facts, p, week)
        if level.distance_m is None:
            continue
        v = _ramp_values(facts, p, week)
        increase = float(v["increase_m"] or 0.0)
        if increase > p["max_increase_m"] + EPS:
            strong = " (more than 30% up: a strong warning)" if v["strong"] else ""
            more, limit = format_over(increase, p["max_increase_m"], facts.history.units)
            out.append(
                WEEKLY_RAMP.finding(
                    f"{_dist(facts, float(v['distance_m'] or 0))} this week, "
                    f"{more} more than {describe_level(level, facts.history.units)}; "
                    f"at most {limit} more{strong}",
                    v,
                    week_start=week,
                )
            )
    return out


def _weekly_ramp_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    week = facts.log.week_of(today)
    if _reference(facts, p, week).distance_m is None:
        return []
    v = _ramp_values(facts, p, week)
    room = float(v["previous_distance_m"] or 0) + p["max_increase_m"] - float(v["distance_m"] or 0)
    if room <= 0:
        msg = "any run today adds to a week already over the weekly-ramp limit"
        severity = Severity.WARNING
    else:
        msg = f"a run longer than {_dist(facts, room)} today would break the weekly ramp"
        severity = Severity.INFO
    return [WEEKLY_RAMP.finding(msg, {**v, "room_m": room}, on=today, severity=severity)]


WEEKLY_RAMP = REGISTRY.register(
    Rule(
        id="weekly-ramp",
        title="Weekly distance increase",
        severity=Severity.WARNING,
        params=(
            Param(
                "max_increase",
                3218.688,
                1000,
                5000,
                "most extra distance over your current level",
                distance=True,
            ),
            Param("strong_increase_pct", 30, 10, 50, "increase that makes the warning strong"),
            Param(
                "down_week_pct",
                50,
                20,
                80,
                "a week under this share of your level is a down week (a break)",
            ),
            Param("return_1_week_pct", 100, 50, 100, "level to return to after a 1-week break"),
            Param("return_2_weeks_pct", 90, 40, 100, "level to return to after 2 down weeks"),
            Param("return_3_4_weeks_pct", 75, 30, 100, "level to return to after 3-4 down weeks"),
            Param("return_5_8_weeks_pct", 50, 20, 100, "level to return to after 5-8 down weeks"),
        ),
        origin=Origin.PRACTICE_AND_EVIDENCE,
        source="back-care running practice (2 mi); Nielsen 2014; Buist 2008; Frandsen 2025",
        strength=Strength.WEAK,
        evaluate=_weekly_ramp,
        predict=_weekly_ramp_today,
        check_params=_check_return_factors,
        note="A week is compared with your current level: normally last week's distance; "
        "after down weeks (under half your level: a break, a flare, a holiday), your best "
        "week of the 4 before the break times a return share (1 week 100%, 2 weeks 90%, "
        "3-4 weeks 75%, 5-8 weeks 50%); after a longer break, or in the first week of a "
        "history, there is no level and the week is not checked.",
    )
)


# --- one-progression ------------------------------------------------------------
def _progression(facts: Facts, p: Params, week: date) -> dict[str, float | bool]:
    this = weekly_figures(facts.log, week)
    last = weekly_figures(facts.log, week - timedelta(days=7))
    return {
        "distance_m": this.distance_m,
        "previous_distance_m": last.distance_m,
        "speed_min": this.speed_min,
        "previous_speed_min": last.speed_min,
        "distance_up": this.distance_m - last.distance_m > p["min_distance_increase_m"] + EPS,
        "speed_up": this.speed_min - last.speed_min > p["min_speed_increase_min"] + EPS,
    }


def _one_progression(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in _weeks(facts, period):
        if not _has_history_before(facts, week):
            continue
        v = _progression(facts, p, week)
        if v["distance_up"] and v["speed_up"]:
            out.append(
                ONE_PROGRESSION.finding(
                    f"distance ({_dist(facts, float(v['previous_distance_m']))} → "
                    f"{_dist(facts, float(v['distance_m']))}) and speed work "
                    f"({float(v['previous_speed_min']):.0f} → {float(v['speed_min']):.0f} min) "
                    "both went up this week; build one, then the other",
                    v,
                    week_start=week,
                )
            )
    return out


def _one_progression_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    week = facts.log.week_of(today)
    if not _has_history_before(facts, week):
        return []
    v = _progression(facts, p, week)
    if v["distance_up"] and not v["speed_up"]:
        msg = "distance is already up this week: speed work today would raise both"
    elif v["speed_up"] and not v["distance_up"]:
        room = (
            float(v["previous_distance_m"]) + p["min_distance_increase_m"] - float(v["distance_m"])
        )
        msg = (
            "speed work is already up this week: a run longer than "
            f"{_dist(facts, max(room, 0.0))} today would raise distance too"
        )
    else:
        return []
    return [ONE_PROGRESSION.finding(msg, v, on=today)]


ONE_PROGRESSION = REGISTRY.register(
    Rule(
        id="one-progression",
        title="Distance and speed up in the same week",
        severity=Severity.WARNING,
        params=(
            Param(
                "min_distance_increase",
                0,
                0,
                5000,
                "distance rise that counts as 'up'",
                distance=True,
            ),
            Param("min_speed_increase_min", 1, 0, 30, "speed-work minutes rise that counts"),
        ),
        origin=Origin.PRACTICE,
        source="back-care running practice; Ramskov 2018 (expert opinion)",
        strength=Strength.EXPERT_OPINION,
        evaluate=_one_progression,
        predict=_one_progression_today,
        note="Speed work = minutes at least 10% faster than the runner's own easy pace.",
    )
)


# --- long-run-spike -------------------------------------------------------------
def _long_run_spike(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for run in facts.log.runs_between(period.since, period.until):
        if run.run_type is RunType.RACE:
            continue  # a race is not training: it is exempt (its week's runs are not)
        longest = longest_run_before(facts.log, run.day, 30)
        if longest is None or longest <= 0:
            continue
        pct = (run.distance_m / longest - 1) * 100
        if pct > p["warn_pct"] + EPS:
            strong = pct > p["strong_pct"] + EPS
            label = "a strong warning" if strong else "a warning"
            out.append(
                LONG_RUN_SPIKE.finding(
                    f"a {_dist(facts, run.distance_m)} run, {pct:.0f}% longer than the longest "
                    f"of the previous 30 days ({_dist(facts, longest)}): {label}",
                    {
                        "activity_id": run.activity.id,
                        "distance_m": run.distance_m,
                        "longest_30d_m": longest,
                        "increase_pct": pct,
                        "strong": strong,
                    },
                    on=run.day,
                )
            )
    return out


def _long_run_spike_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    longest = longest_run_before(facts.log, today, 30)
    if not longest:
        return []
    limit = longest * (1 + p["warn_pct"] / 100)
    return [
        LONG_RUN_SPIKE.finding(
            f"a run longer than {_dist(facts, limit)} today would be more than "
            f"{p['warn_pct']:g}% over your longest of the last 30 days ({_dist(facts, longest)})",
            {"longest_30d_m": longest, "limit_m": limit},
            on=today,
            severity=Severity.INFO,
        )
    ]


def _spike_params(p: Params) -> str | None:
    if p["strong_pct"] < p["warn_pct"]:
        return f"strong_pct ({p['strong_pct']:g}) must be at least warn_pct ({p['warn_pct']:g})"
    return None


LONG_RUN_SPIKE = REGISTRY.register(
    Rule(
        id="long-run-spike",
        title="A run longer than the longest of the last 30 days",
        severity=Severity.WARNING,
        params=(
            Param("warn_pct", 10, 0, 50, "increase over the 30-day longest that warns"),
            Param("strong_pct", 30, 0, 100, "increase that makes the warning strong"),
        ),
        origin=Origin.EVIDENCE,
        source="Frandsen 2025 BJSM 59:1203",
        strength=Strength.MODERATE,
        evaluate=_long_run_spike,
        predict=_long_run_spike_today,
        check_params=_spike_params,
        note="Compared with runs on the 30 local days before the run's day; "
        "no run in those days, no finding. A race (run type race) is exempt.",
    )
)


# --- hard-days ------------------------------------------------------------------
def _hard_days(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    log = facts.log
    for day in sorted({r.day for r in log.runs_between(period.since, period.until)}):
        yesterday = day - timedelta(days=1)
        if log.is_hard_day(day) and log.is_hard_day(yesterday):
            kinds = sorted({r.run_type.value for r in log.runs_on(day) + log.runs_on(yesterday)})
            out.append(
                HARD_DAYS.finding(
                    "two hard days in a row (speed or long run yesterday and today)",
                    {"run_types": ",".join(kinds)},
                    on=day,
                )
            )
    return out


def _hard_days_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    log = facts.log
    if not log.is_hard_day(today - timedelta(days=1)) or log.is_hard_day(today):
        return []
    return [
        HARD_DAYS.finding(
            "yesterday was a hard day: keep today's run easy (no speed, no long run)",
            {},
            on=today,
        )
    ]


HARD_DAYS = REGISTRY.register(
    Rule(
        id="hard-days",
        title="Two hard days in a row",
        severity=Severity.ADVICE,
        params=(),
        origin=Origin.EVIDENCE,
        source="Pollock 1977; expert opinion",
        strength=Strength.EXPERT_OPINION,
        evaluate=_hard_days,
        predict=_hard_days_today,
        note="A hard day has a speed run (tempo, intervals) or a long run.",
    )
)
