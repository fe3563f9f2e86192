"""The ranges the diary's numbers must fall in, checked the same way for every shell."""

from __future__ import annotations

import math
from datetime import date

from backstride.services.errors import Invalid


def in_range(value: float, low: float, high: float, name: str, field: str) -> float:
    """`value` when it is a number from `low` to `high`; else `Invalid` on `field`."""
    if not math.isfinite(value) or not low <= value <= high:
        raise Invalid(f"{name} {value:g} is out of range: {low:g} to {high:g}", field)
    return value


def not_future(day: date, today: date, field: str = "date") -> date:
    """`day` unless it is after today: nothing is logged before it happened."""
    if day > today:
        raise Invalid(f"{day} is in the future (today is {today})", field)
    return day
