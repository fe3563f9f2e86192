"""Red-flag screening for back pain, as data, and the red-flags rule.

The advice says how soon to get assessed; it never names a diagnosis.
Sources: NICE NG59 (2016/2020), NICE CKS, GIRFT cauda equina pathway,
Finucane 2020 (IFOMPT).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from backstride.domain.backcare import History, PainReport, RedFlagAnswer, Urgency
from backstride.rules.base import (
    REGISTRY,
    Adaptation,
    AdaptKind,
    Facts,
    Finding,
    Origin,
    Params,
    Period,
    Rule,
    Section,
    Severity,
    Strength,
)
from backstride.training.days import to_local_date

if TYPE_CHECKING:
    from backstride.rules.config import RulesConfig

NOT_IMPROVING = "not-improving"

SOURCE = "NICE NG59; Finucane 2020 (IFOMPT)"

ADVICE: dict[Urgency, str] = {
    Urgency.EMERGENCY: "Stop running and get assessed urgently today: go to A&E or call "
    "emergency services (999/112/911) now.",
    Urgency.TODAY: "Stop running and get assessed by a doctor today or within 24 hours.",
    Urgency.WITHIN_A_WEEK: "Pause your progression and get assessed by a doctor or "
    "physiotherapist within about a week (the same day if it is severe).",
    Urgency.ROUTINE: "Keep to modified activity and book a routine review with your doctor "
    "or physiotherapist.",
}
SEVERITY: dict[Urgency, Severity] = {
    Urgency.EMERGENCY: Severity.STOP,
    Urgency.TODAY: Severity.STOP,
    Urgency.WITHIN_A_WEEK: Severity.HOLD,
    Urgency.ROUTINE: Severity.ADVICE,
}


@dataclass(frozen=True)
class RedFlag:
    id: str
    number: int
    question: str
    urgency: Urgency

    @property
    def advice(self) -> str:
        return ADVICE[self.urgency]


# Each question asks about one thing, with a time window. Numbers stay as they were
# asked before (scripts answer `--answers 13=no`); question 11 used to ask three things
# at once and is three questions now: 11 (pain at rest), 15 (upper back), 16 (a new
# episode at 50 or over, a weak flag on its own).
RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "bladder",
        1,
        "In the last 14 days, have you had new trouble starting to pee, a weak stream, "
        "less feeling when you pee, or been unable to pee?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "bowel",
        2,
        "In the last 14 days, have you lost control of your bowels, or stopped feeling "
        "when your bowel is full?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "saddle-numbness",
        3,
        "In the last 14 days, have you had numbness or pins and needles around your "
        "genitals, back passage or inner buttocks that is new or getting worse?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "both-legs",
        4,
        "In the last 14 days, have you had pain, numbness or weakness in both legs that is "
        "new or getting worse?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "severe-leg-weakness",
        5,
        "In the last 14 days, has one of your legs become severely weak or kept getting "
        "weaker (foot slapping or dragging, knee giving way), or have you noticed new "
        "sexual problems along with any of the above?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "major-trauma",
        6,
        "Did this episode of back pain start after a major accident, such as a car crash "
        "or a fall from a height?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "fever",
        7,
        "In the last few days, have you had a temperature of 38 °C or more, chills, or "
        "felt generally unwell (especially with a weak immune system, steroid treatment, "
        "drug injection, a recent infection or a recent spine procedure)?",
        Urgency.TODAY,
    ),
    RedFlag(
        "one-leg-weakness",
        8,
        "In the last 14 days, have you had weakness or numbness in one leg that is new or "
        "spreading?",
        Urgency.TODAY,
    ),
    RedFlag("cancer-history", 9, "Have you ever had cancer?", Urgency.WITHIN_A_WEEK),
    RedFlag(
        "weight-loss",
        10,
        "In the last 3 months, have you lost weight without trying?",
        Urgency.WITHIN_A_WEEK,
    ),
    RedFlag(
        "pain-at-rest",
        11,
        "Over the last 2 weeks, has your back pain been there all the time, getting worse, "
        "and not eased by rest or by changing position?",
        Urgency.WITHIN_A_WEEK,
    ),
    RedFlag(
        "minor-fall-fragile",
        12,
        "Did this episode start after a minor fall or lift while you have thin bones "
        "(osteoporosis), take long-term steroids or are over 70, or is there bruising over "
        "your spine?",
        Urgency.WITHIN_A_WEEK,
    ),
    RedFlag(
        "not-improving",
        13,
        "After 4 to 6 weeks of running less, is your back pain the same as before, or worse?",
        Urgency.ROUTINE,
    ),
    RedFlag(
        "inflammatory",
        14,
        "Has your back pain lasted more than 3 months, having started before you were 45, "
        "and does it come with at least one of these: stiffness in the morning, easing with "
        "exercise, waking you in the second half of the night?",
        Urgency.ROUTINE,
    ),
    RedFlag(
        "upper-back-pain",
        15,
        "In the last 2 weeks, has your pain been in your upper back, between the shoulder blades?",
        Urgency.WITHIN_A_WEEK,
    ),
    RedFlag(
        "new-episode-over-50",
        16,
        "Are you 50 or over, with back pain that began in the last 6 weeks?",
        Urgency.ROUTINE,
    ),
)
# Ids that are no longer asked but may be stored: still read, with the words they were
# answered to. `constant-pain` was question 11 before it was split; a yes to it keeps its
# urgency (within a week), and a screening that answered it is not a full one any more.
RETIRED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "constant-pain",
        11,
        "(asked before June 2027) Is this a new episode after the age of 50, or is the pain "
        "constant and getting worse, not eased by rest or changing position, or in your "
        "upper back (between the shoulder blades)?",
        Urgency.WITHIN_A_WEEK,
    ),
)
RED_FLAGS_BY_ID: dict[str, RedFlag] = {flag.id: flag for flag in (*RED_FLAGS, *RETIRED_FLAGS)}
ASKED_IDS: frozenset[str] = frozenset(flag.id for flag in RED_FLAGS)
# The questions of a full screening before question 11 was split.
FORMER_FULL_SCREENING: frozenset[str] = (
    ASKED_IDS - {"pain-at-rest", "upper-back-pain", "new-episode-over-50"}
) | {"constant-pain"}
# Asked at every pain check-in (the cauda equina questions); all of them at onboarding.
CHECK_IN_FLAGS: tuple[str, ...] = tuple(flag.id for flag in RED_FLAGS if flag.number <= 5)
EMERGENCY_FLAGS: tuple[RedFlag, ...] = tuple(RED_FLAGS_BY_ID[i] for i in CHECK_IN_FLAGS)


def _screenings(history: History) -> dict[datetime, set[str]]:
    by_time: dict[datetime, set[str]] = {}
    for answer in history.red_flag_answers:
        by_time.setdefault(answer.answered_at, set()).add(answer.question)
    return by_time


def last_full_screening(history: History) -> datetime | None:
    """When every question asked now was last answered in one go."""
    full = [t for t, asked in _screenings(history).items() if asked >= ASKED_IDS]
    return max(full) if full else None


def changes_character(report: PainReport, earlier: Sequence[PainReport]) -> str | None:
    """'radiating', 'numbness' or 'new location' when this report differs from every
    earlier one (a first report that radiates or comes with numbness counts: pain that
    spreads, or numbness, is worth screening for)."""
    if report.radiating and not any(r.radiating for r in earlier):
        return "radiating"
    if report.numbness and not any(r.numbness for r in earlier):
        return "numbness"
    if not earlier:
        return None
    seen = {r.location for r in earlier if r.location}
    if report.location and seen and report.location not in seen:
        return "new location"
    return None


def screening_due(
    history: History, config: RulesConfig | None = None, today: date | None = None
) -> str | None:
    """Why the red-flag questions should be answered now, in words (no command), or None.

    Never answered; answered before question 11 was split; pain that changed character
    since; or (with `today`) next-morning pain that has risen for two weeks, which makes
    question 13 due unless it was answered since the rise began."""
    last = last_full_screening(history)
    if last is None:
        former = [t for t, asked in _screenings(history).items() if asked >= FORMER_FULL_SCREENING]
        if former:
            return (
                "the red-flag questions changed (question 11 is now three questions: 11, 15 "
                "and 16): answer them again"
            )
        return "answer the red-flag questions once"
    reports = sorted(history.pain_reports, key=lambda r: (r.at, r.id or 0))
    for i, report in enumerate(reports):
        why = changes_character(report, reports[:i])
        if why and report.at > last:
            return (
                f"your pain changed character ({why}) on {report.at.date()}: answer the "
                "red-flag questions again"
            )
    if today is not None and _question_13_due(history, config, today):
        return (
            "your next-morning pain has been higher for two weeks: answer red-flag "
            "question 13 again"
        )
    return None


def _question_13_due(history: History, config: RulesConfig | None, today: date) -> bool:
    from backstride.rules.config import RulesConfig
    from backstride.rules.pain import PAIN_TREND, trend_holds

    config = config or RulesConfig()
    facts = Facts(history.as_of(today), config.first_weekday)
    params = config.params(PAIN_TREND)
    week = facts.log.week_of(today)
    for start in (week, week - timedelta(days=7)):
        if trend_holds(facts, params, start):
            rose_from = start - timedelta(days=7)
            zone = history.time_zone
            return not any(
                a.question == NOT_IMPROVING and to_local_date(a.answered_at, zone) >= rose_from
                for a in history.red_flag_answers
            )
    return False


def is_active(answer: RedFlagAnswer, day: date, time_zone: str) -> bool:
    if not answer.positive or to_local_date(answer.answered_at, time_zone) > day:
        return False
    return answer.cleared_at is None or to_local_date(answer.cleared_at, time_zone) > day


def flag_finding(answer: RedFlagAnswer, on: date) -> Finding:
    flag = RED_FLAGS_BY_ID.get(answer.question)
    urgency = flag.urgency if flag else Urgency.TODAY
    question = flag.question if flag else answer.question
    return RED_FLAGS_RULE.finding(
        f"red flag: {question} — {ADVICE[urgency]}",
        {"question": answer.question, "urgency": urgency.value},
        on=on,
        severity=SEVERITY[urgency],
    )


def _red_flags(facts: Facts, p: Params, period: Period) -> list[Finding]:
    zone = facts.history.time_zone
    out = []
    for answer in facts.history.red_flag_answers:
        day = to_local_date(answer.answered_at, zone)
        if answer.positive and period.holds(day):
            out.append(flag_finding(answer, day))
    return out


def _red_flags_today(facts: Facts, p: Params, today: date) -> list[Finding]:
    zone = facts.history.time_zone
    return [
        flag_finding(a, today) for a in facts.history.red_flag_answers if is_active(a, today, zone)
    ]


RED_FLAGS_RULE = REGISTRY.register(
    Rule(
        id="red-flags",
        title="Red flags for back pain",
        severity=Severity.STOP,
        params=(),
        origin=Origin.EVIDENCE,
        source=SOURCE,
        strength=Strength.MODERATE,
        evaluate=_red_flags,
        predict=_red_flags_today,
        note="A positive answer stays active until cleared. Emergency and same-day flags stop "
        "running; within-a-week flags hold progression; routine flags are advice. Screening "
        "cannot be switched off: it is answered, and a clinician's assessment clears it.",
        section=Section.RED_FLAGS,
        adaptation=Adaptation(AdaptKind.BY_SEVERITY),
        always_on=True,
    )
)
