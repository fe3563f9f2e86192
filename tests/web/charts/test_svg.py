"""Chart downsampling: the bins done a size at a time give, bit for bit, what
`np.mean` and `np.median` give bin by bin."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backstride.web.charts.svg import Series, downsample

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

values = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_subnormal=False),
    st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -0.0, 2.5]),
)


def bin_by_bin(series: Series, points: int) -> Series:
    """The plain definition: one bin after another."""
    n = len(series.x)
    edges = np.linspace(0, n, points + 1).astype(np.int64)
    xs, ys = np.empty(points), np.empty(points)
    for i in range(points):
        chunk_y = series.y[edges[i] : edges[i + 1]]
        xs[i] = float(np.mean(series.x[edges[i] : edges[i + 1]]))
        finite = chunk_y[np.isfinite(chunk_y)]
        ys[i] = float(np.median(finite)) if len(finite) else math.nan
    return Series(xs, ys)


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True) and (np.signbit(a) == np.signbit(b)).all())


@given(st.integers(min_value=1, max_value=40), st.data())
def test_downsampled_bins_are_the_mean_and_the_finite_median(
    points: int, data: st.DataObject
) -> None:
    n = data.draw(st.integers(min_value=points + 1, max_value=points * 9 + 1))
    x = np.sort(data.draw(arrays(np.float64, n, elements=st.floats(0, 1e5))))
    y = data.draw(arrays(np.float64, n, elements=values))
    got, want = downsample(Series(x, y), points), bin_by_bin(Series(x, y), points)
    assert same_bits(got.x, want.x)
    assert same_bits(got.y, want.y)


def test_a_short_series_is_kept_as_it_is() -> None:
    series = Series(np.arange(5.0), np.arange(5.0))
    assert downsample(series, 5) is series
