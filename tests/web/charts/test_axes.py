"""Chart axes: a chart of zeros (an empty database) keeps its labels inside it."""

from __future__ import annotations

import re

import pytest

from backstride.web.charts.svg import HEIGHT, bar_chart, bars_with_lines

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


@pytest.mark.parametrize("draw", ["bars", "bars with lines"])
def test_a_chart_of_zeros_keeps_its_labels_inside_it(draw: str) -> None:
    """An empty database: every week 0 km. One zero line, no labels climbing over the legend."""
    weeks = [f"week {i}" for i in range(26)]
    zeros = [0.0] * 26
    if draw == "bars":
        svg = str(bar_chart(weeks, zeros, label="Weekly distance", format_y=lambda v: f"{v:.0f}"))
    else:
        svg = str(
            bars_with_lines(
                weeks,
                zeros,
                [("line-pain", [None] * 26)],
                label="x",
                format_bar=lambda v: f"{v:.0f}",
            )
        )
    left = re.findall(
        r'<text class="tick" x="[\d.]+" y="([-\d.]+)" text-anchor="end">([^<]*)<', svg
    )
    assert [label for _, label in left] == ["0"]
    assert all(0 <= float(y) <= HEIGHT for y, _ in left)


def test_the_y_unit_sits_above_the_plot_and_the_bars_below_it() -> None:
    svg = str(
        bar_chart(["a", "b"], [3.0, 6.0], label="x", format_y=lambda v: f"{v:.0f}", y_unit="mi")
    )
    assert re.search(r'<text class="tick axis-unit"[^>]*>mi</text>', svg)
    unit_y = float(re.findall(r'class="tick axis-unit" x="0" y="([\d.]+)"', svg)[0])
    tops = [float(y) for y in re.findall(r'<rect class="col[^"]*" x="[\d.]+" y="([\d.]+)"', svg)]
    assert tops and min(tops) > unit_y + 8  # the tallest bar starts below the unit's line
