"""Load information, never a block: acwr and monotony (session-RPE based)."""

from __future__ import annotations

from datetime import date, timedelta

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
)
from backstride.training.load import acwr_series, monotony_of
from backstride.training.weekly import weeks_between

EPS = 1e-9


def _acwr(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for point in acwr_series(facts.loads, period.until):
        if not period.holds(point.day) or point.ratio is None:
            continue
        if point.ratio >= p["spike_ratio"] - EPS:
            out.append(
                ACWR.finding(
                    f"acute:chronic load ratio {point.ratio:.2f} (typical 0.8-1.3): "
                    "information only",
                    {"ratio": point.ratio, "acute": point.acute, "chronic": point.chronic},
                    on=point.day,
                )
            )
    return out


def _acwr_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    series = acwr_series(facts.loads, today)
    if not series or series[-1].day != today or series[-1].ratio is None:
        return []
    point = series[-1]
    return [
        ACWR.finding(
            f"acute:chronic load ratio {point.ratio:.2f} (typical 0.8-1.3; "
            f"{p['spike_ratio']:g} or more is a spike): information only",
            {"ratio": point.ratio, "acute": point.acute, "chronic": point.chronic},
            on=today,
        )
    ]


ACWR = REGISTRY.register(
    Rule(
        id="acwr",
        title="Acute:chronic workload ratio",
        severity=Severity.INFO,
        params=(Param("spike_ratio", 1.5, 1.2, 2.0, "ratio shown as a spike"),),
        origin=Origin.EVIDENCE,
        source="Gabbett 2016; Williams 2017 (EWMA); contested: Impellizzeri 2020",
        strength=Strength.CONTESTED,
        evaluate=_acwr,
        predict=_acwr_today,
        note="Your training load this week against your usual over four weeks (load: how "
        "hard each session felt times its minutes; technically an EWMA 7 d / 28 d ratio of "
        "session-RPE load); shown after 28 days of data.",
    )
)


def _monotony(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in weeks_between(period.since, period.until, facts.first_weekday):
        if week + timedelta(days=6) > period.until:
            continue
        m = monotony_of(facts.loads, week)
        if m.monotony is not None and m.monotony > p["max_monotony"] + EPS:
            out.append(
                MONOTONY.finding(
                    f"training monotony {m.monotony:.1f} (above {p['max_monotony']:g}): "
                    "vary hard and easy days; information only",
                    {"monotony": m.monotony, "strain": m.strain, "weekly_load": m.weekly_load},
                    week_start=week,
                )
            )
    return out


MONOTONY = REGISTRY.register(
    Rule(
        id="monotony",
        title="Training monotony",
        severity=Severity.INFO,
        params=(Param("max_monotony", 2.0, 1.5, 2.5, "monotony shown as high"),),
        origin=Origin.EVIDENCE,
        source="Foster 1998",
        strength=Strength.WEAK,
        evaluate=_monotony,
        note="How alike your seven days are: the week's average daily load divided by how "
        "much it varies (rest days count as 0; technically mean over SD); complete weeks only.",
    )
)
