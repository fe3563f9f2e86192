"""Distances and durations as the runner types and reads them.

Inside backstride everything is SI; these functions are the only place where
kilometres, miles and clock times appear.
"""

from __future__ import annotations

import math
import re

from backstride.domain import Units

METRES_PER_KM = 1000.0
METRES_PER_MILE = 1609.344

_DISTANCE = re.compile(
    r"^\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>km|k|kilometres?|kilometers?|mi|miles?|m|metres?|meters?)?\s*$",
    re.IGNORECASE,
)
_DURATION = re.compile(r"^\s*(?:(?P<h>\d+):)?(?P<m>\d{1,3}):(?P<s>\d{1,2}(?:\.\d+)?)\s*$")
_DURATION_WORDS = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?\s*(?:(?P<m>\d+(?:\.\d+)?)\s*(?:min|m))?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s)?\s*$",
    re.IGNORECASE,
)


def metres_per_unit(units: Units) -> float:
    return METRES_PER_MILE if units is Units.MI else METRES_PER_KM


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
    if metres <= 0 or metres > 1_000_000:
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
    if total <= 0 or total > 7 * 24 * 3600:
        raise ValueError(f"duration {text!r} is out of range (more than 0, at most a week)")
    return total


def format_distance(metres: float | None, units: Units, digits: int = 2) -> str:
    if metres is None or not math.isfinite(metres):
        return "-"
    return f"{metres / metres_per_unit(units):.{digits}f} {units.value}"


def format_duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "-"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_pace(metres: float | None, seconds: float | None, units: Units) -> str:
    """Minutes per km or mile, as the runner reads a pace."""
    if not metres or not seconds or metres <= 0:
        return "-"
    per_unit = seconds / (metres / metres_per_unit(units))
    if per_unit > 3600:
        return "-"
    return f"{format_duration(per_unit)}/{units.value}"
