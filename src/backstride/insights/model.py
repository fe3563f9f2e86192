"""What `compute` returns: insights with their numbers and sentences, ready for JSON."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backstride.insights.cadence import Cadence
from backstride.insights.stats import Comparison

ASSOCIATION_NOTE = (
    "These are associations in your own records, not causes and not a diagnosis: a factor "
    "can go with worse days because of something else that happened on the same days. "
    "Talk to your physiotherapist or doctor before changing treatment."
)


@dataclass(frozen=True)
class InsightOptions:
    """How much evidence an insight needs. `fdr` is the false discovery rate the factors
    tested are held to (Benjamini–Hochberg); `level` the interval's coverage."""

    min_days: int = 8
    level: float = 0.90
    fdr: float = 0.05

    def __post_init__(self) -> None:
        if not 2 <= self.min_days <= 365:
            raise ValueError(f"min_days must be between 2 and 365, got {self.min_days}")
        if not 0.5 <= self.level < 1:
            raise ValueError(f"level must be at least 0.5 and under 1, got {self.level}")
        if not 0 < self.fdr < 0.5:
            raise ValueError(f"fdr must be above 0 and under 0.5, got {self.fdr}")


@dataclass(frozen=True)
class Insight:
    """One factor against one outcome (next-morning pain, or pain after the run)."""

    outcome: str
    factor: str
    title: str
    comparison: Comparison
    q_value: float | None  # p-value adjusted for every comparison made (BH)
    stands_out: bool  # passes the false-discovery adjustment
    sentence: str

    @property
    def enough_data(self) -> bool:
        return self.comparison.compared

    def to_json(self) -> dict[str, object]:
        c = self.comparison

        def rounded(value: float | None, digits: int = 2) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "outcome": self.outcome,
            "factor": self.factor,
            "title": self.title,
            "days_with": c.n_with,
            "days_without": c.n_without,
            "weeks_with": c.weeks_with,
            "weeks_without": c.weeks_without,
            "enough_data": self.enough_data,
            "mean_with": rounded(c.mean_with),
            "mean_without": rounded(c.mean_without),
            "difference": rounded(c.difference),
            "interval": [rounded(c.low), rounded(c.high)] if c.low is not None else None,
            "p_value": rounded(c.p_value, 4),
            "q_value": rounded(self.q_value, 4),
            "stands_out": self.stands_out,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Insights:
    """Every factor tested over a period, in three groups, and cadence and form."""

    since: date
    until: date
    options: InsightOptions
    run_days: int
    stand_out: tuple[Insight, ...]  # ordered by strength
    no_clear_link: tuple[Insight, ...]  # compared; nothing that survives the adjustment
    not_enough_data: tuple[Insight, ...]
    cadence: Cadence
    note: str = ASSOCIATION_NOTE

    def all(self) -> tuple[Insight, ...]:
        return self.stand_out + self.no_clear_link + self.not_enough_data

    def to_json(self) -> dict[str, object]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "min_days": self.options.min_days,
            "interval_level": self.options.level,
            "false_discovery_rate": self.options.fdr,
            "run_days": self.run_days,
            "note": self.note,
            "stand_out": [i.to_json() for i in self.stand_out],
            "no_clear_link": [i.to_json() for i in self.no_clear_link],
            "not_enough_data": [i.to_json() for i in self.not_enough_data],
            "cadence": self.cadence.to_json(),
        }
