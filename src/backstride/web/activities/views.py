"""What the activity pages show, built from domain objects: a row per activity; for one
activity its figures, route, elevation profile, splits, pace, heart-rate and cadence
charts, and its warm-up and cool-down as stored (detected, or as the runner said)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
from markupsafe import Markup

from backstride.domain.activity import FOOT_SPORTS, Activity, FloatArray, Lap, Samples, Units
from backstride.domain.backcare import RoutineRecord
from backstride.training.routines import RoutineDetected, detect_cool_down, detect_warm_up
from backstride.training.splits import climb, splits
from backstride.units import (
    elevation_unit,
    elevation_value,
    format_distance,
    format_duration,
    format_elevation,
    format_pace,
    metres_per_unit,
    pace_s,
)
from backstride.web.charts.svg import PACE_STEPS_S, Series, line_chart, route_map

DISTANCE_STEPS = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)


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
                    f"Pace (min/{units.value})",
                    f"median {format_pace(float(np.median(finite)), units)}",
                    line_chart(
                        Series(minutes, pace),
                        label=f"Pace over time, per {units.value}; faster is higher",
                        format_y=lambda v: format_pace(v, units).split("/")[0],
                        format_x=format_elapsed,
                        invert=True,
                        css_class="line line-pace",
                        y_steps=PACE_STEPS_S,
                        y_unit=f"min/{units.value}",
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
                f"{title} ({unit})",
                f"average {float(np.mean(finite)):.0f} {unit}",
                line_chart(
                    Series(minutes, values),
                    label=f"{title} over time, in {unit}",
                    format_y=lambda v: f"{v:.0f}",
                    format_x=format_elapsed,
                    css_class=f"line line-{key}",
                    y_unit=unit,
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


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def figures(activity: Activity, units: Units) -> list[Figure]:
    """What the file says of the whole activity, in the runner's units; only what it has."""
    moving = activity.moving_s or activity.elapsed_s
    pace = pace_s(activity.distance_m, moving, units) if activity.is_run else None
    samples = activity.samples
    ascent = activity.ascent_m
    if (
        ascent is None
        and samples is not None
        and samples.altitude_m is not None
        and samples.distance_m is not None
    ):
        ascent = climb(samples.distance_m, samples.altitude_m)[0]
    shown = [
        Figure("Distance", format_distance(activity.distance_m, units, 2)),
        Figure("Moving time", format_duration(moving)),
        Figure("Elapsed time", format_duration(activity.elapsed_s)),
        Figure("Pace", format_pace(pace, units)),
        Figure("Ascent", format_elevation(ascent, units)),
        Figure("Average heart rate", _per(activity.avg_hr, "bpm")),
        Figure("Highest heart rate", _per(activity.max_hr, "bpm")),
        Figure("Cadence", _per(activity.avg_cadence_spm, "steps/min")),
        Figure("Effort (RPE)", "-" if activity.rpe is None else f"{activity.rpe:g}/10"),
        Figure("Recorded by", activity.device or "-"),
    ]
    return [f for f in shown if f.value not in ("-", "")]


def _per(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:.0f} {unit}"


@dataclass(frozen=True)
class SplitRow:
    number: str
    distance: str
    time: str
    pace: str
    heart_rate: str
    cadence: str
    climb: str


def split_rows(activity: Activity, units: Units) -> list[SplitRow]:
    """Per kilometre or mile: time, pace, heart rate, cadence, climb up and down."""
    if activity.samples is None or activity.sport not in FOOT_SPORTS:
        return []
    rows = []
    for split in splits(activity.samples, metres_per_unit(units)):
        up, down = split.ascent_m, split.descent_m
        rows.append(
            SplitRow(
                number=str(split.number),
                distance=format_distance(split.distance_m, units, 2),
                time=format_duration(split.duration_s),
                pace=format_pace(pace_s(split.distance_m, split.duration_s, units), units),
                heart_rate=_per(split.avg_hr, "bpm"),
                cadence=_per(split.avg_cadence_spm, ""),
                climb="-"
                if up is None or down is None
                else f"+{elevation_value(up, units):.0f} / -{elevation_value(down, units):.0f}",
            )
        )
    return rows


@dataclass(frozen=True)
class LapRow:
    number: str
    distance: str
    time: str
    pace: str
    heart_rate: str
    cadence: str


def lap_rows(laps: list[Lap], activity: Activity, units: Units) -> list[LapRow]:
    """The device's own laps in the runner's units; none when there is only one (it is
    the whole run, already in the figures)."""
    if len(laps) < 2:
        return []
    rows = []
    for lap in laps:
        time_s = lap.moving_s or lap.elapsed_s
        pace = pace_s(lap.distance_m, time_s, units) if activity.is_run else None
        rows.append(
            LapRow(
                number=str(lap.number),
                distance=format_distance(lap.distance_m, units, 2) if lap.distance_m else "-",
                time=format_duration(time_s),
                pace=format_pace(pace, units),
                heart_rate=_per(lap.avg_hr, "bpm"),
                cadence=_per(lap.avg_cadence_spm, ""),
            )
        )
    return rows


def route(activity: Activity, units: Units) -> Markup | None:
    """The route from the file's GPS points, or None when it has none."""
    samples = activity.samples
    if samples is None or samples.lat_deg is None or samples.lon_deg is None:
        return None
    known = np.isfinite(samples.lat_deg) & np.isfinite(samples.lon_deg)
    if known.sum() < 2:
        return None
    distance = format_distance(activity.distance_m, units)
    return route_map(
        samples.lat_deg,
        samples.lon_deg,
        label=f"The route, {distance}, drawn from the file's own GPS points, north up",
    )


def elevation_chart(activity: Activity, units: Units) -> Chart | None:
    """Height against distance, in metres per km or feet per mile."""
    samples = activity.samples
    if samples is None or samples.altitude_m is None or samples.distance_m is None:
        return None
    if not np.isfinite(samples.altitude_m).any():
        return None
    unit = elevation_unit(units)
    along = samples.distance_m / metres_per_unit(units)
    height = elevation_value(1.0, units) * samples.altitude_m
    finite = height[np.isfinite(height)]
    return Chart(
        "elevation",
        f"Elevation ({unit})",
        f"{float(np.min(finite)):.0f} to {float(np.max(finite)):.0f} {unit}",
        line_chart(
            Series(along, height),
            label=f"Elevation in {unit} against distance in {units.value}",
            format_y=lambda v: f"{v:.0f}",
            format_x=lambda v: f"{v:g} {units.value}",
            css_class="line line-elevation",
            x_steps=DISTANCE_STEPS,
            y_unit=unit,
        ),
    )


def stored_routine_views(activity: Activity, record: RoutineRecord | None) -> list[RoutineView]:
    """The warm-up and cool-down as the rules see them: the runner's word when they gave
    it, else what was detected when the run was stored, else detected from the file now."""
    if not activity.is_run:
        return []
    if record is None:
        return routine_views(activity)
    said = " (as you said)" if record.confirmed else ""
    views = []
    for name, minutes, kind in (
        ("Warm-up", record.warm_up_min, record.warm_up_kind),
        ("Cool-down", record.cool_down_min, record.cool_down_kind),
    ):
        if minutes is None:
            views.append(RoutineView(name, "unknown", "cannot tell from this file" + said))
        elif minutes <= 0:
            views.append(RoutineView(name, "not-done", "none" + (said or " detected")))
        else:
            views.append(RoutineView(name, "done", f"{minutes:g} min ({kind or 'easy'}){said}"))
    return views
