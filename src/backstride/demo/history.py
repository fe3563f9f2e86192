"""The sample runner: 18 months of running with a bad back, made up but lifelike.

Three or four runs a week at an easy pace, a long run at the weekend, a tempo
run now and then, a flare of back pain with shorter runs (and a shorter stride),
pairs of shoes run until well past their replace-at distance before the next,
a warm-up skipped now and then, treadmill runs in winter, cycling and yoga on
other days. The history runs up to yesterday. Deterministic for a given seed;
`backstride.demo.diary` adds the pain reports, check-ins and core sessions.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from backstride.domain import Sport

DEMO_ZONE = "Europe/London"


@dataclass(frozen=True)
class DemoRun:
    """One demo activity: its summary and the shape of its pace."""

    sport: Sport
    start_utc: datetime
    utc_offset_s: int
    distance_m: float
    duration_s: float
    kind: str  # easy, long, tempo, ride, yoga, strength
    gear: str | None
    name: str
    avg_hr: float
    cadence_spm: float
    rpe: int
    file_format: str  # fit, gpx, none (a row in the export with no file)
    warm_up_s: float = 300.0  # the walk-jog start; 0: the warm-up was skipped
    sub_sport: str | None = None  # "treadmill" for a treadmill run


# Each pair is run until SHOE_LIFE_KM (well past 80 % of the 402 km replace-at), then the next.
SHOES = ("Brooks Ghost 14", "Brooks Ghost 15", "Hoka Clifton 9", "Hoka Clifton 10", "Hoka Rincon 4")
SHOE_LIFE_KM = 480.0
SKIPPED_WARM_UP_SHARE = 0.25
FLARE_WEEKS = 4


def flare_start(weeks: int) -> int | None:
    """The week index a flare of back pain starts in (histories of 20 weeks or more)."""
    return int(weeks * 0.4) if weeks >= 20 else None


def first_monday(end: date, weeks: int) -> date:
    """The Monday the sample history starts on: `weeks` whole weeks before `end`'s week."""
    return end - timedelta(days=end.weekday() + 7 * weeks)


def demo_runs(end: date, *, weeks: int = 78, seed: int = 7) -> list[DemoRun]:
    """Every activity of the sample history, oldest first: `weeks` whole weeks and the days
    of `end`'s week before `end`, so the history ends the day before `end` (yesterday)."""
    rng = random.Random(seed)
    zone = ZoneInfo(DEMO_ZONE)
    monday_0 = first_monday(end, weeks)
    out: list[DemoRun] = []
    weekly_km = 12.0
    flare_week = flare_start(weeks)
    shoe_index, shoe_km = 0, 0.0
    for week in range(weeks + 1):
        monday = monday_0 + timedelta(weeks=week)
        # a month of back pain: shorter, easier runs
        flare = flare_week is not None and flare_week <= week < flare_week + FLARE_WEEKS
        if flare:
            weekly_km = max(8.0, weekly_km * 0.7)
        elif week % 4 == 3:
            weekly_km *= 0.8  # a lighter week
        else:
            weekly_km = min(32.0, weekly_km + rng.uniform(0.5, 2.5))
        # the week in progress stays easy: today's answer on a fresh demo is a plain "yes"
        plan = _week_plan(rng, weekly_km, flare, week, speed=week < weeks)
        for weekday, kind, km in plan:
            day = monday + timedelta(days=weekday)
            if day >= end:
                continue
            hour = 7 if weekday < 5 else 9
            local = datetime(day.year, day.month, day.day, hour, rng.randrange(0, 50), tzinfo=zone)
            offset = local.utcoffset()
            start = local.astimezone(UTC)
            shoe = SHOES[min(shoe_index, len(SHOES) - 1)]
            utc_offset = int(offset.total_seconds()) if offset else 0
            run = _activity(rng, kind, km, start, utc_offset, shoe)
            if run.sport is Sport.RUN:
                run = _habits(rng, run, day, flare)
                shoe_km += km
                if shoe_km >= SHOE_LIFE_KM:
                    shoe_index, shoe_km = shoe_index + 1, 0.0
            out.append(run)
    return out


