"""May I run today, and how; every finding over a period; a week against every rule: the
rules' answers in the one shape `status --json`, `check --json`, the API and the pages share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from pydantic import BaseModel

from backstride.rules import REGISTRY, Finding, Severity, Status, check, status
from backstride.rules.base import Value
from backstride.rules.engine import check_week
from backstride.rules.pain import Usual
from backstride.rules.redflags import screening_due
from backstride.services.errors import Invalid
from backstride.services.shapes import CARRY_NEW_FIELDS, fields_of
from backstride.services.workspace import Workspace
from backstride.training.days import week_start_of
from backstride.training.weekly import WeekFigures

CHECK_DAYS = 84  # `check` looks at the last 12 weeks unless told otherwise
SEVERITY_LABEL: dict[Severity, str] = {
    Severity.INFO: "ok",
    Severity.ADVICE: "advice",
    Severity.WARNING: "warning",
    Severity.HOLD: "hold",
    Severity.STOP: "stop",
}


class FindingOut(BaseModel):
    """One thing a rule found, on a day (`date`) or for a week (`week_start`); SI values."""

    model_config = CARRY_NEW_FIELDS

    rule: str
    title: str
    severity: Severity
    message: str
    date: dt.date | None = None
    week_start: dt.date | None = None
    values: dict[str, Value]
    source: str
    strength: str

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        rule = next((r for r in REGISTRY if r.id == finding.rule), None)
        return cls.model_validate(
            {
                **fields_of(finding, rename={"on": "date"}),
                "title": rule.title if rule else finding.rule,
                "strength": rule.strength.value if rule else "",
            }
        )

    @property
    def label(self) -> str:
        """The severity as the pages badge it: ok, advice, warning, hold, stop."""
        return SEVERITY_LABEL[self.severity]

    @property
    def when(self) -> str:
        """'Sat 05 Dec' or 'week of 30 Nov'; '' for neither."""
        if self.date is not None:
            return f"{self.date:%a %d %b}"
        if self.week_start is not None:
            return f"week of {self.week_start:%d %b}"
        return ""


def _shaped(value: object) -> object:
    """A core value in the shells' shape: findings become `FindingOut`s."""
    if isinstance(value, Finding):
        return FindingOut.of(value)
    if isinstance(value, tuple | list) and value and all(isinstance(v, Finding) for v in value):
        return [FindingOut.of(v) for v in value]
    return value


class StatusOut(BaseModel):
    """Today's answer (`rules.status`), most important first, and whether the red-flag
    questions are due."""

    model_config = CARRY_NEW_FIELDS

    date: dt.date
    answer: str
    severity: Severity
    screening_due: str | None
    red_flags: list[FindingOut]
    pain: list[FindingOut]
    usual_pain: Usual
    week_start: dt.date
    week: WeekFigures
    this_week: list[FindingOut]
    shoes: list[FindingOut]
    if_you_run_today: list[FindingOut]

    @classmethod
    def of(cls, answer: Status, due: str | None) -> StatusOut:
        shaped = fields_of(answer, rename={"today": "date"}, shape=_shaped)
        return cls.model_validate({**shaped, "screening_due": due})


def today_status(ws: Workspace, day: dt.date | None = None) -> StatusOut:
    """May I run on `day` (default today), and how."""
    config = ws.rules()
    history = ws.history()
    return StatusOut.of(status(history, config, day or ws.today()), screening_due(history))


@dataclass(frozen=True)
class Checked:
    since: dt.date
    until: dt.date
    findings: list[FindingOut]


def check_findings(
    ws: Workspace,
    since: dt.date | None = None,
    until: dt.date | None = None,
    minimum: Severity = Severity.INFO,
) -> Checked:
    """Every finding of every rule from `since` to `until` (default: the 12 weeks to
    today), at least as severe as `minimum`, by day."""
    config = ws.rules()
    history = ws.history()
    last = until or ws.today()
    first = since or last - timedelta(days=CHECK_DAYS - 1)
    if first > last:
        raise Invalid(f"the first day {first} is after the last day {last}", "since")
    found = check(history, config, first, last)
    return Checked(
        first, last, [FindingOut.of(f) for f in found if f.severity.rank >= minimum.rank]
    )


class RuleLineOut(BaseModel):
    """One rule over a week: its worst state and what it found."""

    rule: str
    title: str
    state: str  # ok, advice, warning, hold or stop
    source: str
    strength: str
    note: str
    findings: list[FindingOut]


class WeekOut(BaseModel):
    """One week against every rule: its figures, and every rule's line, worst first."""

    week_start: dt.date
    week_end: dt.date
    figures: WeekFigures
    rules: list[RuleLineOut]


def rule_lines(findings: list[FindingOut]) -> list[RuleLineOut]:
    """Every registered rule as a line, worst first; 'ok' when it found nothing."""
    lines = []
    for rule in REGISTRY:
        found = [f for f in findings if f.rule == rule.id]
        worst = max((f.severity for f in found), key=lambda s: s.rank, default=Severity.INFO)
        lines.append(
            RuleLineOut(
                rule=rule.id,
                title=rule.title,
                state=SEVERITY_LABEL[worst],
                source=rule.source,
                strength=rule.strength.value,
                note=rule.note,
                findings=found,
            )
        )
    rank = {label: i for i, label in enumerate(SEVERITY_LABEL.values())}
    return sorted(lines, key=lambda line: -rank[line.state])


def week_check(ws: Workspace, day: dt.date | None = None) -> WeekOut:
    """The week holding `day` (default today) against every rule."""
    config = ws.rules()
    start = week_start_of(day or ws.today(), config.first_weekday)
    week = check_week(ws.history(), config, start)
    findings = [FindingOut.of(f) for f in week.findings]
    return WeekOut(
        week_start=week.week_start,
        week_end=week.week_end,
        figures=week.figures,
        rules=rule_lines(findings),
    )
