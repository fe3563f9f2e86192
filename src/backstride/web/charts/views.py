"""What the Charts page shows: weekly distance, weekly pain next to it, and the load
information (ACWR, monotony) from the rules engine's load figures.

Pure functions over domain objects; the load numbers come from `training.load` exactly
as the acwr and monotony rules compute them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from markupsafe import Markup

from backstride.domain.activity import Activity, Units
from backstride.domain.backcare import History, PainTiming
from backstride.rules import REGISTRY
from backstride.training.days import local_date, to_local_date, week_start_of
from backstride.training.load import Acwr, Monotony, acwr_series, daily_loads, monotony_of
from backstride.training.weekly import training_days
from backstride.units import metres_per_unit
from backstride.web.charts.svg import Series, bar_chart, bars_with_lines, line_chart

LOAD_CAVEAT = (
    "Information only, never a block. Load is session effort (RPE, a default when you gave "
    "none) × minutes. The acute:chronic ratio is contested as an injury predictor "
    "(Impellizzeri 2020) and is hidden until 28 days of data; monotony is a weak signal."
)


def weekly_distance(
    activities: Sequence[Activity],
    time_zone: str,
    first_weekday: int,
    last_day: date,
    weeks: int,
) -> list[tuple[date, float]]:
    """Running distance per week for the `weeks` weeks ending with the week of `last_day`."""
    last_week = week_start_of(last_day, first_weekday)
    first_week = last_week - timedelta(weeks=weeks - 1)
    totals: dict[date, list[float]] = defaultdict(list)
    for activity in activities:
        if not activity.is_run or not activity.distance_m:
            continue
        week = week_start_of(local_date(activity, time_zone), first_weekday)
        if first_week <= week <= last_week:
            totals[week].append(activity.distance_m)
    return [
        (week, math.fsum(totals.get(week, [])))
        for week in (first_week + timedelta(weeks=i) for i in range(weeks))
    ]


def weekly_distance_chart(weeks: Sequence[tuple[date, float]], units: Units) -> Markup:
    per_unit = metres_per_unit(units)
    every = max(1, len(weeks) // 6)
    return bar_chart(
        [f"{week:%d %b}" for week, _ in weeks],
        [metres / per_unit for _, metres in weeks],
        label=f"Weekly running distance in {units.value}, last {len(weeks)} weeks",
        format_y=lambda v: f"{v:.0f}",
        label_every=every,
        y_unit=units.value,
    )


@dataclass(frozen=True)
class PainWeek:
    week_start: date
    distance_m: float
    average: float | None
    next_morning: float | None
    reports: int


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def pain_weeks(
    history: History, distances: Sequence[tuple[date, float]], first_weekday: int
) -> list[PainWeek]:
    """Each week's distance with its average pain and average next-morning pain."""
    every: dict[date, list[float]] = defaultdict(list)
    morning: dict[date, list[float]] = defaultdict(list)
    for report in history.pain_reports:
        week = week_start_of(to_local_date(report.at, history.time_zone), first_weekday)
        every[week].append(report.score)
        if report.timing is PainTiming.NEXT_MORNING:
            morning[week].append(report.score)
    return [
        PainWeek(week, metres, _mean(every[week]), _mean(morning[week]), len(every[week]))
        for week, metres in distances
    ]


def pain_chart(weeks: Sequence[PainWeek], units: Units) -> Markup:
    per_unit = metres_per_unit(units)
    return bars_with_lines(
        [f"{w.week_start:%d %b}" for w in weeks],
        [w.distance_m / per_unit for w in weeks],
        [
            ("line line-pain", [w.average for w in weeks]),
            ("line line-morning", [w.next_morning for w in weeks]),
        ],
        label=(
            f"Weekly distance in {units.value} (bars) against weekly average pain and "
            f"next-morning pain, 0 to 10 (lines), last {len(weeks)} weeks"
        ),
        format_bar=lambda v: f"{v:.0f}",
        label_every=max(1, len(weeks) // 6),
        y_unit=units.value,
    )


@dataclass(frozen=True)
class LoadInfo:
    acwr: list[Acwr]
    monotony: list[Monotony]
    spike_ratio: float
    max_monotony: float


def load_info(
    history: History, first_weekday: int, today: date, since: date, params: dict[str, float]
) -> LoadInfo:
    """ACWR per day and monotony per complete week from `since` to `today`."""
    loads = daily_loads(training_days(history, first_weekday))
    series = acwr_series(loads, today, since)
    weeks = []
    week = week_start_of(since, first_weekday)
    while week + timedelta(days=6) < today:
        weeks.append(monotony_of(loads, week))
        week += timedelta(days=7)
    return LoadInfo(series, weeks, params["spike_ratio"], params["max_monotony"])


def acwr_chart(info: LoadInfo) -> Markup:
    points = [p for p in info.acwr if p.ratio is not None]
    if not points:
        return Markup("")
    first = points[0].day
    xs = [float((p.day - first).days) for p in points]
    return line_chart(
        Series(np.array(xs), np.array([p.ratio for p in points], dtype=np.float64)),
        label="Acute:chronic load ratio by day (information only; typical 0.8 to 1.3)",
        format_y=lambda v: f"{v:.1f}",
        format_x=lambda d: f"{first + timedelta(days=round(d)):%d %b}",
        y_unit="ratio",
        css_class="line line-acwr",
        x_steps=(7.0, 14.0, 28.0, 56.0, 91.0),
    )


def rule_strength(rule_id: str) -> str:
    return next((r.strength.value for r in REGISTRY if r.id == rule_id), "")
