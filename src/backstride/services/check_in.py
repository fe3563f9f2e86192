"""The daily check-in: sleep, morning stiffness, food; logging a day again updates it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from backstride.domain.backcare import CheckIn
from backstride.services.errors import Invalid, NotFound
from backstride.services.ranges import in_range, not_future
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace


@dataclass(frozen=True)
class CheckInEntry:
    day: date | None = None  # default today
    sleep_hours: float | None = None
    sleep_quality: float | None = None  # 1 (badly) to 5 (very well), whole
    stiffness: float | None = None  # 0 (none) to 10
    ate_enough: bool | None = None


@dataclass(frozen=True)
class CheckedIn:
    saved: CheckIn  # the day's check-in with what was logged before
    replanned: Replanned


def check_in(ws: Workspace, entry: CheckInEntry) -> CheckedIn:
    """Save the day's check-in (merged with what was logged that day before), then re-plan."""
    values = (entry.sleep_hours, entry.sleep_quality, entry.stiffness, entry.ate_enough)
    if all(v is None for v in values):
        raise Invalid("give at least one of sleep hours, sleep quality, stiffness, ate enough")
    hours = entry.sleep_hours
    if hours is not None:
        in_range(hours, 0, 24, "sleep hours", "sleep_hours")
    quality = None
    if entry.sleep_quality is not None:
        in_range(entry.sleep_quality, 1, 5, "sleep quality", "sleep_quality")
        if not entry.sleep_quality.is_integer():
            raise Invalid(
                f"sleep quality {entry.sleep_quality:g} must be a whole number from 1 to 5",
                "sleep_quality",
            )
        quality = int(entry.sleep_quality)
    if entry.stiffness is not None:
        in_range(entry.stiffness, 0, 10, "stiffness", "stiffness")
    day = not_future(entry.day or ws.today(), ws.today())
    saved = ws.store.save_check_in(CheckIn(day, hours, quality, entry.stiffness, entry.ate_enough))
    return CheckedIn(saved, replan(ws))


def check_in_words(check: CheckIn) -> str:
    """What a check-in says, in the runner's words: 'slept 6.5 h, stiffness 3/10'."""
    parts = []
    if check.sleep_hours is not None:
        parts.append(f"slept {check.sleep_hours:g} h")
    if check.sleep_quality is not None:
        parts.append(f"sleep quality {check.sleep_quality}/5")
    if check.stiffness is not None:
        parts.append(f"stiffness {check.stiffness:g}/10")
    if check.ate_enough is not None:
        parts.append("ate enough" if check.ate_enough else "did not eat enough")
    return ", ".join(parts) or "nothing noted"


def edit_check_in(ws: Workspace, day: date, entry: CheckInEntry) -> CheckedIn:
    """Correct the check-in of `day`: the fields given replace the logged ones, checked as
    when it was logged, then re-plan. NotFound when nothing was logged that day."""
    if not any(c.on == day for c in ws.history().check_ins):
        raise NotFound(f"there is no check-in on {day}", "date")
    return check_in(ws, dataclasses.replace(entry, day=day))
