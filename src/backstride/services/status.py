"""May I run today, and how; every finding over a period; a week against every rule: the
rules' answers in the one shape `status --json`, `check --json`, the API and the pages share.

`today_status` is the one place that decides today's answer, in this order: a red flag
answered yes stops (the headline says where to go now); questions never answered (or due
again) come first, never a "Yes"; then today's pain; a shoe past its replace-at is named;
then the plan's day (a rest day is not "Yes: an easy run", a shortened run is said); then
what a run would break this week. The command line, /api/status, Today and Week all show
this answer and its severity name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from datetime import timedelta

from pydantic import BaseModel

from backstride.domain.activity import Units
from backstride.domain.backcare import History, Urgency
from backstride.plan import Plan, SessionType
from backstride.plan.describe import session_text
from backstride.rules import REGISTRY, Finding, RulesConfig, Severity, Status, check, status
from backstride.rules.base import Value
from backstride.rules.engine import check_week
from backstride.rules.pain import Usual
from backstride.rules.redflags import ADVICE, last_full_screening, screening_due
from backstride.services.errors import Invalid
from backstride.services.replan import caught_up
from backstride.services.shapes import CARRY_NEW_FIELDS, fields_of
from backstride.services.workspace import Workspace
from backstride.training.days import week_start_of
from backstride.training.weekly import WeekFigures
from backstride.units import format_distance

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
    """Today's answer, decided once (see the module), most important first, and whether
    the red-flag questions are due. `label` is the severity's name as every shell shows
    it: ok, advice, warning, hold or stop."""

    model_config = CARRY_NEW_FIELDS

    date: dt.date
    answer: str
    severity: Severity
    label: str
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
        return cls.model_validate(
            {**shaped, "screening_due": due, "label": SEVERITY_LABEL[answer.severity]}
        )


def _worst(findings: tuple[Finding, ...]) -> Severity | None:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


def _at_most(finding: Finding, ceiling: Severity) -> Finding:
    return finding if finding.severity.rank <= ceiling.rank else replace(finding, severity=ceiling)


def _red_flag_answer(red: tuple[Finding, ...]) -> tuple[str, Severity] | None:
    """A red flag answered yes: where to go now, in the headline."""
    order = (Urgency.EMERGENCY, Urgency.TODAY, Urgency.WITHIN_A_WEEK, Urgency.ROUTINE)
    urgencies = {str(f.values.get("urgency")) for f in red}
    urgency = next((u for u in order if u.value in urgencies), None)
    worst = _worst(red)
    if urgency is None or worst is None:
        return None
    if worst is Severity.STOP:
        return f"No: do not run. {ADVICE[urgency]}", Severity.STOP
    if worst is Severity.HOLD:
        return f"Hold: no progression, no hard runs. {ADVICE[urgency]}", Severity.HOLD
    return None  # a routine flag: advice in the red-flags section, and the answer goes on


def _shoe_words(answer: Status, history: History, units: Units) -> tuple[str, bool] | None:
    """A shoe past its replace-at (or reported worn) named, and whether another pair is
    fit to run in."""
    worn = [f for f in answer.shoes if f.severity.rank >= Severity.WARNING.rank]
    if not worn:
        return None
    names = {str(f.values.get("shoe")) for f in worn}
    others = [
        s.name
        for s in history.shoes
        if not s.gear.retired and s.gear.kind == "shoe" and s.name not in names and not s.worn
    ]
    parts = []
    for f in worn:
        name, done = str(f.values.get("shoe")), f.values.get("distance_m")
        limit = f.values.get("replace_at_m")
        if isinstance(done, int | float) and isinstance(limit, int | float) and done >= limit:
            parts.append(
                f"{name} is at {format_distance(done, units, digits=1)} of "
                f"{format_distance(limit, units, digits=1)}"
            )
        else:
            parts.append(f"{name} is reported worn")
    said = " and ".join(parts)
    if others:
        return f"Use your other pair ({', '.join(others)}): {said}.", True
    return f"Replace your shoes: {said}.", False


def _plan_words(plan: Plan | None, day: dt.date, units: Units) -> tuple[str, str] | None:
    """The plan's day: ('run' | 'cross' | 'rest', words), or None outside a plan."""
    first = min((s.on for s in plan.sessions), default=None) if plan is not None else None
    if plan is None or first is None or not first <= day <= plan.end:
        return None  # no plan, or a day outside it (before its first planned day)
    sessions = sorted(plan.on(day), key=lambda s: s.slot)
    runs = [s for s in sessions if s.is_run]
    changed = [c for c in plan.changes_on(day)]
    if plan.goal.race_date == day and not any(s.race for s in runs) and plan.notices:
        return "run" if runs else "rest", (
            f"{'; '.join(session_text(s, units) for s in runs) or 'no run'} in your plan; "
            "the race is not in it (see the Plan page)"
        )
    if runs:
        text = "; ".join(session_text(s, units) for s in runs)
        if changed:
            what = "; ".join(dict.fromkeys(c.what for c in changed))
            return "run", f"{text} as planned, changed in your plan ({what})"
        return "run", f"{text} as planned"
    cross = [s for s in sessions if s.kind is SessionType.CROSS]
    if cross:
        return "cross", f"{session_text(cross[0], units)} in your plan instead"
    core = ", and your core session" if any(s.kind is SessionType.CORE for s in sessions) else ""
    return "rest", f"a rest day in your plan (a walk or yoga is fine{core})"