def _habits(rng: random.Random, run: DemoRun, day: date, flare: bool) -> DemoRun:
    """A skipped warm-up now and then, treadmill runs in winter, a shorter stride in a flare."""
    changes: dict[str, object] = {}
    if rng.random() < SKIPPED_WARM_UP_SHARE:
        changes["warm_up_s"] = 0.0
    if day.month in (12, 1, 2) and rng.random() < 0.35:
        changes["sub_sport"] = "treadmill"
        changes["file_format"] = "fit"
        changes["name"] = "Treadmill run"
    if flare:
        changes["cadence_spm"] = run.cadence_spm - 6
    return replace(run, **changes) if changes else run  # type: ignore[arg-type]


def _week_plan(
    rng: random.Random, weekly_km: float, flare: bool, week: int, *, speed: bool = True
) -> list[tuple[int, str, float]]:
    runs = 3 if flare or weekly_km < 18 else 4
    long_km = weekly_km * (0.3 if runs == 4 else 0.4)
    rest = (weekly_km - long_km) / (runs - 1)
    days = [1, 3, 6] if runs == 3 else [0, 2, 4, 6]
    plan: list[tuple[int, str, float]] = []
    for i, day in enumerate(days):
        if day == 6:
            plan.append((day, "long", long_km))
        elif i == 1 and speed and not flare and week % 2 == 0:
            plan.append((day, "tempo", rest * 0.9))
        else:
            plan.append((day, "easy", rest * rng.uniform(0.85, 1.15)))
    plan.append((5, "ride", rng.uniform(15, 30)))
    if rng.random() < 0.6:
        plan.append((2 if runs == 3 else 1, "yoga", 0.0))
    return plan


def _activity(
    rng: random.Random, kind: str, km: float, start: datetime, offset: int, shoe: str
) -> DemoRun:
    if kind == "ride":
        speed = rng.uniform(6.0, 7.5)
        duration = km * 1000 / speed
        return DemoRun(
            Sport.CYCLING,
            start,
            offset,
            km * 1000,
            duration,
            kind,
            None,
            "Easy spin",
            rng.uniform(115, 130),
            85.0,
            3,
            "fit",
        )
    if kind == "yoga":
        return DemoRun(
            Sport.YOGA,
            start,
            offset,
            0.0,
            rng.choice((1200.0, 1800.0)),
            kind,
            None,
            "Back-care yoga",
            90.0,
            0.0,
            2,
            "none",
        )
    pace_s_per_km = {"easy": 375.0, "long": 390.0, "tempo": 320.0}[kind] * rng.uniform(0.97, 1.04)
    hr = {"easy": 142.0, "long": 146.0, "tempo": 163.0}[kind] + rng.uniform(-4, 4)
    names = {"easy": "Easy run", "long": "Long run", "tempo": "Tempo run"}
    file_format = "gpx" if rng.random() < 0.15 else ("none" if rng.random() < 0.03 else "fit")
    return DemoRun(
        sport=Sport.RUN,
        start_utc=start,
        utc_offset_s=offset,
        distance_m=round(km * 1000, 1),
        duration_s=round(km * pace_s_per_km),
        kind=kind,
        gear=shoe,
        name=names[kind],
        avg_hr=round(hr),
        cadence_spm=round(166 + (8 if kind == "tempo" else 0) + rng.uniform(-3, 3)),
        rpe={"easy": 3, "long": 5, "tempo": 7}[kind],
        file_format=file_format,
    )


def pace_profile(run: DemoRun, t_s: float) -> float:
    """Speed in m/s at `t_s` into the run: a walk-jog warm-up, the main pace, a cool-down."""
    mean = run.distance_m / run.duration_s if run.duration_s else 0.0
    if run.sport is not Sport.RUN:
        return mean
    warm, cool = run.warm_up_s, 180.0
    wobble = 1.0 + 0.03 * math.sin(t_s / 47.0)
    if t_s < warm:
        return mean * (0.55 + 0.45 * t_s / warm) * wobble
    if t_s > run.duration_s - cool:
        return mean * (0.5 + 0.5 * (run.duration_s - t_s) / cool) * wobble
    return mean * 1.04 * wobble
