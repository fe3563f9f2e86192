"""Which records are the same run, and which of them to keep. Pure functions."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields

from backstride.domain import Activity
from backstride.domain.activity import SOURCE_RICHNESS, SUMMARY_FIELDS

SAME_START_WINDOW_S = 60.0
SAME_DISTANCE_TOLERANCE = 0.03

# Fields a poorer record may lend the one that is kept.
_LENDABLE = (
    "name",
    "notes",
    "external_id",
    "gear",
    "rpe",
    "feel",
    "sub_sport",
    "device",
    *SUMMARY_FIELDS,
)


def same_run(a: Activity, b: Activity) -> bool:
    """Two records of one run: starts within 60 s and distances within 3%."""
    if abs((a.start_utc - b.start_utc).total_seconds()) > SAME_START_WINDOW_S:
        return False
    da, db = a.distance_m or 0.0, b.distance_m or 0.0
    if da > 0 and db > 0:
        return abs(da - db) <= SAME_DISTANCE_TOLERANCE * max(da, db)
    if da == 0 and db == 0:
        # No distance on either (strength, yoga, pool without laps): compare time.
        ea, eb = a.elapsed_s, b.elapsed_s
        return abs(ea - eb) <= SAME_DISTANCE_TOLERANCE * max(ea, eb, 1.0)
    return False


def richness(activity: Activity) -> tuple[int, int, int]:
    """How much a record tells: its format, then its sample columns and count."""
    samples = activity.samples
    columns = len(samples.columns()) if samples is not None else 0
    count = len(samples) if samples is not None else 0
    return (SOURCE_RICHNESS[activity.source_format], columns, count)


def merge(kept: Activity, other: Activity) -> Activity:
    """`kept` with the gaps in its metadata filled from `other`."""
    changes: dict[str, object] = {}
    for name in _LENDABLE:
        if getattr(kept, name) in (None, "") and getattr(other, name) not in (None, ""):
            changes[name] = getattr(other, name)
    return kept.with_(**changes) if changes else kept


class Outcome(enum.StrEnum):
    NEW = "new"  # store it as a new activity
    DUPLICATE = "duplicate"  # nothing to add
    REPLACE = "replace"  # the new record is richer: it takes the existing row
    ENRICH = "enrich"  # the existing row stays but gains metadata from the new one


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    activity: Activity  # what to store (for REPLACE and ENRICH: the merged record)
    existing_id: int | None = None


def decide(new: Activity, candidates: Sequence[Activity]) -> Decision:
    """What to do with `new`, given stored activities that start near it.

    Candidates must carry their ids; for ENRICH the existing record is merged
    as given, so pass it with its samples if they are to be kept.
    """
    for existing in candidates:
        if not same_run(new, existing):
            continue
        if richness(new) > richness(existing):
            return Decision(Outcome.REPLACE, merge(new, existing), existing.id)
        merged = merge(existing, new)
        if _differs(merged, existing):
            return Decision(Outcome.ENRICH, merged, existing.id)
        return Decision(Outcome.DUPLICATE, existing, existing.id)
    return Decision(Outcome.NEW, new)


# Read from the store apart from the activity, so never compared.
_READ_APART = frozenset({"samples", "laps"})


def _differs(a: Activity, b: Activity) -> bool:
    return any(
        getattr(a, f.name) != getattr(b, f.name) for f in fields(a) if f.name not in _READ_APART
    )
