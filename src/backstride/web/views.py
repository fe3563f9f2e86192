"""What the pages and the API show, built from domain objects: pure functions, no I/O.

Distances and paces are converted to the runner's units here and nowhere else
in the web app.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from markupsafe import Markup

from backstride.domain.activity import Activity, FloatArray, Samples, Units
from backstride.domain.backcare import SHOE_REPLACE_AT_M
from backstride.rules import REGISTRY, Finding, Severity
from backstride.store import GearItem
from backstride.training.days import local_date, week_start_of
from backstride.training.routines import RoutineDetected, detect_cool_down, detect_warm_up
from backstride.units import format_distance, format_duration, format_pace, metres_per_unit
from backstride.web.charts import PACE_STEPS_S, Series, bar_chart, line_chart

SHOE_REMIND_FROM = 0.8  # the bar turns amber from 80% of the threshold


def fmt_distance(metres: float | None, units: Units, digits: int = 1) -> str:
    return format_distance(metres, units, digits)


def fmt_pace_s(seconds_per_unit: float, units: Units) -> str:
    if not math.isfinite(seconds_per_unit) or seconds_per_unit <= 0:
        return "-"
    total = round(seconds_per_unit)
    return f"{total // 60}:{total % 60:02d}/{units.value}"


def fmt_elapsed(seconds: float) -> str:
    """An axis label for elapsed time: '25 min', '1 h', '1 h 30'."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


# --- activities ------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    id: int
    day: date
    when: str
    sport: str
    title: str
    distance: str
    duration: str
    pace: str
    heart_rate: str
    shoe: str


def activity_title(activity: Activity, zone: ZoneInfo) -> str:
    if activity.name:
        return activity.name
    start = activity.local_start(zone)
    return f"{activity.sport.value.capitalize()} on {start:%a %d %b %Y}"


def activity_row(activity: Activity, units: Units, zone: ZoneInfo) -> ActivityRow:
    start = activity.local_start(zone)
    moving = activity.moving_s or activity.elapsed_s
    return ActivityRow(
        id=activity.id or 0,
        day=start.date(),
        when=f"{start:%a %d %b %Y, %H:%M}",
        sport=activity.sport.value,
        title=activity_title(activity, zone),
        # a session with no distance (yoga, strength) says so rather than "0.00 km"
        distance=fmt_distance(activity.distance_m, units, 2) if activity.distance_m else "-",
        duration=format_duration(moving),
        pace=format_pace(activity.distance_m, moving, units) if activity.is_run else "-",
        heart_rate="-" if activity.avg_hr is None else f"{activity.avg_hr:.0f} bpm",
        shoe=activity.gear or "",
    )


def _speed(samples: Samples) -> FloatArray | None:
    if samples.speed_m_s is not None and np.isfinite(samples.speed_m_s).any():
        return samples.speed_m_s
    if samples.distance_m is None or len(samples) < 2:
        return None
    dt = np.diff(samples.time_s)
    dd = np.diff(samples.distance_m)
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(dt > 0, dd / dt, np.nan)
    return np.concatenate(([np.nan], speed))


def _smooth(values: FloatArray, window: int = 15) -> FloatArray:
    """A centred rolling mean that skips NaN, to calm GPS noise; gaps stay gaps."""
    if len(values) < window:
        return values
    finite = np.isfinite(values)
    filled = np.where(finite, values, 0.0)
    kernel = np.ones(window)
    sums = np.convolve(filled, kernel, mode="same")
    counts = np.convolve(finite.astype(np.float64), kernel, mode="same")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(counts > 0, sums / counts, np.nan)
    return np.where(finite, out, np.nan)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    summary: str
    svg: Markup


def activity_charts(activity: Activity, units: Units) -> list[Chart]:
    """Pace, heart rate and cadence against time, for the columns the file recorded."""
    samples = activity.samples
    if samples is None or len(samples) < 2:
        return []
    minutes = samples.time_s
    charts: list[Chart] = []
    speed = _speed(samples)
    if speed is not None:
        per_unit = metres_per_unit(units)
        smooth = _smooth(speed)
        with np.errstate(divide="ignore", invalid="ignore"):
            pace = np.where(smooth > 0.5, per_unit / smooth, np.nan)
        finite = pace[np.isfinite(pace)]
        if len(finite):
            charts.append(
                Chart(
                    "pace",
                    "Pace",
                    f"median {fmt_pace_s(float(np.median(finite)), units)}",
                    line_chart(
                        Series(minutes, pace),
                        label=f"Pace over time, per {units.value}; faster is higher",
                        format_y=lambda v: fmt_pace_s(v, units).split("/")[0],
                        format_x=fmt_elapsed,
                        invert=True,
                        css_class="line line-pace",
                        y_steps=PACE_STEPS_S,
                    ),
                )
            )
    for key, title, column, unit in (
        ("heart-rate", "Heart rate", samples.heart_rate_bpm, "bpm"),
        ("cadence", "Cadence", samples.cadence_spm, "steps/min"),
    ):
        if column is None or not np.isfinite(column).any():
            continue
        values = np.where(column > 0, column, np.nan)
        finite = values[np.isfinite(values)]
        if not len(finite):
            continue
        charts.append(
            Chart(
                key,
                title,
                f"average {float(np.mean(finite)):.0f} {unit}",
                line_chart(
                    Series(minutes, values),
                    label=f"{title} over time, in {unit}",
                    format_y=lambda v: f"{v:.0f}",
                    format_x=fmt_elapsed,
                    css_class=f"line line-{key}",
                ),
            )
        )
    return charts


