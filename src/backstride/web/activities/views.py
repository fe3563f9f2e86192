"""What the activity pages show, built from domain objects: a row per activity, its
pace, heart-rate and cadence charts, and the warm-up and cool-down its samples show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
from markupsafe import Markup

from backstride.domain.activity import Activity, FloatArray, Samples, Units
from backstride.training.routines import RoutineDetected, detect_cool_down, detect_warm_up
from backstride.units import format_distance, format_duration, format_pace, metres_per_unit, pace_s
from backstride.web.charts.svg import PACE_STEPS_S, Series, line_chart


def format_elapsed(seconds: float) -> str:
    """An axis label for elapsed time: '25 min', '1 h', '1 h 30'."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


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
    pace = pace_s(activity.distance_m, moving, units) if activity.is_run else None
    return ActivityRow(
        id=activity.id or 0,
        day=start.date(),
        when=f"{start:%a %d %b %Y, %H:%M}",
        sport=activity.sport.value,
        title=activity_title(activity, zone),
        # a session with no distance (yoga, strength) says so rather than "0.00 km"
        distance=format_distance(activity.distance_m, units, 2) if activity.distance_m else "-",
        duration=format_duration(moving),
        pace=format_pace(pace, units),
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
                    f"median {format_pace(float(np.median(finite)), units)}",
                    line_chart(
                        Series(minutes, pace),
                        label=f"Pace over time, per {units.value}; faster is higher",
                        format_y=lambda v: format_pace(v, units).split("/")[0],
                        format_x=format_elapsed,
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
                    format_x=format_elapsed,
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
