"""The report's charts as inline SVG, readable in black and white: grey bars, black lines,
and a different marker shape for each moment of a pain report (no meaning in colour)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from backstride.domain.activity import Units
from backstride.report.model import PainEntry, WeekRow
from backstride.units import metres_per_unit

W, H = 680, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 14, 34
FONT = 'font-family="DejaVu Sans, sans-serif" font-size="9"'


def _nice_top(value: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if value <= step * 4:
            return float(step * 4)
    return float(int(value) + 1)


def _x_dates(first: date, last: date) -> tuple[float, float]:
    return first.toordinal(), max(last.toordinal(), first.toordinal() + 1)


def _date_ticks(first: date, last: date, x: object) -> list[str]:
    """Month labels along the bottom (weeks for a short period)."""
    assert callable(x)
    out = []
    span = (last - first).days
    if span <= 70:
        day = first + timedelta(days=(7 - first.weekday()) % 7)
        step = 7 if span <= 35 else 14
        fmt = "%d %b"
    else:
        day = date(first.year, first.month, 1)
        if day < first:
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        step = 0
        fmt = "%b %Y" if span > 400 else "%b"
    while day <= last:
        px = x(day.toordinal())
        out.append(
            f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{H - BOTTOM}" y2="{H - BOTTOM + 4}" '
            f'stroke="#000"/>'
        )
        out.append(
            f'<text x="{px:.1f}" y="{H - BOTTOM + 15}" text-anchor="middle" {FONT}>'
            f"{day.strftime(fmt)}</text>"
        )
        if step:
            day += timedelta(days=step)
        else:
            months = 3 if span > 400 else 1
            month = day.month - 1 + months
            day = date(day.year + month // 12, month % 12 + 1, 1)
    return out


def _frame(title: str, left_label: str, right_label: str | None) -> list[str]:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{H - BOTTOM}" y2="{H - BOTTOM}" stroke="#000"/>',
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#000"/>',
        f'<text x="4" y="{TOP - 3}" {FONT}>{escape(left_label)}</text>',
    ]
    if right_label:
        parts.append(
            f'<line x1="{W - RIGHT}" x2="{W - RIGHT}" y1="{TOP}" y2="{H - BOTTOM}" stroke="#000"/>'
            f'<text x="{W - 4}" y="{TOP - 3}" text-anchor="end" {FONT}>{escape(right_label)}</text>'
        )
    return parts


def _pain_axis(y: object, side: str) -> list[str]:
    assert callable(y)
    out = []
    for score in (0, 2, 4, 6, 8, 10):
        py = y(score)
        if side == "right":
            out.append(
                f'<text x="{W - RIGHT + 5}" y="{py + 3:.1f}" {FONT}>{score}</text>'
                f'<line x1="{W - RIGHT}" x2="{W - RIGHT + 3}" y1="{py:.1f}" y2="{py:.1f}" '
                f'stroke="#000"/>'
            )
        else:
            out.append(
                f'<text x="{LEFT - 5}" y="{py + 3:.1f}" text-anchor="end" {FONT}>{score}</text>'
                f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{py:.1f}" y2="{py:.1f}" '
                'stroke="#ccc" stroke-width="0.5"/>'
            )
    return out


def load_chart(weeks: Sequence[WeekRow], units: Units, usual_pain: float | None) -> str:
    """Weekly running distance as grey bars, the week's average pain as a black line."""
    if not weeks:
        return ""
    per = metres_per_unit(units)
    top = _nice_top(max(w.distance_m / per for w in weeks) or 1.0)
    first, last = weeks[0].week_start, weeks[-1].week_start + timedelta(days=7)
    lo, hi = _x_dates(first, last)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(ordinal: float) -> float:
        return LEFT + (ordinal - lo) / (hi - lo) * plot_w

    def y_dist(value: float) -> float:
        return H - BOTTOM - value / top * plot_h

    def y_pain(score: float) -> float:
        return H - BOTTOM - score / 10 * plot_h

    parts = _frame(
        "Weekly running distance with the week's average pain",
        f"distance ({units.value})",
        "pain (0-10)",
    )
    for i in range(5):
        value = top * i / 4
        py = y_dist(value)
        parts.append(
            f'<text x="{LEFT - 5}" y="{py + 3:.1f}" text-anchor="end" {FONT}>{value:g}</text>'
        )
    parts += _pain_axis(y_pain, "right")
    bar = plot_w / len(weeks) * 0.7
    for w in weeks:
        km = w.distance_m / per
        px = x(w.week_start.toordinal() + 3.5) - bar / 2
        parts.append(
            f'<rect x="{px:.1f}" y="{y_dist(km):.1f}" width="{bar:.1f}" '
            f'height="{H - BOTTOM - y_dist(km):.1f}" fill="#c8c8c8" stroke="#555" '
            f'stroke-width="0.5"/>'
        )
    points = [
        (x(w.week_start.toordinal() + 3.5), y_pain(w.pain_mean))
        for w in weeks
        if w.pain_mean is not None
    ]
    if points:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.6"/>')
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.2" fill="#000"/>' for px, py in points]
    if usual_pain is not None:
        py = y_pain(usual_pain)
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{py:.1f}" y2="{py:.1f}" stroke="#000" '
            'stroke-dasharray="4 3" stroke-width="0.8"/>'
        )
    parts += _date_ticks(first, last - timedelta(days=1), x)
    parts.append(
        _legend(
            [("bar", "distance a week"), ("line", "average pain that week")]
            + ([("dash", "usual pain")] if usual_pain is not None else [])
        )
    )
    parts.append("</svg>")
    return "".join(parts)


