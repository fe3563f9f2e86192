"""Easy pace, run classification (easy, long, speed) and speed-work time.

Speed here is always the runner's own: a run is fast when it is faster than
their easy pace (the median pace of their recent runs) by a margin.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from backstride.domain.activity import Activity, FloatArray, Samples
from backstride.domain.backcare import RunType

MAX_GAP_S = 10.0  # a longer gap between samples is a pause; it counts as this long
SMOOTH_WINDOW_S = 30.0


@dataclass(frozen=True)
class ClassifyOptions:
    """How runs are classified; documented defaults, all in one place."""

    speed_margin: float = 0.10  # fast = at least 10% faster (in speed) than easy
    speed_fraction: float = 0.20  # speed run: >= 20% of moving time fast
    interval_fraction: float = 0.10  # or >= 10% fast in >= interval_reps bursts
    interval_reps: int = 4
    rep_min_s: float = 20.0  # a burst counts as a rep when it lasts this long
    hr_factor: float = 1.10  # 'hard' heart rate: 10% above the easy-run average
    long_factor: float = 1.5  # long run: >= 1.5 x the runner's usual distance
    reference_days: int = 84  # easy pace from the 12 weeks before the week
    reference_min_runs: int = 5


@dataclass(frozen=True)
class Reference:
    """The runner's own easy pace, usual run distance and easy heart rate."""

    easy_speed_m_s: float
    usual_distance_m: float
    easy_hr_bpm: float | None


def summary_speed_m_s(activity: Activity) -> float | None:
    """Average moving speed, or None when the run is too short to say."""
    duration = activity.moving_s or activity.elapsed_s
    distance = activity.distance_m
    if distance is None or distance < 500 or duration < 120:
        return None
    speed = distance / duration
    return speed if 0.5 < speed < 10.0 else None


def moving_seconds(activity: Activity) -> float:
    return float(activity.moving_s or activity.elapsed_s)


class ReferenceRuns:
    """The runs that define 'easy' for any week, sorted once and sliced per week.

    For a week: the runs of the 12 weeks before it; fewer than 5 there, the
    last 5 runs before the week; fewer than 5 before the week at all, the
    runner's first 5 runs (a new runner's first weeks).
    """

    def __init__(
        self, dated_runs: Sequence[tuple[date, Activity]], options: ClassifyOptions
    ) -> None:
        usable = sorted(
            (
                (day, run, speed)
                for day, run in dated_runs
                if (speed := summary_speed_m_s(run)) is not None
            ),
            key=lambda row: (row[0], row[1].start_utc),
        )
        self._days = [day for day, _, _ in usable]
        self._runs = [run for _, run, _ in usable]
        self._options = options
        self._speeds = [speed for _, _, speed in usable]
        self._distances = [run.distance_m for run in self._runs]
        self._hrs = [run.avg_hr for run in self._runs]
        self._references: dict[tuple[int, int], Reference | None] = {}

    def _span(self, week_start: date) -> tuple[int, int]:
        options = self._options
        end = bisect_left(self._days, week_start)
        start = bisect_left(self._days, week_start - timedelta(days=options.reference_days))
        if end - start >= options.reference_min_runs:
            return start, end
        if end >= options.reference_min_runs:
            return end - options.reference_min_runs, end
        return 0, min(options.reference_min_runs, len(self._runs))

    def for_week(self, week_start: date) -> list[Activity]:
        start, end = self._span(week_start)
        return self._runs[start:end]

    def reference_for_week(self, week_start: date) -> Reference | None:
        """`reference_of(self.for_week(week_start))`, once per distinct set of runs."""
        span = self._span(week_start)
        if span not in self._references:
            start, end = span
            distances = [d for d in self._distances[start:end] if d]
            hrs = [hr for hr in self._hrs[start:end] if hr]
            self._references[span] = (
                Reference(
                    easy_speed_m_s=statistics.median(self._speeds[start:end]),
                    usual_distance_m=statistics.median(distances) if distances else 0.0,
                    easy_hr_bpm=statistics.median(hrs) if hrs else None,
                )
                if end > start
                else None
            )
        return self._references[span]


def reference_runs(
    dated_runs: Sequence[tuple[date, Activity]], week_start: date, options: ClassifyOptions
) -> list[Activity]:
    """The runs that define 'easy' for one week (see `ReferenceRuns`)."""
    return ReferenceRuns(dated_runs, options).for_week(week_start)


def reference_of(runs: Sequence[Activity]) -> Reference | None:
    speeds = [s for run in runs if (s := summary_speed_m_s(run)) is not None]
    if not speeds:
        return None
    distances = [run.distance_m for run in runs if run.distance_m]
    hrs = [run.avg_hr for run in runs if run.avg_hr]
    return Reference(
        easy_speed_m_s=statistics.median(speeds),
        usual_distance_m=statistics.median(distances) if distances else 0.0,
        easy_hr_bpm=statistics.median(hrs) if hrs else None,
    )


