"""Red-flag screening for back pain, as data, and the red-flags rule.

The advice says how soon to get assessed; it never names a diagnosis.
Sources: NICE NG59 (2016/2020), NICE CKS, GIRFT cauda equina pathway,
Finucane 2020 (IFOMPT).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from backstride.domain.backcare import History, PainReport, RedFlagAnswer, Urgency
from backstride.rules.base import (
    REGISTRY,
    Facts,
    Finding,
    Origin,
    Params,
    Period,
    Rule,
    Severity,
    Strength,
)
from backstride.training.days import to_local_date

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


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "bladder",
        1,
        "In the last two weeks, have you had new trouble starting to pee, a "
        "weak stream, less feeling when you pee, or been unable to pee?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "bowel",
        2,
        "In the last two weeks, have you lost control of your bowels, or not "
        "felt when your bowel is full?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "saddle-numbness",
        3,
        "Do you have new numbness or pins and needles around your "
        "genitals, back passage or inner buttocks?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "both-legs",
        4,
        "Do you have new pain, numbness or weakness in both legs?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "severe-leg-weakness",
        5,
        "Is one of your legs severely or increasingly weak (foot "
        "slapping or dragging, knee giving way), or have you noticed new sexual problems "
        "along with any of the above?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "major-trauma",
        6,
        "Did your back pain start after a major accident, such as a car "
        "crash or a fall from a height?",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "fever",
        7,
        "Do you have a temperature of 38 °C or more, chills, or feel generally "
        "unwell (especially with a weak immune system, steroid treatment, drug injection, "
        "a recent infection or a recent spine procedure)?",
        Urgency.TODAY,
    ),
    RedFlag(
        "one-leg-weakness",
        8,
        "Do you have new or spreading weakness or numbness in one leg?",
        Urgency.TODAY,
    ),
    RedFlag("cancer-history", 9, "Have you ever had cancer?", Urgency.WITHIN_A_WEEK),
    RedFlag("weight-loss", 10, "Have you lost weight without trying?", Urgency.WITHIN_A_WEEK),
    RedFlag(
        "constant-pain",
        11,
        "Is this a new episode after the age of 50, or is the pain "
        "constant and getting worse, not eased by rest or changing position, or in your "
        "upper back (between the shoulder blades)?",
        Urgency.WITHIN_A_WEEK,
    ),
    RedFlag(
        "minor-fall-fragile",
        12,
        "Did the pain start after a minor fall or lift, and do "
        "you have thin bones (osteoporosis), take long-term steroids, or are you over 70; "
        "or is there bruising over your spine?",
        Urgency.WITHIN_A_WEEK,
    ),
    RedFlag(
        "not-improving",
        13,
        "Has the pain not improved after 4 to 6 weeks of reduced "
        "running, or been 2 or more points worse for 2 weeks?",
        Urgency.ROUTINE,
    ),
    RedFlag(
        "inflammatory",
        14,
        "Have you had back pain for more than 3 months that began "
        "before 45, with morning stiffness, that gets better with exercise, or that wakes "
        "you in the second half of the night?",
        Urgency.ROUTINE,
    ),
)
RED_FLAGS_BY_ID: dict[str, RedFlag] = {flag.id: flag for flag in RED_FLAGS}
# Asked at every pain check-in (the cauda equina questions); all 14 at onboarding.
CHECK_IN_FLAGS: tuple[str, ...] = tuple(flag.id for flag in RED_FLAGS if flag.number <= 5)
EMERGENCY_FLAGS: tuple[RedFlag, ...] = tuple(RED_FLAGS_BY_ID[i] for i in CHECK_IN_FLAGS)


def last_full_screening(history: History) -> datetime | None:
    """When every one of the 14 questions was last answered in one go."""
    by_time: dict[datetime, set[str]] = {}
    for answer in history.red_flag_answers:
        by_time.setdefault(answer.answered_at, set()).add(answer.question)
    full = [t for t, asked in by_time.items() if asked >= set(RED_FLAGS_BY_ID)]
    return max(full) if full else None


def changes_character(report: PainReport, earlier: Sequence[PainReport]) -> str | None:
    """'radiating' or 'new location' when this report differs from every earlier one."""
    if not earlier:
        return None
    if report.radiating and not any(r.radiating for r in earlier):
        return "radiating"
    seen = {r.location for r in earlier if r.location}
    if report.location and seen and report.location not in seen:
        return "new location"
    return None


def screening_due(history: History) -> str | None:
    """Why the red-flag questions should be answered now, in words (no command), or None."""
    last = last_full_screening(history)
    if last is None:
        return "answer the red-flag questions once"
    reports = sorted(history.pain_reports, key=lambda r: (r.at, r.id or 0))
    for i, report in enumerate(reports):
        why = changes_character(report, reports[:i])
        if why and report.at > last:
            return (
                f"your pain changed character ({why}) on {report.at.date()}: answer the "
                "red-flag questions again"
            )
    return None


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
        "running; within-a-week flags hold progression; routine flags are advice.",
    )
)
