"""What the Week page shows besides the rules' answer."""

from __future__ import annotations

from datetime import date, timedelta


def days_to_come(week_start: date, today: date) -> int:
    """Days of the week after today: the rules count them as rest days still to come."""
    return max(0, min(7, (week_start + timedelta(days=6) - today).days))
