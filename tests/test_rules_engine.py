"""check(), status(), JSON findings, the registry, acwr and monotony."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from test_rules_builders import MONDAY, core, history, only, run

from backstride.domain.backcare import PainReport, PainTiming, RunType, RunTypeOverride
from backstride.rules import (
    REGISTRY,
    Finding,
    Origin,
    Param,
    Period,
    Rule,
    Severity,
    Strength,
    check,
    load_config,
    status,
)
from backstride.rules.base import Facts, Params
from backstride.training.load import acwr_series, daily_loads, monotony_of
from backstride.training.weekly import training_days

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = MONDAY + timedelta(days=6)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def test_json_findings_carry_rule_severity_date_message_values_source() -> None:
    h = history(run(day(-20), 10), run(day(0), 12))
    (spike,) = only(check(h, None, MONDAY, SUNDAY), "long-run-spike")
    data = json.loads(json.dumps(spike.to_json()))
    assert data["rule"] == "long-run-spike"
    assert data["severity"] == "warning"
    assert data["date"] == "2024-03-04"
    assert data["values"]["longest_30d_m"] == 10000
    assert data["source"].startswith("Frandsen 2025")
    assert "message" in data and "week_start" not in data
    (week,) = only(check(h, None, MONDAY, SUNDAY), "core")
    assert week.to_json()["week_start"] == "2024-03-04"


def test_findings_sorted_by_day_and_period_respected() -> None:
    h = history(*[run(day(d), 5) for d in range(-14, 7)])
    found = check(h, None, day(-7), day(-1))
    keys = [f.sort_key() for f in found]
    assert keys == sorted(keys)
    assert all(day(-7) <= (f.on or f.week_start or day(-7)) <= day(-1) for f in found)


def test_disabled_rule_is_silent() -> None:
    h = history(*[run(day(d), 5) for d in range(7)])
    assert only(check(h, None, MONDAY, SUNDAY), "run-days")
    assert not only(
        check(h, load_config("[rules.run-days]\nenabled = false"), MONDAY, SUNDAY), "run-days"
    )


def test_a_clinicians_rule_registers_like_the_built_ins() -> None:
    def no_sunday_runs(facts: Facts, p: Params, period: Period) -> list[Finding]:
        return [
            rule.finding("no running on Sundays", {"km": r.distance_m}, on=r.day)
            for r in facts.log.runs_between(period.since, period.until)
            if r.day.weekday() == 6 and r.distance_m > p["max_sunday_m"]
        ]

    rule = Rule(
        id="no-sunday",
        title="Sundays off",
        severity=Severity.ADVICE,
        params=(Param("max_sunday", 0, 0, 10_000, "longest Sunday run", distance=True),),
        origin=Origin.PRACTICE,
        source="Dr Example, clinic protocol",
        strength=Strength.EXPERT_OPINION,
        evaluate=no_sunday_runs,
    )
    registry = REGISTRY.copy()
    registry.register(rule)
    h = history(run(SUNDAY, 5))
    assert [
        f.rule for f in check(h, None, MONDAY, SUNDAY, registry=registry) if f.rule == "no-sunday"
    ] == ["no-sunday"]
    config = load_config("[rules.no-sunday]\nmax_sunday_km = 6", registry)
    assert not [f for f in check(h, config, MONDAY, SUNDAY, registry) if f.rule == "no-sunday"]
    assert "no-sunday" not in REGISTRY
    with pytest.raises(ValueError, match="already registered"):
        registry.register(rule)


def test_status_order_and_answer() -> None:
    runs = [run(day(-d), 5) for d in range(1, 40, 2)]
    calm = status(history(*runs), None, day(2))
    assert calm.severity is Severity.INFO and calm.answer.startswith("Yes")
    assert {f.rule for f in calm.if_you_run_today} >= {"warm-up", "cool-down", "weekly-ramp"}
    sore = PainReport(runs[0].start_utc + timedelta(hours=24), 8, PainTiming.NEXT_MORNING)
    # the usual morning level: next-morning reports of the 4 weeks ending a week before
    baseline = tuple(PainReport(r.start_utc, 2, PainTiming.NEXT_MORNING) for r in runs[4:10])
    held = status(history(*runs, pain_reports=(*baseline, sore)), None, sore.at.date())
    assert held.severity is Severity.HOLD
    assert held.usual_pain.score == 2
    assert "pain-next-morning" in [f.rule for f in held.pain]
    assert held.findings()[0].rule == "pain-next-morning"


def test_status_warns_when_a_run_today_would_break_a_rule() -> None:
    h = history(*[run(day(d), 5) for d in range(4)], sessions=(core(day(1)),))
    s = status(h, None, day(4))
    assert s.severity is Severity.WARNING
    assert s.week.run_days == 4
    assert any("run day 5" in f.message for f in s.if_you_run_today)


def test_hard_days_use_classification() -> None:
    runs = [run(day(d), 5) for d in (0, 1)]
    overrides = (RunTypeOverride(runs[0].id or 0, RunType.SPEED),)
    assert only(check(history(*runs, overrides=overrides), None, MONDAY, SUNDAY), "hard-days") == []
    both = (*overrides, RunTypeOverride(runs[1].id or 0, RunType.LONG))
    assert len(only(check(history(*runs, overrides=both), None, MONDAY, SUNDAY), "hard-days")) == 1


# --- load information -----------------------------------------------------------
def test_srpe_load_uses_rpe_or_the_default_by_type() -> None:
    log = training_days(
        history(run(day(0), 5, rpe=5), run(day(1), 5), sessions=(core(day(1), 20),))
    )
    loads = daily_loads(log)
    assert loads[day(0)] == 5 * 30  # RPE 5 x 30 min
    assert loads[day(1)] == 3 * 30 + 3 * 20  # easy default 3; core default 3


def test_acwr_hidden_until_28_days_then_spikes() -> None:
    loads = {day(-40 + i): 100.0 for i in range(0, 41)}
    series = acwr_series(loads, day(0))
    assert series[0].day == day(-40 + 27)
    steady = series[-1].ratio
    assert steady is not None and 0.8 < steady < 1.3
    loads.update({day(i): 400.0 for i in range(1, 6)})
    assert (acwr_series(loads, day(5))[-1].ratio or 0) >= 1.5


def test_acwr_rule_is_info_only() -> None:
    runs = [run(day(-60 + i), 5) for i in range(0, 60, 3)] + [run(day(i), 15) for i in range(0, 7)]
    found = only(check(history(*runs), None, MONDAY, SUNDAY), "acwr")
    assert found and {f.severity for f in found} == {Severity.INFO}


def test_monotony() -> None:
    same = {day(i): 100.0 for i in range(7)}
    assert monotony_of(same, MONDAY).monotony is None
    mostly = {day(i): 100.0 for i in range(6)}
    m = monotony_of(mostly, MONDAY)
    assert m.monotony == pytest.approx(
        (600 / 7) / (((6 * (100 - 600 / 7) ** 2 + (600 / 7) ** 2) / 7) ** 0.5)
    )
    runs = [run(day(i), 5) for i in range(6)]
    found = only(check(history(*runs), None, MONDAY, SUNDAY), "monotony")
    assert [f.week_start for f in found] == [MONDAY]  # 6 equal days: monotony 2.2
    assert only(check(history(*runs[:5]), None, MONDAY, SUNDAY), "monotony") == []  # 1.6
