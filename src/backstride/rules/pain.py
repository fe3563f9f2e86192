"""The pain-monitoring model: pain-during, pain-next-morning, pain-trend.

Pain is the 0-10 numeric rating scale, and each moment is read on its own
(Silbernagel 2007, Achilles, n=38): pain *during* a run up to the limit (5/10) is
acceptable; pain the *next morning* must be back to the usual morning level (+1); the
*trend* of next-morning pain must not rise. Pain before a run, after it or at any other
moment is kept and shown, but judged by none of the three. evidence.md decision 2: the
trend is meaningful when the weekly average rises by at least 1 point and at least 30 %,
with at least 2 reports in each of the two weeks (Farrar 2001: 2 points or 30 %).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.backcare import PainReport, PainTiming
from backstride.rules.base import (
    REGISTRY,
    Adaptation,
    AdaptKind,
    Facts,
    Finding,
    Origin,
    Param,
    Params,
    Period,
    Rule,
    Section,
    Severity,
    Strength,
)
from backstride.training.days import week_start_of
from backstride.training.weekly import weeks_between

EPS = 1e-9
USUAL_DAYS = 28  # the usual morning level: the 4 weeks of next-morning reports before
USUAL_MIN_REPORTS = 3
BASELINE_TIMINGS = frozenset({PainTiming.NEXT_MORNING})
NOT_IMPROVING = "not-improving"  # red-flag question 13, prompted by a lasting trend


def _dated(facts: Facts) -> list[tuple[date, PainReport]]:
    return facts.dated_pain


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
                    f"pain {report.score:g}/10 during a run; above your limit of "
                    f"{p['max_score']:g}: shorten or stop the run, and ease off the next one",
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
        note="Only pain reported during a run counts here. 0-2 safe, up to the limit "
        "acceptable; no trial in low back pain. Above it, the next run is halved (never "
        "below the shortest run worth its warm-up: a walk-run or cycling instead); 2 points "
        "or more above it, the next run becomes cycling.",
        section=Section.PAIN,
        adaptation=Adaptation(
            AdaptKind.CUT_NEXT_RUN, factor=0.5, swap_from=2.0, limit=("max_score",)
        ),
    )
)


# --- pain-next-morning ----------------------------------------------------------
@dataclass(frozen=True)
class Usual:
    score: float | None  # None: fewer than 3 reports to judge from
    reports: int


def usual_pain(facts: Facts, day: date) -> Usual:
    """The runner's usual morning level: the median of the next-morning reports of the 28
    days before `day`, when there are at least 3. Pain before, during or after a run is not
    a morning level (a creep of next-morning pain still shows: the median lags it)."""
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
                f"next-morning pain {report.score:g}/10, above your usual "
                f"{usual.score:g} + {p['tolerance']:g}: hold or cut the next run",
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
        note="Only next-morning reports count. Usual = the median of your next-morning "
        "reports over the 28 days before; with fewer than 3 such reports there is no usual "
        "yet and no finding.",
        section=Section.PAIN,
        adaptation=Adaptation(AdaptKind.CUT_NEXT_RUN, factor=0.7, limit=("usual", "tolerance")),
    )
)


# --- pain-trend -----------------------------------------------------------------
@dataclass(frozen=True)
class WeekPain:
    """Next-morning pain in one week: the average and how many reports it is from."""

    week_start: date
    average: float | None
    reports: int


def weekly_pain(facts: Facts, week: date) -> float | None:
    """Average of the week's next-morning reports, or None without any."""
    return week_pain(facts, week).average


def week_pain(facts: Facts, week: date) -> WeekPain:
    by_day = facts.pain_by_day
    scores = [
        r.score
        for d in range(7)
        for r in by_day.get(week + timedelta(days=d), ())
        if r.timing is PainTiming.NEXT_MORNING
    ]
    return WeekPain(week, math.fsum(scores) / len(scores) if scores else None, len(scores))


def rising(facts: Facts, p: Params, week: date) -> tuple[WeekPain, WeekPain] | None:
    """(last week, this week) when next-morning pain rose meaningfully into `week`."""
    this, last = week_pain(facts, week), week_pain(facts, week - timedelta(days=7))
    need = int(p["min_reports"])
    if this.average is None or last.average is None or min(this.reports, last.reports) < need:
        return None
    rise = this.average - last.average
    pct_ok = last.average <= 0 or rise / last.average * 100 >= p["min_pct"] - EPS
    if rise >= p["min_points"] - EPS and rise > 0 and pct_ok:
        return last, this
    return None


def trend_holds(facts: Facts, p: Params, week: date) -> bool:
    """Whether the rise has held two weeks: it rose into last week, and this week's
    average (from enough reports) stayed at least as high."""
    before = rising(facts, p, week - timedelta(days=7))
    this = week_pain(facts, week)
    return (
        before is not None
        and this.average is not None
        and this.reports >= int(p["min_reports"])
        and this.average >= (before[1].average or 0.0) - EPS
    )


def _pain_trend(facts: Facts, p: Params, period: Period) -> list[Finding]:
    out = []
    for week in weeks_between(period.since, period.until, facts.first_weekday):
        found = rising(facts, p, week)
        if found is not None:
            last, this = found
            assert last.average is not None and this.average is not None
            rise = this.average - last.average
            pct = rise / last.average * 100 if last.average > 0 else None
            pct_text = f", {pct:.0f}%" if pct is not None else ""
            out.append(
                PAIN_TREND.finding(
                    f"next-morning pain rose from {last.average:.1f} to {this.average:.1f} "
                    f"a week (+{rise:.1f} points{pct_text}): step back this week",
                    {
                        "average": this.average,
                        "previous_average": last.average,
                        "rise": rise,
                        "rise_pct": pct,
                        "reports": this.reports,
                        "previous_reports": last.reports,
                    },
                    week_start=week,
                )
            )
        if trend_holds(facts, p, week):
            out.append(
                PAIN_TREND.finding(
                    "your next-morning pain has been higher for two weeks: answer red-flag "
                    "question 13 (is your pain no better, or worse, after weeks of reduced "
                    "running?) and consider a review",
                    {"screening_due": NOT_IMPROVING, "weeks": 2},
                    week_start=week,
                    severity=Severity.ADVICE,
                )
            )
    return out


PAIN_TREND = REGISTRY.register(
    Rule(
        id="pain-trend",
        title="Weekly next-morning pain rising",
        severity=Severity.HOLD,
        params=(
            Param("min_points", 1, 0.5, 3, "rise in points that is meaningful"),
            Param("min_pct", 30, 20, 50, "and rise in percent that is meaningful"),
            Param("min_reports", 2, 1, 7, "next-morning reports needed in each week", integer=True),
        ),
        origin=Origin.EVIDENCE,
        source="Farrar 2001; Ostelo 2008; Silbernagel 2007",
        strength=Strength.STRONG,
        evaluate=_pain_trend,
        note="The average of the week's next-morning reports against the week before: a rise "
        "of at least 1 point and at least 30%, with at least 2 reports in each week, steps "
        "the next week back. Held two weeks, red-flag question 13 is due.",
        section=Section.PAIN,
        adaptation=Adaptation(AdaptKind.STEP_BACK_WEEK),
    )
)


def pain_on(facts: Facts, day: date) -> list[PainReport]:
    """The pain reports of one local day."""
    return list(facts.pain_by_day.get(day, ()))


def week_of(facts: Facts, day: date) -> date:
    return week_start_of(day, facts.first_weekday)
