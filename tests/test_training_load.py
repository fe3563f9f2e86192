"""Load figures: the ACWR from a day on is the whole series from that day on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.training.load import acwr_series

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

FIRST = date(2024, 1, 1)
days = st.integers(min_value=0, max_value=200)
loads = st.dictionaries(
    days.map(lambda n: FIRST + timedelta(days=n)),
    st.floats(min_value=0, max_value=2000, allow_nan=False),
    max_size=60,
)


@given(loads, days, st.integers(min_value=-30, max_value=260))
def test_acwr_since_a_day_is_the_whole_series_from_that_day(
    by_day: dict[date, float], last: int, since: int
) -> None:
    end, start = FIRST + timedelta(days=last), FIRST + timedelta(days=since)
    whole = acwr_series(by_day, end)
    assert acwr_series(by_day, end, start) == [p for p in whole if p.day >= start]
    assert acwr_series(by_day, end, None) == whole
