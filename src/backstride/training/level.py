"""The runner's current training level: what a week's distance is compared with.

Normally the level is last week's distance. After down weeks (a week under half of the
level before it: a break, a flare, a holiday) it is the highest week of the 4 weeks before
the break times a return factor by the break's length: 1 week 100 %, 2 weeks 90 %, 3-4
weeks 75 %, 5-8 weeks 50 %; after a longer break there is no level (a fresh, cautious
start). The weekly-ramp rule and the plan both use it (evidence.md, "Current level"), so a
missed week never makes the next normal week a "ramp", nor restarts a plan near zero.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

PEAK_WEEKS = 4  # the weeks before a break whose highest sets the level to return to


class LevelKind(enum.StrEnum):
    NONE = "none"  # no week before: the first week of a history
    LAST_WEEK = "last-week"
    RETURN = "return"  # after a break of 1-8 weeks
    FRESH_START = "fresh-start"  # after a longer break


@dataclass(frozen=True)
class ReturnFactors:
    """The decision-1 thresholds, in percent (configurable on the weekly-ramp rule)."""

    down_week_pct: float = 50.0
    after_1_week_pct: float = 100.0
    after_2_weeks_pct: float = 90.0
    after_3_4_weeks_pct: float = 75.0
    after_5_8_weeks_pct: float = 50.0

    def factor_pct(self, break_weeks: int) -> float | None:
        """The share of the pre-break level to return to; None: a fresh start."""
        if break_weeks <= 1:
            return self.after_1_week_pct
        if break_weeks == 2:
            return self.after_2_weeks_pct
        if break_weeks <= 4:
            return self.after_3_4_weeks_pct
        if break_weeks <= 8:
            return self.after_5_8_weeks_pct
        return None


@dataclass(frozen=True)
class Level:
    """The reference for one week. `distance_m` is None when there is none to compare with."""

    kind: LevelKind
    distance_m: float | None
    break_weeks: int = 0  # RETURN and FRESH_START: how many down weeks came just before
    peak_m: float = 0.0  # RETURN: the highest of the weeks before the break
    factor_pct: float = 100.0  # RETURN: the share of that peak

    def as_values(self) -> dict[str, float | int | str | None]:
        """The reference, named for a finding's values."""
        return {
            "reference": self.kind.value,
            "reference_m": self.distance_m,
            "break_weeks": self.break_weeks,
            "pre_break_peak_m": self.peak_m if self.kind is LevelKind.RETURN else None,
            "return_factor_pct": self.factor_pct if self.kind is LevelKind.RETURN else None,
        }


def levels(distances: Sequence[float], factors: ReturnFactors | None = None) -> list[Level]:
    """`levels(d)[i]` is the level week `i` is compared with, from weeks 0..i-1 (whole,
    consecutive weeks, oldest first). One more entry than `distances`: the last is the
    level for the week after them."""
    factors = factors or ReturnFactors()
    out = [Level(LevelKind.NONE, None)]
    down_run = 0  # consecutive down weeks ending at the week before
    for i, distance in enumerate(distances):
        reference = out[i]
        if reference.distance_m is None:
            # no level: the first week of a history, or a fresh start after a long break;
            # an empty week keeps a break going, any run starts a new level
            down = reference.kind is LevelKind.FRESH_START and distance <= 0.0
        else:
            down = distance < reference.distance_m * factors.down_week_pct / 100.0
        if not down:
            down_run = 0
            out.append(Level(LevelKind.LAST_WEEK, distance))
            continue
        down_run += 1
        first = i - down_run + 1  # the break's first week
        before = distances[max(0, first - PEAK_WEEKS) : first]
        peak = max(before, default=0.0)
        factor = factors.factor_pct(down_run)
        if factor is None or peak <= 0.0:
            out.append(Level(LevelKind.FRESH_START, None, down_run))
        else:
            out.append(Level(LevelKind.RETURN, peak * factor / 100.0, down_run, peak, factor))
    return out


def level_after(distances: Sequence[float], factors: ReturnFactors | None = None) -> Level:
    """The level for the week after `distances` (whole weeks, oldest first)."""
    return levels(distances, factors)[-1]
