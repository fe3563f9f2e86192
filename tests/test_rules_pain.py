"""pain-during, pain-next-morning, pain-trend and red-flags."""

from __future__ import annotations

from dataclasses import replace
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


def test_the_usual_morning_level_reads_mornings_only_and_does_not_creep() -> None:
    """Before-run, during-run and other reports are not the morning level; a creep of
    next-morning pain 2 -> 3 -> 4 -> 5 over four weeks is caught (the median lags it)."""
    others = tuple(
        pain(day(-10 - i), 6, timing)
        for i, timing in enumerate((PainTiming.BEFORE, PainTiming.DURING, PainTiming.OTHER))
    )
    others = tuple(replace(r, at=r.at + timedelta(days=8)) for r in others)  # in the window
    reports = (*_baseline([2, 2, 2]), *others, pain(day(0), 3.5, PainTiming.NEXT_MORNING))
    (found,) = only(check(history(pain_reports=reports), None, day(0), day(0)), "pain-next-morning")
    assert found.values["usual"] == 2
    creep = tuple(
        pain(day(7 * week + d), 5 + week, PainTiming.NEXT_MORNING)
        for week in range(-3, 1)
        for d in (0, 2, 4)
    )
    fired = only(check(history(pain_reports=creep), None, day(-14), SUNDAY), "pain-next-morning")
    assert {f.on for f in fired} >= {day(-7), day(0), day(2)}, [(f.on, f.message) for f in fired]


@pytest.mark.parametrize(
    ("last", "this", "fires"),
    [
        ([2, 2], [3.9, 3.9], True),  # +1.9 points, 95%
        ([2, 2], [3, 3], True),  # +1 point, 50%: both thresholds met
        ([2, 2], [2.9, 2.9], False),  # +0.9 points: under 1 point
        ([4, 4], [5.1, 5.1], False),  # +1.1 points, 27.5%: under 30%
        ([4, 4], [5.2, 5.2], True),  # +1.2 points, 30%
        ([7, 7], [8.9, 8.9], False),  # +1.9 points, 27%
        ([7, 7], [9.1, 9.1], True),  # +2.1 points, 30%
        ([0, 0], [1.0, 1.0], True),  # from zero: any rise of a point is meaningful
        ([0, 0], [0.9, 0.9], False),
        ([5, 5], [4.0, 4.0], False),  # falling
        ([2], [4, 4], False),  # one report last week: not enough to compare
        ([2, 2], [4], False),  # a week's first report is not a trend
    ],
)
def test_pain_trend_one_point_and_thirty_percent_with_two_reports_a_week(
    last: list[float], this: list[float], fires: bool
) -> None:
    """evidence.md decision 2, on next-morning pain."""
    reports = tuple(
        pain(day(-7 + i), s, PainTiming.NEXT_MORNING) for i, s in enumerate(last)
    ) + tuple(pain(day(i), s, PainTiming.NEXT_MORNING) for i, s in enumerate(this))
    found = only(check(history(pain_reports=reports), None, MONDAY, SUNDAY), "pain-trend")
    assert [f.week_start for f in found] == ([MONDAY] if fires else [])
    if fires:
        assert found[0].severity is Severity.HOLD and found[0].values["reports"] == len(this)


def test_pain_trend_reads_next_morning_pain_only() -> None:
    """A single 3/10 during a run (within the model) is not a rising trend, nor are
    reports before or after runs."""
    last = tuple(pain(day(-7 + i), 2, PainTiming.NEXT_MORNING) for i in (0, 2))
    this = tuple(pain(day(i), 2, PainTiming.NEXT_MORNING) for i in (0, 2))
    others = tuple(
        pain(day(i), 6, timing)
        for i, timing in ((1, PainTiming.DURING), (3, PainTiming.AFTER), (4, PainTiming.OTHER))
    )
    h = history(pain_reports=(*last, *this, *others))
    assert only(check(h, None, MONDAY, SUNDAY), "pain-trend") == []


def test_pain_trend_needs_both_weeks() -> None:
    reports = (pain(day(0), 9, PainTiming.NEXT_MORNING), pain(day(1), 9, PainTiming.NEXT_MORNING))
    assert only(check(history(pain_reports=reports), None, MONDAY, SUNDAY), "pain-trend") == []