def decide(
    answer: Status,
    history: History,
    due: str | None,
    plan: Plan | None,
    units: Units,
) -> Status:
    """Today's answer, decided once in the order the module gives; the findings shown
    with it are the ones that decided it (after a red flag that stops, nothing about how
    far one could run or about core sessions)."""
    red = _red_flag_answer(answer.red_flags)
    if red is not None and red[1] is Severity.STOP:
        calm = tuple(f for f in answer.this_week if f.severity.rank > Severity.ADVICE.rank)
        return replace(answer, answer=red[0], severity=red[1], this_week=calm, if_you_run_today=())
    if red is not None:
        return replace(answer, answer=red[0], severity=red[1])
    if due is not None:
        why = "" if last_full_screening(history) is None else f" ({due})"
        return replace(
            answer,
            answer=f"Answer the red-flag questions first{why}: they check that nothing "
            "needs a clinician before you run.",
            severity=Severity.WARNING,
        )
    # A pain finding of a run (stop that run) reads as a hold on the days after it.
    pain = tuple(_at_most(f, Severity.HOLD) for f in answer.pain)
    answer = replace(answer, pain=pain)
    planned = _plan_words(plan, answer.today, units)
    if _worst(pain) is Severity.HOLD:
        run = f" Your plan today: {planned[1]}." if planned and planned[0] == "run" else ""
        return replace(
            answer,
            answer="Hold: no progression today. Rest, walk, or a shorter easy run if pain "
            "allows." + run,
            severity=Severity.HOLD,
        )
    review = " A red flag still needs a clinician's review (see below)." if answer.red_flags else ""
    warnings = [f for f in answer.if_you_run_today if f.severity is Severity.WARNING]
    if planned is not None and planned[0] != "run":
        text, severity = f"No run today: {planned[1]}.", Severity.ADVICE
    elif warnings:
        text, severity = "Better not: a run today would break a rule (see below).", Severity.WARNING
    elif planned is not None:
        text, severity = f"Yes: {planned[1]}; warm up and cool down.", Severity.INFO
    else:
        text, severity = "Yes: an easy run fits every rule; warm up and cool down.", Severity.INFO
    shoe = _shoe_words(answer, history, units)
    if shoe is not None:
        text += f" {shoe[0]}"
        floor = Severity.ADVICE if shoe[1] else Severity.WARNING
        severity = max(severity, floor, key=lambda s: s.rank)
    return replace(answer, answer=text + review, severity=severity)


def answer_on(
    history: History, config: RulesConfig, day: dt.date, plan: Plan | None, units: Units
) -> tuple[Status, str | None]:
    """The decided answer for `day` and why the red-flag questions are due, if they are."""
    due = screening_due(history.as_of(day), config, day)
    return decide(status(history, config, day), history, due, plan, units), due


def today_status(ws: Workspace, day: dt.date | None = None) -> StatusOut:
    """May I run on `day` (default today), and how: the one answer every shell shows."""
    config = ws.rules()
    history = ws.history()
    plan = caught_up(ws)
    answer, due = answer_on(history, config, day or ws.today(), plan, ws.athlete().units)
    return StatusOut.of(answer, due)


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
    """One week against every rule: its figures, and every rule's line, worst first; for
    the week in progress, today's answer too (the same as `status`), with its shoe
    reminders and open red flags on their rules' lines and its figures."""

    week_start: dt.date
    week_end: dt.date
    figures: WeekFigures
    rules: list[RuleLineOut]
    today: StatusOut | None = None


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
    today = ws.today()
    start = week_start_of(day or today, config.first_weekday)
    week = check_week(ws.history(), config, start)
    findings = [FindingOut.of(f) for f in week.findings]
    figures = week.figures
    answer = None
    if start <= today <= week.week_end:
        answer = today_status(ws, today)
        figures = answer.week
        findings += [f for f in (*answer.red_flags, *answer.shoes) if f not in findings]
    return WeekOut(
        week_start=week.week_start,
        week_end=week.week_end,
        figures=figures,
        rules=rule_lines(findings),
        today=answer,
    )
