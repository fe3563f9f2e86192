"""Insights as the page shows them: each comparison's figures as short lines, cadence per
pace band in the runner's units, and the form weeks newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backstride.insights import Insight, Insights

OUTCOME_WORDS = {"next-morning": "next morning", "after-run": "after the run"}
FORM_WEEKS_SHOWN = 8


def _signed(value: float) -> str:
    """'+1.3' or '−0.4' (a true minus sign); '0.0' for what rounds to nothing."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "−")


@dataclass(frozen=True)
class InsightRow:
    """One factor against one kind of pain, as the page lists it."""

    factor: str
    title: str
    outcome: str
    sentence: str
    difference: str | None  # '+1.3 points'
    interval: str | None  # '+0.6 to +2.0'
    days_with: int
    days_without: int
    weeks_with: int
    weeks_without: int

    @classmethod
    def of(cls, insight: Insight) -> InsightRow:
        c = insight.comparison
        difference = interval = None
        if c.difference is not None and c.low is not None and c.high is not None:
            difference = f"{_signed(c.difference)} points"
            interval = f"{_signed(c.low)} to {_signed(c.high)}"
        return cls(
            insight.factor,
            insight.title,
            OUTCOME_WORDS.get(insight.outcome, insight.outcome),
            insight.sentence,  # as the CLI and the report say it (CSS capitalises)
            difference,
            interval,
            c.n_with,
            c.n_without,
            c.weeks_with,
            c.weeks_without,
        )


@dataclass(frozen=True)
class BandRow:
    pace: str
    usual_spm: str
    runs: int
    runs_in_period: int


@dataclass(frozen=True)
class FormWeek:
    week_start: date
    what: str
    cues: tuple[str, ...]


def band_rows(found: Insights) -> list[BandRow]:
    """Each pace band with the runner's usual cadence in it, fastest first."""
    cadence = found.cadence
    in_period = {b.index: 0 for b in cadence.bands}
    for run in cadence.runs:
        if run.band in in_period:
            in_period[run.band] += 1
    return [
        BandRow(b.label(cadence.units), f"{b.usual_spm:.0f}", b.runs, in_period[b.index])
        for b in cadence.bands
    ]


def form_weeks(found: Insights) -> tuple[list[FormWeek], int]:
    """The latest weeks where cadence dropped or pain rose, newest first, and how many
    earlier ones are left out."""
    weeks = found.cadence.form_weeks
    shown = []
    for week in reversed(weeks[-FORM_WEEKS_SHOWN:]):
        what = []
        if week.cadence_dropped:
            what.append(
                f"cadence {-week.below_usual_spm:.1f} steps a minute under your usual for the pace"
            )
        if week.pain_rose:
            what.append("your weekly pain rose")
        shown.append(FormWeek(week.week_start, "; ".join(what), week.cues))
    return shown, max(0, len(weeks) - FORM_WEEKS_SHOWN)


def cadence_rows(found: Insights) -> list[InsightRow]:
    """Cadence under the usual for the pace, against each kind of pain."""
    return [InsightRow.of(i) for i in found.all() if i.factor == "low-cadence"]
