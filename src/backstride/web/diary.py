"""What the web writes to the diary, through the same store calls as `backstride log pain`,
`backstride screen` and `screen clear`, each followed by the re-plan hook (`planning.replan`).

Routes (pages and API) call these and render the result; nothing here knows HTML or JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from backstride import clock
from backstride.diary import place_pain_report
from backstride.domain.backcare import History, PainReport, PainTiming, RedFlagAnswer, Urgency
from backstride.plan import PlanChange
from backstride.planning import replan
from backstride.rules import RED_FLAGS, RED_FLAGS_BY_ID, RedFlag, RulesConfig, Severity, status
from backstride.rules.redflags import EMERGENCY_FLAGS, changes_character
from backstride.store import Store
from backstride.web.errors import ApiError
from backstride.web.history import history_for

EMERGENCY_IDS = tuple(f.id for f in EMERGENCY_FLAGS)


@dataclass(frozen=True)
class Replan:
    """What the re-plan hook did after a diary write."""

    changes: tuple[PlanChange, ...] = ()
    problem: str | None = None


def replan_now(store: Store, config: RulesConfig, today: date) -> Replan:
    """The hook every diary write calls (as the CLI's `replan_after`)."""
    result = replan(store, config, today)
    return Replan(result.changes, result.problem)


@dataclass(frozen=True)
class PainInput:
    score: float
    timing: PainTiming
    location: str | None = None
    radiating: bool = False
    note: str | None = None
    red_flags: Mapping[str, bool] | None = None  # the emergency questions, when answered


@dataclass(frozen=True)
class PainLogged:
    report: PainReport
    was: Severity
    now: Severity
    answer: str
    changed_character: str | None
    positives: tuple[RedFlag, ...]
    replanned: Replan
    advice: str | None


def check_emergency_answers(answers: Mapping[str, bool]) -> dict[str, bool]:
    """The answers to questions 1-5: all of them, or none at all."""
    unknown = sorted(set(answers) - set(RED_FLAGS_BY_ID))
    if unknown:
        raise ApiError(422, "invalid", f"unknown red-flag question {unknown[0]!r}", "red_flags")
    missing = [str(RED_FLAGS_BY_ID[i].number) for i in EMERGENCY_IDS if i not in answers]
    if missing:
        raise ApiError(
            422,
            "invalid",
            f"answer every emergency question (missing {', '.join(missing)}), or none",
            "red_flags",
        )
    return dict(answers)


def log_pain(
    store: Store,
    history: History,
    config: RulesConfig,
    today: date,
    given: PainInput,
    now: datetime | None = None,
) -> PainLogged:
    """Save a pain report (and any red-flag answers given with it), then re-plan."""
    now = now or clock.now_utc(history.time_zone)
    before = status(history, config, today)
    report = place_pain_report(
        store,
        score=given.score,
        timing=given.timing,
        zone_name=history.time_zone,
        today=today,
        now=now,
        location=given.location,
        radiating=given.radiating,
        note=given.note,
        unplaced_at=now,
    )
    changed = changes_character(report, [r for r in history.pain_reports if r.at <= report.at])
    saved = store.add_pain_report(report)
    positives: tuple[RedFlag, ...] = ()
    if given.red_flags:
        positives = save_answers(store, check_emergency_answers(given.red_flags), now)
    replanned = replan_now(store, config, today)
    after = status(history_for(store), config, today)
    advice = None
    if given.timing is PainTiming.DURING and given.score > 5:
        advice = "Above 5 during a run: shorten or stop the run, and ease off the next one."
    return PainLogged(
        saved, before.severity, after.severity, after.answer, changed, positives, replanned, advice
    )


def save_answers(store: Store, answers: Mapping[str, bool], at: datetime) -> tuple[RedFlag, ...]:
    """Store every answer (as `backstride screen`); the positive questions, in order."""
    store.add_red_flag_answers([RedFlagAnswer(q, at, positive) for q, positive in answers.items()])
    return tuple(sorted((RED_FLAGS_BY_ID[q] for q, p in answers.items() if p), key=_number))


def _number(flag: RedFlag) -> int:
    return flag.number


def screen(
    store: Store, config: RulesConfig, today: date, answers: Mapping[str, bool]
) -> tuple[tuple[RedFlag, ...], Replan]:
    """A screening: all 14 questions, or the emergency questions 1-5 alone; then re-plan."""
    unknown = sorted(set(answers) - set(RED_FLAGS_BY_ID))
    if unknown:
        raise ApiError(422, "invalid", f"unknown red-flag question {unknown[0]!r}", "answers")
    asked = RED_FLAGS if len(answers) > len(EMERGENCY_IDS) else EMERGENCY_FLAGS
    missing = [str(f.number) for f in asked if f.id not in answers]
    if missing:
        raise ApiError(
            422,
            "invalid",
            f"answer every question: {', '.join(missing)} {'has' if len(missing) == 1 else 'have'}"
            " no answer",
            "answers",
        )
    positives = save_answers(store, answers, clock.now_utc(store.athlete().time_zone))
    return positives, replan_now(store, config, today)


def clear(
    store: Store, config: RulesConfig, today: date, question: str | None, note: str | None
) -> tuple[int, Replan]:
    """A clinician's clearance (as `backstride screen clear`), then re-plan."""
    if question is not None and question not in RED_FLAGS_BY_ID:
        raise ApiError(422, "invalid", f"{question!r} is not a red-flag question", "question")
    cleared = store.clear_red_flags(
        clock.now_utc(store.athlete().time_zone),
        question=question,
        note=(note or "").strip() or None,
    )
    return cleared, (replan_now(store, config, today) if cleared else Replan())


@dataclass(frozen=True)
class ActiveFlag:
    flag: RedFlag
    answered_at: datetime


def active_flags(answers: list[RedFlagAnswer]) -> list[ActiveFlag]:
    """Positive answers not yet cleared, most urgent first (one per question)."""
    latest: dict[str, RedFlagAnswer] = {}
    for a in answers:
        if a.positive and a.cleared_at is None and a.question in RED_FLAGS_BY_ID:
            latest[a.question] = a
    out = [ActiveFlag(RED_FLAGS_BY_ID[q], a.answered_at) for q, a in latest.items()]
    order = list(Urgency)
    return sorted(out, key=lambda f: (order.index(f.flag.urgency), f.flag.number))