MARKERS = {
    "next-morning": "disc",
    "after": "square",
    "during": "triangle",
    "before": "circle",
    "other": "cross",
}


def _marker(kind: str, px: float, py: float, r: float = 3.0) -> str:
    if kind == "disc":
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{r}" fill="#000"/>'
    if kind == "circle":
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{r}" fill="#fff" stroke="#000"/>'
    if kind == "square":
        return (
            f'<rect x="{px - r:.1f}" y="{py - r:.1f}" width="{2 * r}" height="{2 * r}" '
            'fill="#fff" stroke="#000"/>'
        )
    if kind == "triangle":
        return (
            f'<polygon points="{px:.1f},{py - r - 0.5:.1f} {px - r:.1f},{py + r:.1f} '
            f'{px + r:.1f},{py + r:.1f}" fill="#000"/>'
        )
    if kind == "ring":
        return (
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{r + 3}" fill="none" stroke="#000" '
            f'stroke-width="1"/>'
        )
    return (
        f'<path d="M{px - r:.1f},{py - r:.1f}L{px + r:.1f},{py + r:.1f}M{px - r:.1f},{py + r:.1f}'
        f'L{px + r:.1f},{py - r:.1f}" stroke="#000" stroke-width="1.2"/>'
    )


def _legend(items: Sequence[tuple[str, str]]) -> str:
    parts, px = [], LEFT + 4.0
    py = H - 6
    for kind, label in items:
        if kind == "bar":
            parts.append(
                f'<rect x="{px:.1f}" y="{py - 7}" width="10" height="8" fill="#c8c8c8" '
                f'stroke="#555"/>'
            )
        elif kind == "line":
            parts.append(
                f'<line x1="{px:.1f}" x2="{px + 12:.1f}" y1="{py - 3}" y2="{py - 3}" '
                f'stroke="#000" stroke-width="1.6"/>'
            )
        elif kind == "dash":
            parts.append(
                f'<line x1="{px:.1f}" x2="{px + 12:.1f}" y1="{py - 3}" y2="{py - 3}" '
                f'stroke="#000" stroke-dasharray="4 3"/>'
            )
        else:
            parts.append(_marker(kind, px + 5, py - 3, 2.6 if kind != "ring" else 0.5))
        parts.append(f'<text x="{px + 16:.1f}" y="{py}" {FONT}>{escape(label)}</text>')
        px += 22 + 5.2 * len(label)
    return "".join(parts)


def pain_chart(pain: Sequence[PainEntry], since: date, until: date) -> str:
    """Every pain report of the period by day and score; its moment is its marker's shape,
    a radiating pain is ringed."""
    if not pain:
        return ""
    lo, hi = _x_dates(since, until + timedelta(days=1))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(ordinal: float) -> float:
        return LEFT + (ordinal - lo) / (hi - lo) * plot_w

    def y(score: float) -> float:
        return H - BOTTOM - score / 10 * plot_h

    parts = _frame("Pain reports by day, score and moment", "pain (0-10)", None)
    parts += _pain_axis(y, "left")
    for entry in pain:
        at = entry.at
        px = x(at.date().toordinal() + (at.hour * 60 + at.minute) / 1440)
        py = y(entry.score)
        parts.append(_marker(MARKERS.get(entry.timing, "cross"), px, py))
        if entry.radiating:
            parts.append(_marker("ring", px, py))
    parts += _date_ticks(since, until, x)
    parts.append(
        _legend(
            [
                ("disc", "next morning"),
                ("square", "after"),
                ("triangle", "during"),
                ("circle", "before"),
                ("cross", "other"),
                ("ring", "radiating"),
            ]
        )
    )
    parts.append("</svg>")
    return "".join(parts)
