"""Warm-up and cool-down detected from a run's samples.

A warm-up is the leading stretch at walking or slow-jogging pace before the run
settles at its main pace; a cool-down is the trailing stretch after the last
minute at main pace, slowing to a jog or a walk. Both are measured in moving
minutes (pauses removed). The runner can confirm or correct either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backstride.domain.activity import Activity, FloatArray
from backstride.training.classify import speed_profile

WALK_MAX_M_S = 1.9  # about 6.8 km/h, 8:46/km: faster than this is a jog
MAIN_FRACTION = 0.85  # 'at main pace' = at least 85% of the main speed
SETTLE_S = 60  # main pace must hold this long to count as reached
MIN_ROUTINE_S = 60  # shorter than a minute is just the start or the stop


@dataclass(frozen=True)
class RoutineDetected:
    minutes: float  # 0.0 = not done
    kind: str | None  # walk, jog, walk+jog


def _main_speed(profile: FloatArray) -> float:
    n = len(profile)
    middle = profile[n // 5 : max(n * 4 // 5, n // 5 + 1)]
    return float(np.median(middle))


def _settled(profile: FloatArray, main: float) -> FloatArray:
    """1 where the next SETTLE_S seconds are all at main pace."""
    at_main = (profile >= MAIN_FRACTION * main).astype(np.int64)
    window = min(SETTLE_S, len(profile))
    sums = np.convolve(at_main, np.ones(window, dtype=np.int64), mode="valid")
    return np.asarray(sums == window, dtype=np.float64)


def _kind(stretch: FloatArray) -> str:
    walking = float(np.mean(stretch < WALK_MAX_M_S))
    if walking >= 0.75:
        return "walk"
    if walking <= 0.25:
        return "jog"
    return "walk+jog"


def _routine(stretch: FloatArray) -> RoutineDetected:
    if len(stretch) < MIN_ROUTINE_S:
        return RoutineDetected(0.0, None)
    return RoutineDetected(round(len(stretch) / 60.0, 1), _kind(stretch))


def detect_warm_up(activity: Activity) -> RoutineDetected | None:
    """The leading minutes at walking or slow-jog pace; None when the file cannot show it."""
    profile = speed_profile(activity.samples)
    if profile is None or len(profile) < 3 * SETTLE_S:
        return None
    settled = np.flatnonzero(_settled(profile, _main_speed(profile)))
    if len(settled) == 0:
        return None
    return _routine(profile[: int(settled[0])])


def detect_cool_down(activity: Activity) -> RoutineDetected | None:
    """The trailing minutes slowing to a jog or walk; None when the file cannot show it."""
    profile = speed_profile(activity.samples)
    if profile is None or len(profile) < 3 * SETTLE_S:
        return None
    settled = np.flatnonzero(_settled(profile, _main_speed(profile)))
    if len(settled) == 0:
        return None
    end_of_main = int(settled[-1]) + SETTLE_S
    return _routine(profile[end_of_main:])


@dataclass(frozen=True)
class RoutineFound:
    """A run's warm-up and cool-down as its samples show them (None: cannot tell). Found
    where the samples are (an import's worker process), stored beside the run."""

    warm_up_min: float | None
    warm_up_kind: str | None
    cool_down_min: float | None
    cool_down_kind: str | None

    @classmethod
    def of(cls, activity: Activity) -> RoutineFound:
        warm = detect_warm_up(activity)
        cool = detect_cool_down(activity)
        return cls(
            warm.minutes if warm else None,
            warm.kind if warm else None,
            cool.minutes if cool else None,
            cool.kind if cool else None,
        )
