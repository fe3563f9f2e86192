"""Cadence and form: steps per minute per run within pace bands, the runner's usual per
band, the weeks where it dropped, and the posture cues for those weeks.

Cadence rises with speed, so a run is only ever compared with runs at a similar pace: its
pace band is 30 seconds per kilometre wide (4:30-5:00/km, 5:00-5:30/km, ...). The usual
cadence of a band is the median of the runs in it (at least `MIN_BAND_RUNS`); a run is
"under its usual" when it is `LOW_BY_SPM` or more below. Pure: no store, no clock.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from backstride.domain.activity import Units
from backstride.plan.model import POSTURE_CUES
from backstride.training.classify import summary_speed_m_s
from backstride.training.weekly import RunFact
from backstride.units import format_pace, pace_s

BAND_S_PER_KM = 30.0
MIN_BAND_RUNS = 5
LOW_BY_SPM = 3.0  # about 2 %: what a metronome-led change of form moves
DROP_WEEK_SPM = 3.0  # a week whose runs sit this far under their usual on average
MIN_CADENCE_SPM, MAX_CADENCE_SPM = 120.0, 230.0  # outside: a walk, or a device's mistake

# Which cue goes with which change (the plan's own cues, plan.model.POSTURE_CUES).
CUES_WHEN_CADENCE_DROPS = (POSTURE_CUES[3], POSTURE_CUES[2])  # feet under hips; relaxed
CUES_WHEN_PAIN_RISES = (POSTURE_CUES[1], POSTURE_CUES[0])  # spine straight; glutes, hips


@dataclass(frozen=True)
class CadenceRun:
    day: date
    activity_id: int | None
    speed_m_s: float
    cadence_spm: float
    band: int  # index: band k covers [k * 30, (k + 1) * 30) seconds per km

    @property
    def pace_s_per_km(self) -> float:
        return 1000.0 / self.speed_m_s


@dataclass(frozen=True)
class Band:
    """One pace band and the runner's usual cadence in it."""

    index: int
    runs: int
    usual_spm: float

    @property
    def fastest_speed_m_s(self) -> float:
        return 1000.0 / (self.index * BAND_S_PER_KM)

    @property
    def slowest_speed_m_s(self) -> float:
        return 1000.0 / ((self.index + 1) * BAND_S_PER_KM)

    def label(self, units: Units) -> str:
        """The band as the runner reads paces, e.g. '5:00-5:30/km' or '8:03-8:51/mi'."""
        fast = format_pace(pace_s(self.fastest_speed_m_s, 1.0, units), units)
        slow = format_pace(pace_s(self.slowest_speed_m_s, 1.0, units), units)
        return f"{fast.split('/')[0]}-{slow}"

    def to_json(self, units: Units) -> dict[str, object]:
        return {
            "pace": self.label(units),
            "fastest_speed_m_s": round(self.fastest_speed_m_s, 3),
            "slowest_speed_m_s": round(self.slowest_speed_m_s, 3),
            "runs": self.runs,
            "usual_spm": round(self.usual_spm, 1),
        }


@dataclass(frozen=True)
class CadenceWeek:
    """A week's runs against their bands' usual cadence, and what the back did."""

    week_start: date
    runs: int
    median_spm: float
    below_usual_spm: float  # mean of (run - its band's usual); negative: under the usual
    cadence_dropped: bool
    pain_rose: bool
    cues: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "runs": self.runs,
            "median_spm": _number(self.median_spm),
            "against_usual_spm": _number(self.below_usual_spm),
            "cadence_dropped": self.cadence_dropped,
            "pain_rose": self.pain_rose,
            "cues": list(self.cues),
        }


