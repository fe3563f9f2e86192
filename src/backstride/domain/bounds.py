"""The ranges an activity's values must lie in before the store accepts it.

A file (or a bug) may carry anything: a start in year 9999, a local offset of
eight thousand years, an infinite distance, an escape sequence in a name. The
import boundary checks every activity here and refuses it with one line naming
the field; the store checks again before writing, and the schema's CHECK
constraints (migration 0006) stop what both would miss.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from backstride.domain.activity import Activity

EARLIEST_START = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_START = datetime(2100, 1, 1, tzinfo=UTC)
# Real zones run from UTC-12 to UTC+14.
MAX_OFFSET_S = 14 * 3600
# Past these a value is a broken file, not a training record.
MAX_DURATION_S = 30 * 24 * 3600.0
MAX_DISTANCE_M = 10_000_000.0  # 10,000 km
MAX_ASCENT_M = 100_000.0
MAX_HEART_RATE = 300.0
MAX_CADENCE_SPM = 500.0
MAX_RPE = 10.0
MAX_FEEL = 100.0  # as FIT devices record it

# Text an import may store, by field: longer is cut (an export's name is not refused for it).
TEXT_LIMITS = {
    "name": 200,
    "notes": 10_000,
    "device": 200,
    "gear": 100,
    "sub_sport": 64,
    "external_id": 200,
    "source_file": 1_000,
}
# Control characters: C0 (but tab and newline), DEL and C1. ESC sequences lose their ESC.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029\x85]+")


def clean_text(text: str, *, keep_lines: bool = False) -> str:
    """`text` without control characters; with `keep_lines` newlines and tabs stay,
    otherwise every line break becomes one space."""
    if not keep_lines:
        text = _LINE_BREAKS.sub(" ", text)
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """A message safe to print as one line: control characters and line breaks gone."""
    return clean_text(text).strip()


def cleaned(activity: Activity) -> Activity:
    """The activity with its texts free of control characters and cut to their limits."""
    changes: dict[str, object] = {}
    for name, limit in TEXT_LIMITS.items():
        value = getattr(activity, name)
        if value is None:
            continue
        text = clean_text(str(value), keep_lines=name == "notes").strip()
        if len(text) > limit:
            text = text[: limit - 1].rstrip() + "…"
        if text != value:
            changes[name] = text or None
    return activity.with_(**changes) if changes else activity


def _number_problem(name: str, value: float | None, low: float, high: float) -> str | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or not math.isfinite(value):
        return f"{name} is not a number ({value!r})"
    if not low <= value <= high:
        return f"{name} {value:g} is outside {low:g} to {high:g}"
    return None


def problem(activity: Activity) -> str | None:
    """What makes this activity impossible to store, in one line; None when it is fine."""
    start = activity.start_utc
    if not EARLIEST_START <= start < LATEST_START:
        return f"its start {start.isoformat()} is outside 1970 to 2099"
    offset = activity.utc_offset_s
    if offset is not None and not -MAX_OFFSET_S <= offset <= MAX_OFFSET_S:
        return f"its local time offset ({offset} s) is beyond the ±14 hours of any time zone"
    checks = (
        ("elapsed time (s)", activity.elapsed_s, 0.0, MAX_DURATION_S),
        ("moving time (s)", activity.moving_s, 0.0, MAX_DURATION_S),
        ("distance (m)", activity.distance_m, 0.0, MAX_DISTANCE_M),
        ("ascent (m)", activity.ascent_m, 0.0, MAX_ASCENT_M),
        ("average heart rate", activity.avg_hr, 0.0, MAX_HEART_RATE),
        ("maximum heart rate", activity.max_hr, 0.0, MAX_HEART_RATE),
        ("average cadence", activity.avg_cadence_spm, 0.0, MAX_CADENCE_SPM),
        ("effort (rpe)", activity.rpe, 0.0, MAX_RPE),
        ("feel", activity.feel, 0.0, MAX_FEEL),
    )
    for name, value, low, high in checks:
        found = _number_problem(name, value, low, high)
        if found is not None:
            return found
    return None


# A stored row outside these cannot be turned into local dates and weeks without
# overflowing; inside them an odd row (a run in 2150, stored before the checks) is still
# listed, so the runner sees it and can delete it.
READABLE_FROM = datetime(1900, 1, 1, tzinfo=UTC)
READABLE_UNTIL = datetime(9000, 1, 1, tzinfo=UTC)


def readable(start_utc: datetime, utc_offset_s: int | None) -> bool:
    """Whether a stored row can be read back into dates (a row stored before the checks)."""
    if not READABLE_FROM <= start_utc < READABLE_UNTIL:
        return False
    return utc_offset_s is None or abs(utc_offset_s) <= 18 * 3600
