"""The one units module: what a runner types is read back as they typed it, and what
backstride writes reads back as the distance it wrote, in kilometres and in miles."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstride.domain.activity import Units
from backstride.units import (
    MAX_DISTANCE_M,
    METRES_PER_KM,
    METRES_PER_MILE,
    format_distance,
    format_duration,
    format_over,
    format_pace,
    metres_per_unit,
    pace_s,
    parse_distance,
    parse_duration,
)

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

units = st.sampled_from(list(Units))
digits = st.integers(min_value=0, max_value=3)


@given(units, digits, st.floats(min_value=2000.0, max_value=MAX_DISTANCE_M * 0.99))
def test_a_written_distance_reads_back_within_its_last_digit(
    unit: Units, shown: int, metres: float
) -> None:
    text = format_distance(metres, unit, shown)
    assert text.endswith(f" {unit.value}")
    step = metres_per_unit(unit) * 10.0**-shown
    assert abs(parse_distance(text, unit) - metres) <= step / 2 + 1e-6


@given(units, st.integers(min_value=1, max_value=60000), st.integers(min_value=0, max_value=2))
def test_a_typed_distance_is_written_back_as_typed(
    unit: Units, hundredths: int, shown: int
) -> None:
    typed = f"{hundredths / 100:.{shown}f}"
    if float(typed) == 0:
        return
    for text, default in ((f"{typed}{unit.value}", Units.KM), (f"{typed} {unit.value}", Units.MI)):
        metres = parse_distance(text, default)
        assert format_distance(metres, unit, shown) == f"{typed} {unit.value}"
    # a bare number is in the runner's own units, and a comma is a decimal point too
    bare = parse_distance(typed.replace(".", ","), unit)
    assert format_distance(bare, unit, shown) == f"{typed} {unit.value}"


@given(st.floats(min_value=1.0, max_value=MAX_DISTANCE_M))
def test_kilometres_and_miles_name_the_same_distance(metres: float) -> None:
    km = parse_distance(format_distance(metres, Units.KM, 3).replace(" ", ""))
    mi = parse_distance(format_distance(metres, Units.MI, 3).replace(" ", ""))
    assert km == pytest.approx(mi, abs=METRES_PER_MILE / 1000)


@given(st.integers(min_value=1, max_value=7 * 24 * 3600))
def test_a_written_duration_reads_back_exactly(seconds: int) -> None:
    text = format_duration(seconds)
    assert re.fullmatch(r"(\d+:\d{2}:\d{2}|\d{1,2}:\d{2})", text)
    assert parse_duration(text) == seconds


@given(
    units,
    st.floats(min_value=400.0, max_value=100_000.0),
    st.floats(min_value=60.0, max_value=36_000.0),
)
def test_a_pace_reads_back_as_the_time_per_unit(unit: Units, metres: float, seconds: float) -> None:
    per_unit = pace_s(metres, seconds, unit)
    assert per_unit is not None
    text = format_pace(per_unit, unit)
    if per_unit > 3600:
        assert text == "-"
        return
    clock, _, shown_unit = text.partition("/")
    assert shown_unit == unit.value
    assert abs(parse_duration(clock) - per_unit) <= 0.5 + 1e-9
    other = Units.MI if unit is Units.KM else Units.KM
    ratio = metres_per_unit(other) / metres_per_unit(unit)
    assert pace_s(metres, seconds, other) == pytest.approx(per_unit * ratio)


def test_examples_in_both_units() -> None:
    assert METRES_PER_KM == 1000 and METRES_PER_MILE == 1609.344
    assert format_distance(3218.688, Units.MI) == "2.0 mi"
    assert format_distance(3218.688, Units.KM) == "3.2 km"
    assert format_distance(30000.0, Units.KM, compact=True) == "30 km"
    assert format_distance(10000.0, Units.MI, compact=True) == "6.2 mi"
    assert format_distance(None, Units.KM) == "-"
    assert format_distance(math.nan, Units.MI) == "-"
    assert parse_distance("800m") == 800 and parse_distance("5 k") == 5000
    assert parse_distance("3.1 miles") == pytest.approx(3.1 * METRES_PER_MILE)
    assert format_pace(pace_s(1000, 360, Units.KM), Units.KM) == "6:00/km"
    assert format_pace(0, Units.KM) == "-" and format_pace(None, Units.MI) == "-"
    assert format_duration(3930) == "1:05:30" and parse_duration("1h 10min") == 4200
    assert format_over(3219, 3218.688, Units.KM) == ("3.219 km", "3.219 km")
    assert format_over(3300, 3218.688, Units.KM) == ("3.3 km", "3.2 km")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("5 furlongs", "cannot read distance"),
        ("0km", "out of range"),
        ("1001km", "out of range"),
        ("", "cannot read distance"),
    ],
)
def test_distances_that_cannot_be_read_say_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_distance(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [("30:75", "up to 59"), ("1:60:00", "up to 59"), ("soon", "cannot read"), ("0:00", "range")],
)
def test_durations_that_cannot_be_read_say_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_duration(text)


def test_heights_are_metres_with_km_and_feet_with_miles() -> None:
    from backstride.units import format_elevation

    assert format_elevation(137.0, Units.KM) == "137 m"
    assert format_elevation(137.0, Units.MI) == "449 ft"
    assert format_elevation(None, Units.MI) == "-"