def test_a_trend_that_holds_two_weeks_makes_question_13_due() -> None:
    """Next-morning pain 2, then 3.5 (a rise), then still 3.5: the second week prompts
    red-flag question 13 (advice, no second step back), until it is answered."""
    from backstride.rules.redflags import RED_FLAGS, screening_due

    reports = tuple(
        pain(day(7 * week + d), score, PainTiming.NEXT_MORNING)
        for week, score in ((-2, 2), (-1, 3.5), (0, 3.5))
        for d in (0, 2)
    )
    found = only(check(history(pain_reports=reports), None, day(-7), SUNDAY), "pain-trend")
    assert [(f.week_start, f.severity) for f in found] == [
        (day(-7), Severity.HOLD),
        (MONDAY, Severity.ADVICE),
    ]
    assert found[1].values["screening_due"] == "not-improving" and "question 13" in found[1].message
    everything = tuple(RedFlagAnswer(f.id, at(day(-20)), False) for f in RED_FLAGS)
    screened = history(pain_reports=reports, red_flag_answers=everything)
    assert screening_due(screened) is None  # without a day: no trend to judge
    assert "question 13" in (screening_due(screened, None, day(3)) or "")
    answered = history(
        pain_reports=reports,
        red_flag_answers=(*everything, RedFlagAnswer("not-improving", at(day(1)), False)),
    )
    assert screening_due(answered, None, day(3)) is None


# --- red flags ------------------------------------------------------------------
def test_sixteen_red_flags_as_data_with_urgencies() -> None:
    assert len(RED_FLAGS) == 16
    assert len({f.id for f in RED_FLAGS}) == 16
    assert [f.number for f in RED_FLAGS] == list(range(1, 17))
    assert [f.urgency.value for f in RED_FLAGS].count("emergency") == 6
    for flag in RED_FLAGS:
        assert "assess" in flag.advice or "review" in flag.advice
        for word in ("cauda", "cancer is", "tumour", "fracture", "infection is", "spondyl"):
            assert word not in flag.advice.lower()


def test_each_question_asks_one_thing_with_a_time_window() -> None:
    """Question 11 was three questions in one (a weak flag with two strong ones); 13 had
    a double negative; 3 and 4 said 'new' with no window."""
    by_id = {f.id: f for f in RED_FLAGS}
    assert by_id["new-episode-over-50"].urgency.value == "routine"  # a weak flag alone
    for strong in ("pain-at-rest", "upper-back-pain"):
        assert by_id[strong].urgency.value == "within a week"
    assert " not " not in by_id["not-improving"].question
    for number in (3, 4, 8):
        assert RED_FLAGS[number - 1].question.startswith("In the last 14 days")
    windowed = ("last", "ever", "after", "this episode", "more than", "began")
    for flag in RED_FLAGS:
        assert any(w in flag.question.lower() for w in windowed), flag.question
    assert "50" not in by_id["pain-at-rest"].question
    assert "shoulder blades" not in by_id["pain-at-rest"].question


def test_an_answer_to_the_old_question_11_stays_readable_and_active() -> None:
    """Stored answers keep their meaning: the retired id `constant-pain` is still read,
    with its old words and its urgency, and a screening that answered it asks again."""
    from backstride.rules.redflags import RED_FLAGS_BY_ID, screening_due

    old = RED_FLAGS_BY_ID["constant-pain"]
    assert old.number == 11 and "age of 50" in old.question and old not in RED_FLAGS
    answer = RedFlagAnswer("constant-pain", at(day(2), 20), positive=True)
    found = only(check(history(red_flag_answers=(answer,)), None, MONDAY, SUNDAY), "red-flags")
    assert [f.severity for f in found] == [Severity.HOLD] and "age of 50" in found[0].message
    former = {f.id for f in RED_FLAGS[:14]} - {"pain-at-rest"} | {"constant-pain"}
    screened = history(red_flag_answers=tuple(RedFlagAnswer(q, at(day(0)), False) for q in former))
    assert "question 11 is now three" in (screening_due(screened) or "")
    answers = tuple(RedFlagAnswer(f.id, at(day(0)), False) for f in RED_FLAGS)
    full = history(red_flag_answers=answers)
    assert screening_due(full) is None


def test_a_first_ever_radiating_report_asks_for_screening() -> None:
    from backstride.rules.redflags import screening_due

    full = tuple(RedFlagAnswer(f.id, at(day(0)), False) for f in RED_FLAGS)
    radiating = PainReport(at(day(1)), 4, PainTiming.OTHER, "leg", radiating=True)
    assert screening_due(history(red_flag_answers=full)) is None
    due = screening_due(history(red_flag_answers=full, pain_reports=(radiating,)))
    assert due is not None and "radiating" in due


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
