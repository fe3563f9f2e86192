"""What a race asks of a plan, the way coaches set it.

The longest training run is capped (about 32 km and at most 3 hours for a marathon);
a race is reachable when the plan's longest run before it reaches a share of the race
(or the time a slower runner's cap allows); the taper is 1 week before a 10k, 1-2 weeks
before a half marathon and 2-3 weeks before a marathon. The race itself is not training:
it is exempt from the long-run spike and from the weekly ramp and one progression that
its week's training runs keep.
"""

from __future__ import annotations

from dataclasses import dataclass

from backstride.domain.activity import Units
from backstride.plan.model import RACES_M
from backstride.units import format_distance

H = 3600.0


@dataclass(frozen=True)
class RaceSpec:
    name: str
    long_cap_m: float  # the longest training run coaches use for this race
    long_cap_s: float  # and the longest time on feet
    ready_share: float  # the longest training run a safe race needs, as a share of it
    ready_s: float  # or this much time running, when that comes first (a slower runner)
    taper_weeks: tuple[int, int]  # (in a short plan, in a long one)
    long_plan_weeks: int  # from this many weeks on, the longer taper


def race_spec(distance_m: float, units: Units = Units.KM) -> RaceSpec:
    names = {v: k for k, v in RACES_M.items()}
    known = {"5k": "5 km race", "10k": "10 km race", "half": "half marathon"}
    label = names.get(distance_m)
    name = (
        known.get(label or "", "marathon")
        if label
        else f"{format_distance(distance_m, units)} race"
    )
    if distance_m <= 5000 + 1e-6:
        return RaceSpec(name, 12000, 1.5 * H, 0.8, 0.5 * H, (0, 0), 99)
    if distance_m <= 10000 + 1e-6:
        return RaceSpec(name, 16000, 1.75 * H, 0.8, 1.0 * H, (1, 1), 99)
    if distance_m <= 21097.5 + 1e-6:
        return RaceSpec(name, 19300, 2.5 * H, 0.7, 2.0 * H, (1, 2), 12)
    return RaceSpec(name, 32000, 3.0 * H, 0.68, 3.0 * H, (2, 3), 16)


def long_cap_m(spec: RaceSpec, easy_speed_m_s: float, longest_m: float = 0.0) -> float:
    """The longest training run for this race at this runner's easy pace; never shorter
    than the runner's own longest run of late (`longest_m`): a race is no reason to cut
    the long run a runner already does."""
    return max(min(spec.long_cap_m, spec.long_cap_s * easy_speed_m_s), longest_m)


def ready_long_m(spec: RaceSpec, race_m: float, easy_speed_m_s: float) -> float:
    """The longest training run the plan must reach for the race to be run safely."""
    return min(
        spec.ready_share * race_m,
        spec.ready_s * easy_speed_m_s,
        long_cap_m(spec, easy_speed_m_s),
    )


def taper_weeks(spec: RaceSpec, plan_weeks: int) -> int:
    short, long = spec.taper_weeks
    return long if plan_weeks >= spec.long_plan_weeks else short


TAPER_SHARE = {1: (0.7,), 2: (0.8, 0.6), 3: (0.85, 0.7, 0.55)}  # of the peak week, in turn
RACE_WEEK_SHARE = 0.3  # the race week's easy runs, of the peak week