@dataclass(frozen=True)
class Cadence:
    runs: tuple[CadenceRun, ...]
    bands: tuple[Band, ...]
    weeks: tuple[CadenceWeek, ...]
    units: Units

    def usual_for(self, run: CadenceRun) -> float | None:
        for band in self.bands:
            if band.index == run.band:
                return band.usual_spm
        return None

    def below_usual(self, run: CadenceRun) -> bool | None:
        """Whether a run sat `LOW_BY_SPM` or more under its band's usual; None: no usual."""
        usual = self.usual_for(run)
        return None if usual is None else run.cadence_spm <= usual - LOW_BY_SPM

    @property
    def form_weeks(self) -> tuple[CadenceWeek, ...]:
        """The weeks that carry cues: cadence dropped or pain rose."""
        return tuple(w for w in self.weeks if w.cues)

    def to_json(self) -> dict[str, object]:
        return {
            "bands": [b.to_json(self.units) for b in self.bands],
            "runs": [
                {
                    "date": r.day.isoformat(),
                    "activity_id": r.activity_id,
                    "speed_m_s": round(r.speed_m_s, 3),
                    "cadence_spm": round(r.cadence_spm, 1),
                    "usual_spm": (round(u, 1) if (u := self.usual_for(r)) is not None else None),
                }
                for r in self.runs
            ],
            "weeks": [w.to_json() for w in self.weeks],
        }


def cadence_runs(runs: Iterable[RunFact]) -> list[CadenceRun]:
    """Every run with a believable average cadence and pace, oldest first."""
    out = []
    for fact in runs:
        spm = fact.activity.avg_cadence_spm
        speed = summary_speed_m_s(fact.activity)
        if spm is None or speed is None or not MIN_CADENCE_SPM <= spm <= MAX_CADENCE_SPM:
            continue
        band = int((1000.0 / speed) // BAND_S_PER_KM)
        out.append(CadenceRun(fact.day, fact.activity.id, speed, float(spm), band))
    return sorted(out, key=lambda r: (r.day, r.speed_m_s))


def cadence(
    runs: Sequence[RunFact],
    since: date,
    until: date,
    units: Units,
    week_of: dict[date, date],
    pain_rose_weeks: frozenset[date] = frozenset(),
) -> Cadence:
    """Cadence over `since..until`: bands and usual from every run up to `until`, weeks
    (keyed by `week_of[day]`) within the period, cues where cadence dropped or pain rose."""
    known = [r for r in cadence_runs(runs) if r.day <= until]
    by_band: dict[int, list[float]] = {}
    for r in known:
        by_band.setdefault(r.band, []).append(r.cadence_spm)
    bands = tuple(
        Band(index, len(values), statistics.median(values))
        for index, values in sorted(by_band.items())
        if len(values) >= MIN_BAND_RUNS
    )
    usual = {b.index: b.usual_spm for b in bands}
    in_period = tuple(r for r in known if since <= r.day)
    weekly: dict[date, list[CadenceRun]] = {}
    for r in in_period:
        weekly.setdefault(week_of[r.day], []).append(r)
    weeks = []
    for week_start in sorted(set(weekly) | {w for w in pain_rose_weeks if since <= w <= until}):
        these = weekly.get(week_start, [])
        gaps = [r.cadence_spm - usual[r.band] for r in these if r.band in usual]
        against = statistics.fmean(gaps) if gaps else math.nan
        dropped = bool(gaps) and against <= -DROP_WEEK_SPM
        rose = week_start in pain_rose_weeks
        cues = (CUES_WHEN_CADENCE_DROPS if dropped else ()) + (CUES_WHEN_PAIN_RISES if rose else ())
        weeks.append(
            CadenceWeek(
                week_start,
                len(these),
                statistics.median(r.cadence_spm for r in these) if these else math.nan,
                against,
                dropped,
                rose,
                cues,
            )
        )
    return Cadence(in_period, bands, tuple(weeks), units)


def _number(value: float) -> float | None:
    """A rounded figure for JSON; None for a week with no figure (NaN)."""
    return None if math.isnan(value) else round(value, 1)
