"""Distances, durations and paces as the runner types and reads them.

Inside backstride everything is SI (metres, seconds). This module is the one place where
kilometres, miles and clock times are read and written: the rules' messages, the plan's
texts, the command line's tables and the web pages all go through it, and nothing else
knows how many metres make a mile.
"""

from __future__ import annotations

import math
import re

from backstride.domain.activity import Units

METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344
METRES_PER_FOOT = 0.3048
MAX_DISTANCE_M = 1_000_000.0  # a distance the runner types: at most 1000 km
MAX_DURATION_S = 7 * 24 * 3600.0  # a duration the runner types: at most a week
SLOWEST_PACE_S = 3600.0  # an hour per km or mile is no pace to show

_DISTANCE = re.compile(
    r"^\s*(?P<value>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>km|k|kilometres?|kilometers?|mi|miles?|m|metres?|meters?)?\s*$",
    re.IGNORECASE,
)
_DURATION = re.compile(r"^\s*(?:(?P<h>\d+):)?(?P<m>\d{1,3}):(?P<s>\d{1,2}(?:\.\d+)?)\s*$")
_DURATION_WORDS = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*(?:min|m))?"
    r"\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?\s*$",
    re.IGNORECASE,
)


def metres_per_unit(units: Units) -> float:
    """Metres in one kilometre or one mile."""
    return METRES_PER_MILE if units is Units.MI else METRES_PER_KM


# -- reading -------------------------------------------------------------------------


def parse_distance(text: str, default_units: Units = Units.KM) -> float:
    """Metres from '5km', '3.1 mi', '800m' or a bare number in `default_units`."""
    match = _DISTANCE.match(text)
    if not match:
        raise ValueError(f"cannot read distance {text!r}: write it like 5km, 3.1mi or 800m")
    value = float(match.group("value").replace(",", "."))
    unit = (match.group("unit") or default_units.value).lower()
    if unit.startswith("k"):
        metres = value * METRES_PER_KM
    elif unit.startswith("mi"):
        metres = value * METRES_PER_MILE
    else:
        metres = value
    if metres <= 0 or metres > MAX_DISTANCE_M:
        raise ValueError(f"distance {text!r} is out of range (more than 0, at most 1000 km)")
    return metres


def parse_duration(text: str) -> float:
    """Seconds from '30:00', '1:05:30', '45min', '1h 10min' or '90s'."""
    match = _DURATION.match(text)
    if match:
        hours = int(match.group("h") or 0)
        minutes = int(match.group("m"))
        seconds = float(match.group("s"))
        if seconds >= 60 or (match.group("h") and minutes >= 60):
            raise ValueError(f"cannot read duration {text!r}: minutes and seconds go up to 59")
        total = hours * 3600 + minutes * 60 + seconds
    else:
        words = _DURATION_WORDS.match(text)
        if not words or not any(words.groupdict().values()):
            raise ValueError(
                f"cannot read duration {text!r}: write it like 30:00, 1:05:30 or 45min"
            )
        total = (
            float(words.group("h") or 0) * 3600
            + float(words.group("m") or 0) * 60
            + float(words.group("s") or 0)
        )
    if total <= 0 or total > MAX_DURATION_S:
        raise ValueError(f"duration {text!r} is out of range (more than 0, at most a week)")
    return total


# -- writing -------------------------------------------------------------------------


def format_distance(
    metres: float | None, units: Units, digits: int = 1, *, compact: bool = False
) -> str:
    """'5.0 km' or '3.1 mi' ('-' for no distance); `compact` drops trailing zeros: '30 km'."""
    if metres is None or not math.isfinite(metres):
        return "-"
    value = metres / metres_per_unit(units)
    if compact:
        return f"{round(value, digits):g} {units.value}"
    return f"{value:.{digits}f} {units.value}"


def elevation_unit(units: Units) -> str:
    """Heights go in metres with kilometres and in feet with miles."""
    return "ft" if units is Units.MI else "m"


def elevation_value(metres: float, units: Units) -> float:
    """A height or a climb in the runner's elevation unit."""
    return metres / METRES_PER_FOOT if units is Units.MI else metres


def format_elevation(metres: float | None, units: Units) -> str:
    """'137 m' or '449 ft' ('-' for none)."""
    if metres is None or not math.isfinite(metres):
        return "-"
    return f"{elevation_value(metres, units):.0f} {elevation_unit(units)}"


def format_over(value_m: float, limit_m: float, units: Units) -> tuple[str, str]:
    """A value and the limit it passed, with enough decimals to tell them apart."""
    for digits in (1, 2, 3):
        shown = format_distance(value_m, units, digits), format_distance(limit_m, units, digits)
        if shown[0] != shown[1]:
            return shown
    return shown


def format_duration(seconds: float | None) -> str:
    """'30:00' or '1:05:30' ('-' for no duration)."""
    if seconds is None or not math.isfinite(seconds):
        return "-"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def pace_s(metres: float | None, seconds: float | None, units: Units) -> float | None:
    """Seconds per kilometre or mile over a distance; None without a distance or a time."""
    if not metres or not seconds or metres <= 0 or seconds <= 0:
        return None
    return seconds / (metres / metres_per_unit(units))


def format_pace(seconds_per_unit: float | None, units: Units) -> str:
    """A pace as the runner reads it, '6:05/km' or '9:47/mi'; '-' when there is none."""
    if (
        seconds_per_unit is None
        or not math.isfinite(seconds_per_unit)
        or not 0 < seconds_per_unit <= SLOWEST_PACE_S
    ):
        return "-"
    total = round(seconds_per_unit)
    return f"{total // 60}:{total % 60:02d}/{units.value}"
