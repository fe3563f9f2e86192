"""What the Today page shows besides the status answer: the check-in just logged."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.domain.backcare import PainTiming
from backstride.rules import Severity

TIMING_LABELS: tuple[tuple[str, str], ...] = (
    ("before", "Before a run"),
    ("during", "During a run"),
    ("after", "After a run"),
    ("next-morning", "Next morning"),
    ("other", "Other time"),
)


@dataclass(frozen=True)
class CheckedIn:
    """What the Today page says after a check-in: the score and how the status moved."""

    score: float
    timing: PainTiming
    was: Severity
    now: Severity
    plan_changes: int
    character: str | None
    advice: str | None

    @property
    def changed(self) -> bool:
        return self.was is not self.now
