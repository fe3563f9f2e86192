"""The training log's short cuts give what the plain definitions give: a week's
easy-pace reference is `reference_of` its reference runs, and of several records for
one run the confirmed one with the greatest repr wins, whatever their order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_rules_builders import MONDAY, history, run

from backstride.domain.backcare import RoutineRecord
from backstride.training.classify import (
    ClassifyOptions,
    ReferenceRuns,
    reference_of,
    reference_runs,
)
from backstride.training.routines import RoutineDetected
from backstride.training.weekly import training_days

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

FIRST = date(2024, 1, 1)


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


records = st.builds(
    RoutineRecord,
    activity_id=st.just(1),
    warm_up_min=st.sampled_from([None, 0.0, 5.0, 10.0]),
    warm_up_kind=st.sampled_from([None, "walk", "jog"]),
    cool_down_min=st.sampled_from([None, 0.0, 3.0]),
    cool_down_kind=st.sampled_from([None, "walk"]),
    confirmed=st.booleans(),
)


@given(st.lists(records, min_size=1, max_size=6), st.randoms())
def test_of_several_records_for_a_run_the_confirmed_greatest_wins_in_any_order(
    given_records: list[RoutineRecord], rng: object
) -> None:
    activity = run(MONDAY, 6, id=1)
    winner = max(given_records, key=lambda r: (r.confirmed, repr(r)))
    shuffled = list(given_records)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    fact = training_days(history(activity, routines=tuple(shuffled))).runs[0]
    expected_warm = (
        RoutineDetected(winner.warm_up_min, winner.warm_up_kind)
        if winner.warm_up_min is not None
        else None
    )
    expected_cool = (
        RoutineDetected(winner.cool_down_min, winner.cool_down_kind)
        if winner.cool_down_min is not None
        else None
    )
    assert (fact.warm_up, fact.cool_down) == (expected_warm, expected_cool)


def test_each_run_keeps_the_minutes_its_record_holds() -> None:
    minutes = [5.0, 5.0, 5, -0.0, 0.0, 0, 7.5, 7.5]
    runs = [run(MONDAY + timedelta(days=i), 5, id=100 + i) for i in range(len(minutes))]
    records = tuple(
        RoutineRecord(100 + i, m, "walk", m, None, confirmed=True) for i, m in enumerate(minutes)
    )
    log = training_days(history(*runs, routines=records))
    assert [repr(f.warm_up) for f in log.runs] == [
        repr(RoutineDetected(m, "walk")) for m in minutes
    ]
    assert [repr(f.cool_down) for f in log.runs] == [
        repr(RoutineDetected(m, None)) for m in minutes
    ]
