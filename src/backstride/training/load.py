"""Session-RPE load, acute:chronic workload ratio (EWMA) and monotony.

Information only: backstride never blocks a run on these numbers.
Load = RPE (CR-10) x minutes (Foster 2001). When the runner gave no RPE the
default below stands in, by run type or session kind (a documented guess).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from backstride.domain.backcare import RunType, SessionKind
from backstride.training.weekly import TrainingLog, group_by_day

DEFAULT_RUN_RPE: dict[RunType, float] = {
    RunType.EASY: 3.0,
    RunType.LONG: 4.0,
    RunType.SPEED: 6.0,
    RunType.RACE: 7.0,
}
DEFAULT_SESSION_RPE: dict[SessionKind, float] = {
    SessionKind.CORE: 3.0,
    SessionKind.STRENGTH: 4.0,
    SessionKind.CYCLING: 3.0,
    SessionKind.SWIMMING: 3.0,
    SessionKind.YOGA: 2.0,
    SessionKind.WALK: 2.0,
    SessionKind.OTHER: 3.0,
}
ACUTE_DAYS = 7
CHRONIC_DAYS = 28


def daily_loads(log: TrainingLog) -> dict[date, float]:
    """sRPE load (arbitrary units) per local day; days without training are absent."""
    items = [
        (r.day, (r.activity.rpe or DEFAULT_RUN_RPE[r.run_type]) * r.moving_s / 60.0)
        for r in log.runs
    ]
    items += [(s.day, (s.rpe or DEFAULT_SESSION_RPE[s.kind]) * s.minutes) for s in log.sessions]
    return group_by_day(items)


@dataclass(frozen=True)
class Acwr:
    day: date
    acute: float
    chronic: float
    ratio: float | None  # None while chronic load is zero


def acwr_series(loads: dict[date, float], last: date, since: date | None = None) -> list[Acwr]:
    """EWMA acute (7 d) and chronic (28 d) loads, lambda = 2/(N+1), from the first loaded day.

    Both start at 0 the day before the first load. Days before 28 days of data
    are left out (the ratio is hidden until then), and so are days before `since`:
    the averages still run from the first load, so each day's figures are the same
    whatever `since` is.
    """
    if not loads:
        return []
    first = min(loads)
    la, lc = 2 / (ACUTE_DAYS + 1), 2 / (CHRONIC_DAYS + 1)
    keep_a, keep_c = 1 - la, 1 - lc
    shown_from = first + timedelta(days=CHRONIC_DAYS - 1)
    if since is not None and since > shown_from:
        shown_from = since
    acute = chronic = 0.0
    out = []
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        load = loads.get(day, 0.0)
        acute = la * load + keep_a * acute
        chronic = lc * load + keep_c * chronic
        if day >= shown_from:
            out.append(Acwr(day, acute, chronic, acute / chronic if chronic > 0 else None))
        day += one_day
    return out


@dataclass(frozen=True)
class Monotony:
    week_start: date
    weekly_load: float
    monotony: float | None  # None when every day had the same load
    strain: float | None


def monotony_of(loads: dict[date, float], week_start: date) -> Monotony:
    """Foster's monotony: mean / SD of the 7 daily loads (rest = 0, population SD)."""
    week = [loads.get(week_start + timedelta(days=i), 0.0) for i in range(7)]
    total = math.fsum(week)
    sd = statistics.pstdev(week)
    if sd == 0:
        return Monotony(week_start, total, None, None)
    mono = (total / 7) / sd
    return Monotony(week_start, total, mono, total * mono)
