"""Charts as server-rendered SVG: no JavaScript, no CDN, readable by a screen reader.

Each function takes plain numbers and returns SVG markup that scales to its
container (a viewBox, width 100%). The figure's meaning is in its `aria-label`
and in a `<title>`; the numbers themselves are also shown as text by the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
from markupsafe import Markup

from backstride.domain.activity import FloatArray

WIDTH = 640
HEIGHT = 220
PAD_LEFT = 66
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28
MAX_POINTS = 320
UNIT_ROOM = 28  # above the plot, for the y axis's unit
# Round steps for axes in seconds: elapsed time, and pace per km or mile.
TIME_STEPS_S = (60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0, 10800.0)
PACE_STEPS_S = (
    10.0,
    15.0,
    30.0,
    60.0,
    120.0,
    300.0,
)  # a line never needs more points than the chart has pixels


@dataclass(frozen=True)
class Series:
    """A line: x in seconds (or any number), y in display units, NaN for gaps."""

    x: FloatArray
    y: FloatArray


def _nice_step(span: float, ticks: int = 4) -> float:
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _ticks(
    low: float, high: float, ticks: int = 4, steps: Sequence[float] | None = None
) -> list[float]:
    """Round values between low and high; `steps` lists the allowed step sizes."""
    step = _nice_step(high - low, ticks)
    if steps:
        step = next((s for s in steps if (high - low) / s <= ticks + 1), steps[-1])
    first = math.ceil(low / step) * step
    out: list[float] = []
    value = first
    while value <= high + (high - low) * 1e-9 and len(out) < 12:
        out.append(value)
        value += step
    return out


def downsample(series: Series, points: int = MAX_POINTS) -> Series:
    """At most `points` points: the median of each bin, gaps kept as NaN.

    Each bin's x is the mean of its x values and its y the median of its finite y
    values, as `np.mean` and `np.median` give them bin by bin; the bins of one size
    are done together, a row each.
    """
    n = len(series.x)
    if n <= points:
        return series
    edges = np.linspace(0, n, points + 1).astype(np.int64)
    sizes = np.diff(edges)
    xs = np.empty(points)
    ys = np.empty(points)
    for size in np.unique(sizes):
        bins = np.flatnonzero(sizes == size)
        index = edges[bins][:, None] + np.arange(size)
        xs[bins] = np.mean(series.x[index], axis=1)
        ys[bins] = _finite_medians(series.y[index])
    return Series(xs, ys)


def _finite_medians(rows: FloatArray) -> FloatArray:
    """The median of each row's finite values (NaN for a row with none), as `np.median`."""
    finite = np.isfinite(rows)
    counts = finite.sum(axis=1)
    ordered = np.sort(np.where(finite, rows, np.inf), axis=1)
    out = np.full(len(rows), np.nan)
    which = np.arange(len(rows))
    # np.median takes the mean of the middle value (odd counts) or the middle two.
    odd = counts % 2 == 1
    out[odd] = np.mean(ordered[which[odd], counts[odd] // 2][:, None], axis=1)
    even = (counts % 2 == 0) & (counts > 0)
    middle = counts[even] // 2
    pairs = np.stack([ordered[which[even], middle - 1], ordered[which[even], middle]], axis=1)
    out[even] = np.mean(pairs, axis=1)
    return out


def _svg_open(label: str, height: int = HEIGHT) -> str:
    safe = escape(label)
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{safe}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{safe}</title>"
    )


def line_chart(
    series: Series,
    *,
    label: str,
    format_y: Callable[[float], str],
    format_x: Callable[[float], str],
    invert: bool = False,
    css_class: str = "line",
    y_steps: Sequence[float] | None = None,
    x_steps: Sequence[float] = TIME_STEPS_S,
    y_unit: str | None = None,
) -> Markup:
    """A line chart; `invert` puts low values at the top (pace: faster is higher);
    `y_unit` is written above the values of the y axis ('bpm', 'min/mi')."""
    data = downsample(series)
    finite = np.isfinite(data.y) & np.isfinite(data.x)
    if not finite.any():
        return Markup(_svg_open(label) + _empty_note("no samples") + "</svg>")
    y_values = data.y[finite]
    low, high = float(np.percentile(y_values, 1)), float(np.percentile(y_values, 99))
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    margin = (high - low) * 0.08
    low, high = low - margin, high + margin
    x_low, x_high = float(np.min(data.x[finite])), float(np.max(data.x[finite]))
    if x_high - x_low < 1e-9:
        x_high = x_low + 1
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    top = PAD_TOP + (UNIT_ROOM if y_unit else 0)
    plot_h = HEIGHT - top - PAD_BOTTOM

    def sx(x: float) -> float:
        return PAD_LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def sy(y: float) -> float:
        clipped = min(max(y, low), high)
        share = (clipped - low) / (high - low)
        return top + (share if invert else 1 - share) * plot_h

    parts = [_svg_open(label), _unit_label(y_unit)]
    for tick in _ticks(low, high, steps=y_steps):
        y = sy(tick)
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(format_y(tick))}</text>'
        )
    for tick in _ticks(x_low, x_high, 5, steps=x_steps):
        x = sx(tick)
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 8}" '
            f'text-anchor="middle">{escape(format_x(tick))}</text>'
        )
    path: list[str] = []
    pen_down = False
    for x, y, ok in zip(data.x, data.y, finite, strict=True):
        if not ok:
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{sx(float(x)):.1f},{sy(float(y)):.1f}")
        pen_down = True
    parts.append(f'<path class="{css_class}" d="{" ".join(path)}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    label: str,
    format_y: Callable[[float], str],
    label_every: int = 4,
    highlight_last: bool = True,
    y_unit: str | None = None,
) -> Markup:
    """Vertical bars, one per label (weeks); every `label_every`-th label is printed;
    `y_unit` is written above the values of the y axis."""
    if not values:
        return Markup(_svg_open(label) + _empty_note("nothing to show yet") + "</svg>")
    high, ticks = _bar_axis(values)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    top = PAD_TOP + (UNIT_ROOM if y_unit else 0)
    plot_h = HEIGHT - top - PAD_BOTTOM
    slot = plot_w / len(values)
    bar_w = max(slot * 0.7, 1.0)
    parts = [_svg_open(label), _unit_label(y_unit)]
    for tick in ticks:
        y = top + (1 - tick / high) * plot_h
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(format_y(tick))}</text>'
        )
    last = len(values) - 1
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        h = max(value, 0.0) / high * plot_h
        x = PAD_LEFT + i * slot + (slot - bar_w) / 2
        css = "col col-current" if highlight_last and i == last else "col"
        parts.append(
            f'<rect class="{css}" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(name)}: {escape(format_y(value))}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _unit_label(unit: str | None) -> str:
    """The y axis's unit, above its values ('' when there is none)."""
    if not unit:
        return ""
    return (
        f'<text class="tick axis-unit" x="0" y="{PAD_TOP + 8}" text-anchor="start">'
        f"{escape(unit)}</text>"
    )


def _bar_axis(values: Sequence[float]) -> tuple[float, list[float]]:
    """The top of a bar chart's axis and its ticks; bars that are all zero get the zero line
    alone (no column of zeros climbing out of the chart)."""
    top = max(values)
    if not top > 0:
        return 1.0, [0.0]
    high = top * 1.08
    return high, _ticks(0, high)


def _empty_note(text: str) -> str:
    return (
        f'<text class="empty" x="{WIDTH / 2}" y="{HEIGHT / 2}" '
        f'text-anchor="middle">{escape(text)}</text>'
    )


def bars_with_lines(
    labels: Sequence[str],
    bars: Sequence[float],
    lines: Sequence[tuple[str, Sequence[float | None]]],
    *,
    label: str,
    format_bar: Callable[[float], str],
    right_max: float = 10.0,
    label_every: int = 4,
    y_unit: str | None = None,
) -> Markup:
    """Bars (left axis, in `y_unit`) with lines on a fixed 0..`right_max` right axis (pain
    0-10).

    `lines` are (css class, values); None leaves a gap. Each point has a `<title>`.
    """
    if not bars:
        return Markup(_svg_open(label) + _empty_note("nothing to show yet") + "</svg>")
    right = 34
    high, ticks = _bar_axis(bars)
    plot_w = WIDTH - PAD_LEFT - right
    top = PAD_TOP + (UNIT_ROOM if y_unit else 0)
    plot_h = HEIGHT - top - PAD_BOTTOM
    slot = plot_w / len(bars)
    bar_w = max(slot * 0.7, 1.0)
    parts = [_svg_open(label), _unit_label(y_unit)]
    for tick in ticks:
        y = top + (1 - tick / high) * plot_h
        parts.append(
            f'<line class="grid" x1="{PAD_LEFT}" x2="{WIDTH - right}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_LEFT - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(format_bar(tick))}</text>'
        )
    for tick in range(0, int(right_max) + 1, 2):
        y = top + (1 - tick / right_max) * plot_h
        parts.append(
            f'<text class="tick tick-right" x="{WIDTH - right + 6}" y="{y + 4:.1f}">{tick}</text>'
        )
    for i, (name, value) in enumerate(zip(labels, bars, strict=True)):
        h = max(value, 0.0) / high * plot_h
        x = PAD_LEFT + i * slot + (slot - bar_w) / 2
        parts.append(
            f'<rect class="col" x="{x:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar_w:.1f}" height="{h:.1f}">'
            f"<title>{escape(name)}: {escape(format_bar(value))}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{HEIGHT - 8}" '
                f'text-anchor="middle">{escape(name)}</text>'
            )
    for css, values in lines:
        path: list[str] = []
        dots: list[str] = []
        pen_down = False
        for i, (name, point) in enumerate(zip(labels, values, strict=True)):
            if point is None or not math.isfinite(point):
                pen_down = False
                continue
            x = PAD_LEFT + (i + 0.5) * slot
            y = top + (1 - min(max(point, 0.0), right_max) / right_max) * plot_h
            path.append(f"{'L' if pen_down else 'M'}{x:.1f},{y:.1f}")
            dots.append(
                f'<circle class="dot {css}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                f"<title>{escape(name)}: {point:.1f}/10</title></circle>"
            )
            pen_down = True
        if path:
            parts.append(f'<path class="{css}" d="{" ".join(path)}"/>')
            parts.extend(dots)
    parts.append("</svg>")
    return Markup("".join(parts))


ROUTE_SIZE = 320
ROUTE_PAD = 14
ROUTE_POINTS = 800


def route_map(lat_deg: FloatArray, lon_deg: FloatArray, *, label: str) -> Markup:
    """The route drawn from the file's own points, north up, to scale (no map tiles: nothing
    is fetched from anywhere). A green dot marks the start, a dark square the finish."""
    finite = np.isfinite(lat_deg) & np.isfinite(lon_deg)
    finite &= (np.abs(lat_deg) <= 90) & (np.abs(lon_deg) <= 180)
    lat, lon = lat_deg[finite], lon_deg[finite]
    size = ROUTE_SIZE
    opening = (
        f'<svg class="route" viewBox="0 0 {size} {size}" role="img" aria-label="{escape(label)}" '
        f'preserveAspectRatio="xMidYMid meet"><title>{escape(label)}</title>'
    )
    if len(lat) < 2:
        return Markup(opening + "</svg>")
    if len(lat) > ROUTE_POINTS:
        pick = np.linspace(0, len(lat) - 1, ROUTE_POINTS).astype(np.int64)
        lat, lon = lat[pick], lon[pick]
    # equirectangular around the route's middle: true to scale over a run's few km
    x = lon * math.cos(math.radians(float(np.mean(lat))))
    y = -lat
    span = max(float(np.ptp(x)), float(np.ptp(y)), 1e-9)
    scale = (size - 2 * ROUTE_PAD) / span
    px = ROUTE_PAD + (x - float(np.min(x))) * scale + (size - 2 * ROUTE_PAD - np.ptp(x) * scale) / 2
    py = ROUTE_PAD + (y - float(np.min(y))) * scale + (size - 2 * ROUTE_PAD - np.ptp(y) * scale) / 2
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
    return Markup(
        opening
        + f'<polyline class="route-line" fill="none" points="{points}"/>'
        + f'<circle class="route-start" cx="{px[0]:.1f}" cy="{py[0]:.1f}" r="6"/>'
        + f'<rect class="route-finish" x="{px[-1] - 5:.1f}" y="{py[-1] - 5:.1f}" '
        'width="10" height="10"/>' + "</svg>"
    )
