"""Load figures: the ACWR from a day on is the same points as the whole series from then on,
and the easy-pace reference of a week is `reference_of` its reference runs."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from test_rules_builders import MONDAY, run

from backstride.training.classify import (
    ClassifyOptions,
    ReferenceRuns,
    reference_of,
    reference_runs,
)
from backstride.training.load import acwr_series

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


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=150),
            st.sampled_from([0.4, 1.0, 5.0, 8.0, 12.5, 21.1]),
            st.sampled_from([250.0, 300.0, 360.0, 420.0]),
        ),
        max_size=40,
    ),
    st.lists(st.integers(min_value=-2, max_value=25), min_size=1, max_size=12),
)
def test_a_weeks_reference_is_the_reference_of_its_runs(
    drawn: list[tuple[int, float, float]], weeks: list[int]
) -> None:
    runs = [run(FIRST + timedelta(days=d), km, pace_s_per_km=pace) for d, km, pace in drawn]
    dated = [(FIRST + timedelta(days=d), r) for (d, _, _), r in zip(drawn, runs, strict=True)]
    options = ClassifyOptions()
    index = ReferenceRuns(dated, options)
    for week in weeks:
        start = MONDAY + timedelta(weeks=week)
        assert index.reference_for_week(start) == reference_of(
            reference_runs(dated, start, options)
        )
