"""pain-during, pain-next-morning, pain-trend and red-flags."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from test_rules_builders import MONDAY, at, history, only

from backstride.domain.backcare import PainReport, PainTiming, RedFlagAnswer
from backstride.rules import RED_FLAGS, Severity, check, load_config, status

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = MONDAY + timedelta(days=6)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def pain(d: date, score: float, timing: PainTiming, hour: int = 8, minute: int = 0) -> PainReport:
    return PainReport(at(d, hour, minute), score, timing)


@pytest.mark.parametrize(("score", "fires"), [(5.0, False), (5.5, True), (6.0, True)])
def test_pain_during_above_five(score: float, fires: bool) -> None:
    h = history(pain_reports=(pain(day(0), score, PainTiming.DURING),))
    found = only(check(h, None, day(0), day(0)), "pain-during")
    assert [f.severity for f in found] == ([Severity.STOP] if fires else [])


def test_pain_during_limit_configured() -> None:
    h = history(pain_reports=(pain(day(0), 4, PainTiming.DURING),))
    assert only(
        check(h, load_config("[rules.pain-during]\nmax_score = 3"), day(0), day(0)), "pain-during"
    )


def test_pain_at_2330_local_in_summer_is_that_day() -> None:
    d = date(2024, 7, 3)
    h = history(pain_reports=(pain(d, 7, PainTiming.DURING, 23, 30),))
    assert [f.on for f in only(check(h, None, d, d + timedelta(days=1)), "pain-during")] == [d]


def _baseline(scores: list[float]) -> tuple[PainReport, ...]:
    return tuple(pain(day(-1 - i), s, PainTiming.NEXT_MORNING) for i, s in enumerate(scores))


@pytest.mark.parametrize(("score", "fires"), [(3.0, False), (3.5, True)])
def test_pain_next_morning_above_usual_plus_one(score: float, fires: bool) -> None:
    reports = (*_baseline([2, 2, 1, 3, 2]), pain(day(0), score, PainTiming.NEXT_MORNING))
    found = only(check(history(pain_reports=reports), None, day(0), day(0)), "pain-next-morning")
    assert len(found) == int(fires)
    if fires:
        assert found[0].values["usual"] == 2
        assert found[0].severity is Severity.HOLD


def test_pain_next_morning_needs_three_reports_for_a_usual() -> None:
    reports = (*_baseline([1, 1]), pain(day(0), 8, PainTiming.NEXT_MORNING))
    assert (
        only(check(history(pain_reports=reports), None, day(0), day(0)), "pain-next-morning") == []
    )


def test_pain_next_morning_usual_ignores_reports_older_than_28_days() -> None:
    old = tuple(pain(day(-29 - i), 0, PainTiming.NEXT_MORNING) for i in range(5))
    recent = _baseline([4, 4, 4])
    reports = (*old, *recent, pain(day(0), 5, PainTiming.NEXT_MORNING))
    assert (
        only(check(history(pain_reports=reports), None, day(0), day(0)), "pain-next-morning") == []
    )


@pytest.mark.parametrize(
    ("last", "this", "fires"),
    [
        ([2, 2], [3.9, 3.9], True),  # +1.9 points but 95%
        ([4, 4], [5.1, 5.1], False),  # +1.1 points, 27.5%
        ([4, 4], [5.2, 5.2], True),  # +1.2 points, 30%
        ([7, 7], [8.9, 8.9], False),  # +1.9 points, 27%
        ([7, 7], [9.0, 9.0], True),  # +2 points
        ([0, 0], [1.9, 1.9], False),  # from zero: points only
        ([0, 0], [2.0, 2.0], True),
        ([5, 5], [4.0, 4.0], False),  # falling
    ],
)
def test_pain_trend_two_points_or_thirty_percent(
    last: list[float], this: list[float], fires: bool
) -> None:
    reports = tuple(pain(day(-7 + i), s, PainTiming.AFTER) for i, s in enumerate(last)) + tuple(
        pain(day(i), s, PainTiming.AFTER) for i, s in enumerate(this)
    )
    found = only(check(history(pain_reports=reports), None, MONDAY, SUNDAY), "pain-trend")
    assert [f.week_start for f in found] == ([MONDAY] if fires else [])


def test_pain_trend_needs_both_weeks() -> None:
    reports = (pain(day(0), 9, PainTiming.AFTER),)
    assert only(check(history(pain_reports=reports), None, MONDAY, SUNDAY), "pain-trend") == []


# --- red flags ------------------------------------------------------------------
def test_fourteen_red_flags_as_data_with_urgencies() -> None:
    assert len(RED_FLAGS) == 14
    assert len({f.id for f in RED_FLAGS}) == 14
    assert [f.urgency.value for f in RED_FLAGS].count("emergency") == 6
    for flag in RED_FLAGS:
        assert "assess" in flag.advice or "review" in flag.advice
        for word in ("cauda", "cancer is", "tumour", "fracture", "infection is", "spondyl"):
            assert word not in flag.advice.lower()


@pytest.mark.parametrize(
    ("question", "severity"),
    [
        ("saddle-numbness", Severity.STOP),
        ("fever", Severity.STOP),
        ("cancer-history", Severity.HOLD),
        ("inflammatory", Severity.ADVICE),
    ],
)
def test_red_flag_severity_follows_urgency(question: str, severity: Severity) -> None:
    answer = RedFlagAnswer(question, at(day(2), 20), positive=True)
    found = only(check(history(red_flag_answers=(answer,)), None, MONDAY, SUNDAY), "red-flags")
    assert [(f.on, f.severity) for f in found] == [(day(2), severity)]


def test_red_flag_stays_active_until_cleared_and_comes_first_in_status() -> None:
    answer = RedFlagAnswer("both-legs", at(day(0)), True, cleared_at=at(day(3)))
    negative = RedFlagAnswer("bowel", at(day(0)), False)
    h = history(red_flag_answers=(answer, negative))
    during = status(h, None, day(2))
    assert during.severity is Severity.STOP
    assert during.answer.startswith("No")
    assert [f.values["question"] for f in during.red_flags] == ["both-legs"]
    assert during.findings()[0].rule == "red-flags"
    assert status(h, None, day(3)).red_flags == ()
    assert status(h, None, day(-1)).red_flags == ()