@dataclass(frozen=True)
class RoutineView:
    name: str
    state: str  # done, not-done, unknown
    text: str


def _routine_view(name: str, found: RoutineDetected | None) -> RoutineView:
    if found is None:
        return RoutineView(name, "unknown", "cannot tell from this file")
    if found.minutes <= 0:
        return RoutineView(name, "not-done", "none detected")
    return RoutineView(name, "done", f"{found.minutes:g} min ({found.kind or 'easy'})")


def routine_views(activity: Activity) -> list[RoutineView]:
    """The warm-up and cool-down detected from the samples (runs only)."""
    if not activity.is_run:
        return []
    return [
        _routine_view("Warm-up", detect_warm_up(activity)),
        _routine_view("Cool-down", detect_cool_down(activity)),
    ]


# --- shoes -----------------------------------------------------------------------


@dataclass(frozen=True)
class ShoeView:
    id: int
    name: str
    kind: str
    distance: str
    threshold: str
    percent: int  # of the threshold, capped at 100 for the bar
    state: str  # fine, soon, replace, retired
    note: str
    activities: int
    is_default: bool


def shoe_view(item: GearItem, units: Units) -> ShoeView:
    gear = item.gear
    limit = item.replace_at_m or SHOE_REPLACE_AT_M
    share = gear.distance_m / limit if limit > 0 else 0.0
    if gear.retired:
        state, note = "retired", "retired"
    elif share >= 1.0 or item.worn:
        state = "replace"
        note = "worn: time for a new pair" if item.worn else "past the replacement distance"
    elif share >= SHOE_REMIND_FROM:
        left = fmt_distance(limit - gear.distance_m, units)
        state, note = "soon", f"{left} left: plan a new pair"
    else:
        state, note = "fine", f"{fmt_distance(limit - gear.distance_m, units)} left"
    return ShoeView(
        id=gear.id or 0,
        name=gear.name,
        kind=gear.kind,
        distance=fmt_distance(gear.distance_m, units),
        threshold=fmt_distance(limit, units, 0),
        percent=min(100, round(share * 100)),
        state=state,
        note=note,
        activities=gear.activity_count,
        is_default=item.is_default,
    )


# --- weeks -----------------------------------------------------------------------


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
    )


# --- findings --------------------------------------------------------------------

SEVERITY_LABEL: dict[Severity, str] = {
    Severity.INFO: "ok",
    Severity.ADVICE: "advice",
    Severity.WARNING: "warning",
    Severity.HOLD: "hold",
    Severity.STOP: "stop",
}


@dataclass(frozen=True)
class FindingView:
    rule: str
    title: str
    severity: str
    label: str
    message: str
    when: str
    source: str
    strength: str


def finding_view(finding: Finding) -> FindingView:
    rule = next((r for r in REGISTRY if r.id == finding.rule), None)
    when = ""
    if finding.on is not None:
        when = f"{finding.on:%a %d %b}"
    elif finding.week_start is not None:
        when = f"week of {finding.week_start:%d %b}"
    return FindingView(
        rule=finding.rule,
        title=rule.title if rule else finding.rule,
        severity=finding.severity.value,
        label=SEVERITY_LABEL[finding.severity],
        message=finding.message,
        when=when,
        source=finding.source,
        strength=rule.strength.value if rule else "",
    )


@dataclass(frozen=True)
class RuleLine:
    """One rule on the Week page: its worst state this week and what it found."""

    rule: str
    title: str
    state: str
    findings: tuple[FindingView, ...]
    source: str
    strength: str
    note: str


def rule_lines(findings: Sequence[Finding]) -> list[RuleLine]:
    """Every registered rule as a line, worst first; 'ok' when it found nothing."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    lines = []
    for rule in REGISTRY:
        found = by_rule.get(rule.id, [])
        worst = max((f.severity for f in found), key=lambda s: s.rank, default=Severity.INFO)
        lines.append(
            RuleLine(
                rule=rule.id,
                title=rule.title,
                state=SEVERITY_LABEL[worst],
                findings=tuple(finding_view(f) for f in found),
                source=rule.source,
                strength=rule.strength.value,
                note=rule.note,
            )
        )
    rank = {label: i for i, label in enumerate(SEVERITY_LABEL.values())}
    lines.sort(key=lambda line: -rank[line.state])
    return lines
