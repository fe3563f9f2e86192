"""The pain-monitoring model: pain-during, pain-next-morning, pain-trend.

Pain is the 0-10 numeric rating scale. Silbernagel 2007 (Achilles, n=38):
during activity up to 5/10 is acceptable; the next morning must be back to
the usual level; the weekly average must not rise. Farrar 2001: a change of
2 points or 30% is meaningful.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.backcare import PainReport, PainTiming
from backstride.rules.base import (
    REGISTRY,
    Facts,
    Finding,
    Origin,
    Param,
    Params,
    Period,
    Rule,
    Severity,
    Strength,
)
from backstride.training.days import to_local_date, week_start_of
from backstride.training.weekly import weeks_between

EPS = 1e-9
USUAL_DAYS = 28  # 'usual' pain: the 4 weeks before the day
USUAL_MIN_REPORTS = 3
BASELINE_TIMINGS = frozenset({PainTiming.NEXT_MORNING, PainTiming.BEFORE})


def _dated(facts: Facts) -> list[tuple[date, PainReport]]:
    zone = facts.history.time_zone
    reports = [(to_local_date(r.at, zone), r) for r in facts.history.pain_reports]
    return sorted(reports, key=lambda pair: (pair[1].at, pair[1].score, pair[1].timing.value))


# --- pain-during ----------------------------------------------------------------
def _pain_during(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for day, report in _dated(facts):
        if (
            report.timing is PainTiming.DURING
            and period.holds(day)
            and (report.score > p["max_score"] + EPS)
        ):
            out.append(
                PAIN_DURING.finding(
                    f"pain {report.score:g}/10 during a run; above {p['max_score']:g}: "
                    "shorten or stop the run, and ease off the next one",
                    {
                        "score": report.score,
                        "max_score": p["max_score"],
                        "activity_id": report.activity_id,
                    },
                    on=day,
                )
            )
    return out


PAIN_DURING = REGISTRY.register(
    Rule(
        id="pain-during",
        title="Pain during a run",
        severity=Severity.STOP,
        params=(Param("max_score", 5, 3, 6, "highest acceptable pain during a run (0-10)"),),
        origin=Origin.EVIDENCE,
        source="Silbernagel 2007; Thomeé 1997",
        strength=Strength.MODERATE,
        evaluate=_pain_during,
        note="0-2 safe, up to 5 acceptable; no trial in low back pain.",
    )
)


# --- pain-next-morning ----------------------------------------------------------
@dataclass(frozen=True)
class Usual:
    score: float | None  # None: fewer than 3 reports to judge from
    reports: int


def usual_pain(facts: Facts, day: date) -> Usual:
    """The runner's usual pain: median of next-morning and before-run reports in the
    28 days before `day`, when there are at least 3."""
    first = day - timedelta(days=USUAL_DAYS)
    scores = [
        r.score for d, r in _dated(facts) if first <= d < day and r.timing in BASELINE_TIMINGS
    ]
    if len(scores) < USUAL_MIN_REPORTS:
        return Usual(None, len(scores))
    return Usual(statistics.median(scores), len(scores))


def _pain_next_morning(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for day, report in _dated(facts):
        if report.timing is not PainTiming.NEXT_MORNING or not period.holds(day):
            continue
        usual = usual_pain(facts, day)
        if usual.score is None or report.score <= usual.score + p["tolerance"] + EPS:
            continue
        out.append(
            PAIN_NEXT_MORNING.finding(
                f"next-morning pain {report.score:g}/10, above your usual {usual.score:g} "
                f"+ {p['tolerance']:g}: hold or cut the next run",
                {
                    "score": report.score,
                    "usual": usual.score,
                    "tolerance": p["tolerance"],
                    "reports": usual.reports,
                },
                on=day,
            )
        )
    return out


PAIN_NEXT_MORNING = REGISTRY.register(
    Rule(
        id="pain-next-morning",
        title="Next-morning pain against your usual",
        severity=Severity.HOLD,
        params=(Param("tolerance", 1, 0, 2, "points above usual that are still fine"),),
        origin=Origin.EVIDENCE,
        source="Silbernagel 2007; Smith 2017",
        strength=Strength.MODERATE,
        evaluate=_pain_next_morning,
        note="Usual = median of next-morning and before-run reports over the 28 days before; "
        "with fewer than 3 such reports there is no usual yet and no finding.",
    )
)


# --- pain-trend -----------------------------------------------------------------
def weekly_pain(facts: Facts, week: date) -> float | None:
    """Average of every pain report in the local week, or None without reports."""
    last = week + timedelta(days=6)
    scores = [r.score for d, r in _dated(facts) if week <= d <= last]
    return math.fsum(scores) / len(scores) if scores else None


def _pain_trend(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in weeks_between(period.since, period.until, facts.first_weekday):
        this, last = weekly_pain(facts, week), weekly_pain(facts, week - timedelta(days=7))
        if this is None or last is None or this <= last:
            continue
        rise = this - last
        pct = rise / last * 100 if last > 0 else None
        if rise >= p["min_points"] - EPS or (pct is not None and pct >= p["min_pct"] - EPS):
            pct_text = f", {pct:.0f}%" if pct is not None else ""
            out.append(
                PAIN_TREND.finding(
                    f"weekly average pain rose from {last:.1f} to {this:.1f} "
                    f"(+{rise:.1f} points{pct_text}): step back this week",
                    {"average": this, "previous_average": last, "rise": rise, "rise_pct": pct},
                    week_start=week,
                )
            )
    return out


PAIN_TREND = REGISTRY.register(
    Rule(
        id="pain-trend",
        title="Weekly average pain rising",
        severity=Severity.HOLD,
        params=(
            Param("min_points", 2, 1, 3, "rise in points that is meaningful"),
            Param("min_pct", 30, 20, 50, "rise in percent that is meaningful"),
        ),
        origin=Origin.EVIDENCE,
        source="Farrar 2001; Ostelo 2008; Silbernagel 2007",
        strength=Strength.STRONG,
        evaluate=_pain_trend,
        note="Average of all reports in the week against the week before.",
    )
)


def pain_on(facts: Facts, day: date) -> list[PainReport]:
    """The pain reports of one local day."""
    return [r for d, r in _dated(facts) if d == day]


def week_of(facts: Facts, day: date) -> date:
    return week_start_of(day, facts.first_weekday)
