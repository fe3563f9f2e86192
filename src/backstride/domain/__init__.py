"""Domain objects: plain, typed, immutable values the core computes with."""

from backstride.domain.activity import (
    SPORTS_THAT_RUN,
    Activity,
    Athlete,
    Gear,
    Samples,
    SourceFormat,
    Sport,
    Units,
)

__all__ = [
    "SPORTS_THAT_RUN",
    "Activity",
    "Athlete",
    "Gear",
    "Samples",
    "SourceFormat",
    "Sport",
    "Units",
]