def easy_speed_m_s(
    dated_runs: Sequence[tuple[date, Activity]],
    week_start: date,
    options: ClassifyOptions | None = None,
) -> float | None:
    """The runner's easy speed for a week (median speed of the reference runs)."""
    options = options or ClassifyOptions()
    ref = reference_of(reference_runs(dated_runs, week_start, options))
    return ref.easy_speed_m_s if ref else None


def _finite(column: FloatArray | None, time_s: FloatArray) -> tuple[FloatArray, FloatArray]:
    if column is None:
        return np.empty(0), np.empty(0)
    keep = np.isfinite(column) & np.isfinite(time_s)
    return time_s[keep], column[keep]


def speed_profile(samples: Samples | None) -> FloatArray | None:
    """Smoothed speed on a 1-second grid of moving time (pauses removed).

    Uses the device's speed where recorded, else the distance column; None when
    neither gives at least a minute of data.
    """
    if samples is None or len(samples) < 2:
        return None
    t, speed = _finite(samples.speed_m_s, samples.time_s)
    if len(t) >= 2:
        dt = np.clip(np.diff(t), 0.0, MAX_GAP_S)
        moving = np.concatenate(([0.0], np.cumsum(dt)))
        dist = np.concatenate(([0.0], np.cumsum(np.clip(speed[1:], 0.0, 15.0) * dt)))
    else:
        t, dist = _finite(samples.distance_m, samples.time_s)
        if len(t) < 2:
            return None
        dt = np.clip(np.diff(t), 0.0, MAX_GAP_S)
        moving = np.concatenate(([0.0], np.cumsum(dt)))
        dist = np.maximum.accumulate(dist - dist[0])
    total = float(moving[-1])
    if total < 60:
        return None
    grid = np.arange(0.0, total, 1.0)
    half = SMOOTH_WINDOW_S / 2
    hi = np.minimum(grid + half, total)
    lo = np.maximum(grid - half, 0.0)
    smoothed = (np.interp(hi, moving, dist) - np.interp(lo, moving, dist)) / (hi - lo)
    return np.asarray(smoothed, dtype=np.float64)


def _bursts(fast: npt.NDArray[np.bool_], min_len: float) -> int:
    """How many runs of consecutive fast seconds last at least `min_len`."""
    if not fast.any():
        return 0
    edges = np.diff(np.concatenate(([0], fast.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return int(np.sum((ends - starts) >= min_len))


def speed_seconds(activity: Activity, easy_speed: float | None, margin: float = 0.10) -> float:
    """Seconds of this run faster than easy pace by `margin` (the speed-work figure)."""
    if easy_speed is None or not activity.is_run:
        return 0.0
    threshold = easy_speed * (1 + margin)
    profile = speed_profile(activity.samples)
    if profile is not None:
        return float(np.count_nonzero(profile >= threshold))
    speed = summary_speed_m_s(activity)
    return moving_seconds(activity) if speed is not None and speed >= threshold else 0.0


def _hard_hr_fraction(activity: Activity, easy_hr: float | None, factor: float) -> float | None:
    if easy_hr is None:
        return None
    samples = activity.samples
    if samples is not None and samples.heart_rate_bpm is not None:
        hr = samples.heart_rate_bpm[np.isfinite(samples.heart_rate_bpm)]
        if len(hr):
            return float(np.mean(hr >= easy_hr * factor))
    if activity.avg_hr:
        return 1.0 if activity.avg_hr >= easy_hr * factor else 0.0
    return None


def classify_run(
    activity: Activity, reference: Reference | None, options: ClassifyOptions | None = None
) -> RunType:
    """Easy, long or speed, from pace against the runner's easy pace, heart rate and structure.

    Speed wins over long (both are hard days). Without a reference every run is easy.
    """
    options = options or ClassifyOptions()
    if reference is None:
        return RunType.EASY
    threshold = reference.easy_speed_m_s * (1 + options.speed_margin)
    hr_fraction = _hard_hr_fraction(activity, reference.easy_hr_bpm, options.hr_factor)
    profile = speed_profile(activity.samples)
    if profile is not None:
        fast = profile >= threshold
        fast_fraction = float(np.mean(fast))
        reps = _bursts(fast, options.rep_min_s)
        if fast_fraction >= options.speed_fraction:
            return RunType.SPEED
        if fast_fraction >= options.interval_fraction and (
            reps >= options.interval_reps
            or (hr_fraction is not None and hr_fraction >= options.speed_fraction)
        ):
            return RunType.SPEED
    else:
        speed = summary_speed_m_s(activity)
        if speed is not None and speed >= threshold:
            return RunType.SPEED
        if (
            speed is not None
            and speed >= reference.easy_speed_m_s
            and hr_fraction is not None
            and hr_fraction >= 1.0
        ):
            return RunType.SPEED
    distance = activity.distance_m or 0.0
    usual = reference.usual_distance_m
    if usual > 0 and distance >= options.long_factor * usual:
        return RunType.LONG
    return RunType.EASY
