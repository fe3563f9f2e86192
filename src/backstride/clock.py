"""The one clock: every command and every web request asks here for "now" and "today".

Nothing else in backstride reads the system clock. Two environment variables set it, for
tests and for a runner who wants to see a past or a future day:

- `BACKSTRIDE_NOW=2026-12-05T23:30` fixes the moment. A time without an offset is a wall-clock
  time in the runner's time zone; `2026-12-05T23:30+01:00` or `...Z` is one instant anywhere.
- `BACKSTRIDE_TODAY=2026-12-05` fixes the date and keeps the real time of day.

When both are set, `BACKSTRIDE_NOW` wins. A value that is not a date or a time is refused
with one line (`ClockError`) rather than silently ignored.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENV_NOW = "BACKSTRIDE_NOW"
ENV_TODAY = "BACKSTRIDE_TODAY"

# The range a pinned clock may name: the same window every date the runner gives is held to.
EARLIEST = date(1970, 1, 2)
LATEST = date(2099, 12, 30)


class ClockError(ValueError):
    """BACKSTRIDE_NOW or BACKSTRIDE_TODAY holds something that is not a moment."""


def _zone(zone: tzinfo | str | None) -> tzinfo:
    if zone is None:
        return UTC
    if isinstance(zone, str):
        try:
            return ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            return UTC
    return zone


def _in_range(day: date, variable: str, text: str) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ClockError(
            f"{variable}={text!r} is outside {EARLIEST} to {LATEST}; unset it to use the real clock"
        )


def _pinned_now(zone: tzinfo) -> datetime | None:
    text = os.environ.get(ENV_NOW, "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ClockError(
            f"{ENV_NOW}={text!r} is not a moment; write it as YYYY-MM-DDTHH:MM "
            "(the runner's local time) or with an offset, like 2026-12-05T23:30+01:00"
        ) from None
    _in_range(moment.date(), ENV_NOW, text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment


def _pinned_day() -> date | None:
    text = os.environ.get(ENV_TODAY, "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ClockError(f"{ENV_TODAY}={text!r} is not a date; write it as YYYY-MM-DD") from None
    _in_range(day, ENV_TODAY, text)
    return day


def now(zone: tzinfo | str | None = None) -> datetime:
    """The current moment, aware, on the clock of `zone` (UTC when None).

    Pass the runner's zone whenever the answer depends on the runner's day: a pinned
    `BACKSTRIDE_NOW` without an offset is read in that zone.
    """
    where = _zone(zone)
    pinned = _pinned_now(where)
    if pinned is not None:
        return pinned.astimezone(where)
    real = datetime.now(where)
    day = _pinned_day()
    if day is None:
        return real
    return datetime.combine(day, real.timetz()).replace(tzinfo=where)


def now_utc(zone: tzinfo | str | None = None) -> datetime:
    """The current moment in UTC (what the store keeps); `zone` as for `now`."""
    return now(zone).astimezone(UTC)


def today(zone: tzinfo | str | None = None) -> date:
    """Today's date in `zone`, the runner's time zone (UTC when None)."""
    return now(zone).date()


def check() -> None:
    """Raise ClockError now when the environment names no usable moment (not a reading)."""
    _pinned_now(UTC)
    _pinned_day()
