"""What a rule is: an id, defaults with allowed ranges, a source, and a pure function.

Built-in rules and a clinician's own rules register the same way, in `REGISTRY`. What
the status screen does with a rule's findings (its `section`) and what the plan does
about them (its `adaptation`) are data on the rule, never special cases by rule id.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from backstride.domain.backcare import History, PainReport
from backstride.training.days import to_local_date
from backstride.training.level import Level, LevelKind, ReturnFactors, levels
from backstride.training.load import daily_loads
from backstride.training.weekly import TrainingLog, training_days

Value = float | int | str | bool | None


class Severity(enum.StrEnum):
    INFO = "info"
    ADVICE = "advice"
    WARNING = "warning"
    HOLD = "hold"
    STOP = "stop"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class Origin(enum.StrEnum):
    PRACTICE = "practice"
    EVIDENCE = "evidence"
    PRACTICE_AND_EVIDENCE = "practice+evidence"


class Strength(enum.StrEnum):
    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"
    EXPERT_OPINION = "expert opinion"
    CONTESTED = "contested"


class Section(enum.StrEnum):
    """Where today's status shows a rule's findings."""

    RED_FLAGS = "red-flags"  # first, on their own
    PAIN = "pain"  # today's and this week's pain
    SHOES = "shoes"  # gear reminders
    WEEK = "week"  # this week against the rules, and what a run today would break


class AdaptKind(enum.StrEnum):
    """What the plan does about a finding (plan.adapt reads it)."""

    CUT_NEXT_RUN = "cut-next-run"  # shorten the next run (or swap it), hold progression
    STEP_BACK_WEEK = "step-back-week"  # next week back to the week before, no speed work
    HOLD_PROGRESSION = "hold-progression"  # no increase until the finding is gone
    BY_SEVERITY = "by-severity"  # stop the plan on a stop finding, hold on a hold finding


@dataclass(frozen=True)
class Adaptation:
    """A rule's effect on the plan, as data.

    CUT_NEXT_RUN: the next run is cut to `factor` of its length (never under the minimum
    run: then a walk-run, cycling or rest instead); a finding's score at least `swap_from`
    points above its limit swaps the run for cycling. The score is `values[score]`, the
    limit the sum of `values[k]` for `k` in `limit` (pain-next-morning: usual + tolerance).
    Findings below `acts_from` (their severity) change nothing.
    """

    kind: AdaptKind
    factor: float = 1.0
    swap_from: float | None = None
    score: str = "score"
    limit: tuple[str, ...] = ()
    acts_from: Severity = Severity.HOLD

    def limit_of(self, values: Mapping[str, Value]) -> float:
        return sum(float(values.get(k) or 0.0) for k in self.limit)


@dataclass(frozen=True)
class Param:
    """One threshold: its default and the range a runner or clinician may set.

    A distance parameter is stored in metres under `<name>_m`; in the config file
    it is written `<name>_km`, `<name>_mi` or `<name>_m`.
    """

    name: str
    default: float
    low: float
    high: float
    help: str
    distance: bool = False
    integer: bool = False

    @property
    def key(self) -> str:
        return f"{self.name}_m" if self.distance else self.name


@dataclass(frozen=True)
class Finding:
    """One thing a rule found, on a day or for a week. `values` are SI numbers."""

    rule: str
    severity: Severity
    message: str
    source: str
    on: date | None = None
    week_start: date | None = None
    values: Mapping[str, Value] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, str, int, str]:
        """Day, rule, severity, then the values: the same order in any units."""
        when = self.on or self.week_start
        values = repr(sorted(self.values.items()))
        return (when.isoformat() if when else "", self.rule, -self.severity.rank, values)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"rule": self.rule, "severity": self.severity.value}
        if self.on is not None:
            out["date"] = self.on.isoformat()
        if self.week_start is not None:
            out["week_start"] = self.week_start.isoformat()
        out["message"] = self.message
        out["values"] = dict(self.values)
        out["source"] = self.source
        return out


@dataclass(frozen=True)
class Period:
    """The local days to report on, both ends included."""

    since: date
    until: date

    def holds(self, day: date) -> bool:
        return self.since <= day <= self.until


class Facts:
    """A history plus what is derived from it once (training log, loads), shared by rules."""

    def __init__(self, history: History, first_weekday: int = 0) -> None:
        self.history = history
        self.first_weekday = first_weekday
        self._levels: dict[ReturnFactors, tuple[date, list[Level]]] = {}

    def level_for(self, week: date, factors: ReturnFactors) -> Level:
        """The current level (training.level) the week starting `week` is compared with."""
        first = self.log.first_week()
        if first is None or week <= first:
            return Level(LevelKind.NONE, None)
        held = self._levels.get(factors)
        if held is None or held[0] < week:
            last = max(week, self.log.week_of(max(r.day for r in self.log.runs)))
            distances = self.log.weekly_distances(first, last - timedelta(days=7))
            held = self._levels[factors] = (last, levels(distances, factors))
        return held[1][(week - first).days // 7]

    @cached_property
    def log(self) -> TrainingLog:
        return training_days(self.history, self.first_weekday)

    @cached_property
    def loads(self) -> dict[date, float]:
        return daily_loads(self.log)

    @cached_property
    def dated_pain(self) -> list[tuple[date, PainReport]]:
        """Every pain report with its local day, in time order (read once, not per rule
        and per week)."""
        zone = self.history.time_zone
        reports = [(to_local_date(r.at, zone), r) for r in self.history.pain_reports]
        return sorted(reports, key=lambda pair: (pair[1].at, pair[1].score, pair[1].timing.value))

    @cached_property
    def pain_by_day(self) -> dict[date, list[PainReport]]:
        """The pain reports of each local day, in time order."""
        out: dict[date, list[PainReport]] = {}
        for day, report in self.dated_pain:
            out.setdefault(day, []).append(report)
        return out


Params = Mapping[str, float]
Evaluate = Callable[[Facts, Params, Period], list[Finding]]
Predict = Callable[[Facts, Params, date], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A guardrail. `evaluate` finds what happened; `predict` says what a run today would break."""

    id: str
    title: str
    severity: Severity
    params: tuple[Param, ...]
    origin: Origin
    source: str
    strength: Strength
    evaluate: Evaluate
    predict: Predict | None = None
    note: str = ""
    check_params: Callable[[Params], str | None] | None = None
    section: Section = Section.WEEK
    adaptation: Adaptation | None = None
    always_on: bool = False  # cannot be switched off in the config (answered and cleared)

    def defaults(self) -> dict[str, float]:
        return {p.key: p.default for p in self.params}

    def finding(
        self,
        message: str,
        values: Mapping[str, Value],
        *,
        on: date | None = None,
        week_start: date | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            self.id, severity or self.severity, message, self.source, on, week_start, dict(values)
        )


class Registry:
    """Every rule by id; registering the same id twice is an error."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def register(self, rule: Rule) -> Rule:
        if rule.id in self._rules:
            raise ValueError(f"rule {rule.id!r} is already registered")
        self._rules[rule.id] = rule
        return rule

    def __getitem__(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def ids(self) -> list[str]:
        return list(self._rules)

    def copy(self) -> Registry:
        clone = Registry()
        clone._rules = dict(self._rules)
        return clone


REGISTRY = Registry()
