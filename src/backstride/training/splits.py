"""Splits of a run (every kilometre or mile) and its climbing, from the file's own samples.

Pure functions over `Samples`. A split's time comes from interpolating the elapsed time
at each boundary of the cumulative distance, so a split is exact even when no sample
falls on its boundary; the last split is whatever distance is left. Heart rate and
cadence are averaged over the split's time; ascent and descent come from the altitude
smoothed over about 30 m of distance and counted only once it has moved 2 m from its last
turning point (a dead band), so GPS and barometer jitter do not add up to hills.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from backstride.domain.activity import FloatArray, Samples

MIN_LAST_SPLIT_M = 50.0  # a last split shorter than this is dropped (the watch stopping)
ALTITUDE_SMOOTH_M = 30.0
CLIMB_DEAD_BAND_M = 2.0


@dataclass(frozen=True)
class Split:
    """One split: its distance and time, and what the file recorded over it."""

    number: int
    distance_m: float
    duration_s: float
    avg_hr: float | None
    avg_cadence_spm: float | None
    ascent_m: float | None
    descent_m: float | None

    @property
    def pace_s_per_m(self) -> float | None:
        return self.duration_s / self.distance_m if self.distance_m > 0 else None


def _known(samples: Samples) -> tuple[FloatArray, FloatArray, FloatArray | None]:
    """Time, distance (never going back) and altitude of the samples with a distance."""
    assert samples.distance_m is not None
    keep = np.isfinite(samples.time_s) & np.isfinite(samples.distance_m)
    distance = samples.distance_m[keep]
    if len(distance):
        distance = np.maximum.accumulate(distance)
    altitude = samples.altitude_m[keep] if samples.altitude_m is not None else None
    return samples.time_s[keep], distance, altitude


def _mean_between(
    time_s: FloatArray, values: FloatArray | None, t0: float, t1: float
) -> float | None:
    if values is None:
        return None
    inside = (time_s >= t0) & (time_s < t1) & np.isfinite(values) & (values > 0)
    if not inside.any():
        return None
    return float(np.mean(values[inside]))


def smoothed_altitude(distance_m: FloatArray, altitude_m: FloatArray) -> FloatArray:
    """The altitude averaged over about `ALTITUDE_SMOOTH_M` of distance either way."""
    out = np.full(len(altitude_m), np.nan)
    finite = np.isfinite(altitude_m) & np.isfinite(distance_m)
    if finite.sum() < 2:
        return out
    d, a = distance_m[finite], altitude_m[finite]
    cumulative = np.concatenate(([0.0], np.cumsum(a)))
    low = np.searchsorted(d, d - ALTITUDE_SMOOTH_M, side="left")
    high = np.searchsorted(d, d + ALTITUDE_SMOOTH_M, side="right")
    out[finite] = (cumulative[high] - cumulative[low]) / (high - low)
    return out


def climb_steps(distance_m: FloatArray, altitude_m: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Per sample, the ascent and the descent credited there (metres, both >= 0)."""
    smooth = smoothed_altitude(distance_m, altitude_m)
    up, down = np.zeros(len(smooth)), np.zeros(len(smooth))
    known = np.flatnonzero(np.isfinite(smooth))
    if len(known) == 0:
        return up, down
    ref = float(smooth[known[0]])
    for i in known[1:]:
        value = float(smooth[i])
        if value - ref >= CLIMB_DEAD_BAND_M:
            up[i], ref = value - ref, value
        elif ref - value >= CLIMB_DEAD_BAND_M:
            down[i], ref = ref - value, value
    return up, down


def climb(distance_m: FloatArray, altitude_m: FloatArray) -> tuple[float, float]:
    """Total ascent and descent in metres."""
    up, down = climb_steps(distance_m, altitude_m)
    return float(up.sum()), float(down.sum())


def splits(samples: Samples, every_m: float) -> list[Split]:
    """The run cut every `every_m` metres (1000 for km, 1609.344 for miles)."""
    if samples.distance_m is None or every_m <= 0:
        return []
    t, d, altitude = _known(samples)
    if len(d) < 2 or d[-1] - d[0] < MIN_LAST_SPLIT_M:
        return []
    start, total = float(d[0]), float(d[-1])
    count = math.ceil((total - start) / every_m)
    bounds = [start + i * every_m for i in range(count)] + [total]
    times = np.interp(bounds, d, t)
    steps = climb_steps(d, altitude) if altitude is not None else None
    out: list[Split] = []
    for i in range(count):
        length = bounds[i + 1] - bounds[i]
        if length < MIN_LAST_SPLIT_M and i == count - 1 and i > 0:
            break
        t0, t1 = float(times[i]), float(times[i + 1])
        ascent = descent = None
        if steps is not None:
            inside = (t > t0) & (t <= t1) if i else (t >= t0) & (t <= t1)
            ascent, descent = float(steps[0][inside].sum()), float(steps[1][inside].sum())
        out.append(
            Split(
                number=i + 1,
                distance_m=length,
                duration_s=t1 - t0,
                avg_hr=_mean_between(samples.time_s, samples.heart_rate_bpm, t0, t1),
                avg_cadence_spm=_mean_between(samples.time_s, samples.cadence_spm, t0, t1),
                ascent_m=ascent,
                descent_m=descent,
            )
        )
    return out
