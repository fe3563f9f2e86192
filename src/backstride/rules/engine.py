"""check() lists findings over a period; status() answers 'may I run today, and how'.

Both are pure: the history, the config and the day are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.backcare import History
from backstride.rules.base import REGISTRY, Facts, Finding, Period, Registry, Section, Severity
from backstride.rules.config import RulesConfig
from backstride.rules.pain import Usual, usual_pain
from backstride.training.weekly import WeekFigures, weekly_figures


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def check(
    history: History,
    config: RulesConfig | None,
    since: date,
    until: date,
    registry: Registry = REGISTRY,
) -> list[Finding]:
    """Every finding of every enabled rule for the local days since..until, sorted by day.

    `config` None means every default. A week is reported when it overlaps the period.
    """
    config = config or RulesConfig()
    facts = Facts(history, config.first_weekday)
    return _check(facts, Period(since, until), config, registry)


@dataclass(frozen=True)
class Week:
    """One week against every rule: what the rules found in it and its figures."""

    week_start: date
    week_end: date
    findings: list[Finding]
    figures: WeekFigures


def check_week(
    history: History,
    config: RulesConfig | None,
    week_start: date,
    registry: Registry = REGISTRY,
) -> Week:
    """`check` over the seven days from `week_start`, with that week's `weekly_figures`,
    both from one training log (built once, not once for each)."""
    config = config or RulesConfig()
    facts = Facts(history, config.first_weekday)
    week_end = week_start + timedelta(days=6)
    findings = _check(facts, Period(week_start, week_end), config, registry)
    return Week(week_start, week_end, findings, weekly_figures(facts.log, week_start))


def _check(facts: Facts, period: Period, config: RulesConfig, registry: Registry) -> list[Finding]:
    out: list[Finding] = []
    for rule in registry:
        if config.enabled(rule):
            out.extend(rule.evaluate(facts, config.params(rule), period))
    return _sorted(out)


@dataclass(frozen=True)
class Status:
    """Today's answer, most important first."""

    today: date
    answer: str
    severity: Severity
    red_flags: tuple[Finding, ...]
    pain: tuple[Finding, ...]
    usual_pain: Usual
    week_start: date
    week: WeekFigures
    this_week: tuple[Finding, ...]
    shoes: tuple[Finding, ...]
    if_you_run_today: tuple[Finding, ...]

    def findings(self) -> list[Finding]:
        return [
            *self.red_flags,
            *self.pain,
            *self.this_week,
            *self.shoes,
            *self.if_you_run_today,
        ]


def _answer(red: list[Finding], pain: list[Finding], today: list[Finding]) -> tuple[str, Severity]:
    worst_red = max((f.severity for f in red), key=lambda s: s.rank, default=None)
    if worst_red is Severity.STOP:
        return "No: do not run today. A red flag needs assessment (see below).", Severity.STOP
    if worst_red is Severity.HOLD or any(f.severity.rank >= Severity.HOLD.rank for f in pain):
        return (
            "Hold: no progression today. Rest, walk, or a shorter easy run if pain allows.",
            Severity.HOLD,
        )
    review = " A red flag still needs a clinician's review (see below)." if red else ""
    warnings = [f for f in today if f.severity is Severity.WARNING]
    if warnings:
        return "Better not: a run today would break a rule (see below)." + review, Severity.WARNING
    return "Yes: an easy run fits every rule; warm up and cool down." + review, Severity.INFO


def status(
    history: History,
    config: RulesConfig | None,
    today: date,
    registry: Registry = REGISTRY,
) -> Status:
    """May I run today, and how: red flags, pain, this week, shoes, what a run would break.

    Only what was recorded up to the end of `today` counts.
    """
    config = config or RulesConfig()
    history = history.as_of(today)
    facts = Facts(history, config.first_weekday)
    week_start = facts.log.week_of(today)
    predicted: dict[Section, list[Finding]] = {section: [] for section in Section}
    for rule in registry:
        if not config.enabled(rule) or rule.predict is None:
            continue
        predicted[rule.section].extend(rule.predict(facts, config.params(rule), today))
    red, shoes, predictions = (
        predicted[Section.RED_FLAGS],
        predicted[Section.SHOES],
        predicted[Section.WEEK],
    )
    yesterday = today - timedelta(days=1)
    recent = _check(facts, Period(min(yesterday, week_start), today), config, registry)

    def section(finding: Finding) -> Section:
        return registry[finding.rule].section if finding.rule in registry else Section.WEEK

    pain = [
        f
        for f in recent
        if section(f) is Section.PAIN and (f.on in (today, yesterday) or f.week_start == week_start)
    ]
    this_week = [
        f
        for f in recent
        if section(f) is Section.WEEK and ((f.on or f.week_start or today) >= week_start)
    ]
    answer, severity = _answer(red, pain, predictions)
    predictions.sort(key=lambda f: (-f.severity.rank, f.rule))
    return Status(
        today=today,
        answer=answer,
        severity=severity,
        red_flags=tuple(sorted(red, key=lambda f: -f.severity.rank)),
        pain=tuple(pain),
        usual_pain=usual_pain(facts, today),
        week_start=week_start,
        week=weekly_figures(facts.log, week_start),
        this_week=tuple(this_week),
        shoes=tuple(shoes),
        if_you_run_today=tuple(predictions),
    )
