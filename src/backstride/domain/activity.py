"""Activities, their samples, the athlete and their gear.

Everything is stored in SI: metres, seconds, metres per second, UTC datetimes
that carry their zone. Cadence is in steps per minute (both feet), whatever the
device recorded. Conversion to miles or kilometres happens only at the edges.
"""

from __future__ import annotations

import enum
import hashlib
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class Sport(enum.StrEnum):
    """What the activity was, in the runner's words."""

    RUN = "run"
    WALK = "walk"
    HIKE = "hike"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    STRENGTH = "strength"
    YOGA = "yoga"
    CARDIO = "cardio"
    OTHER = "other"


SPORTS_THAT_RUN = frozenset({Sport.RUN})
# Sports where devices count cadence one foot at a time (FIT, Strava, TCX RunCadence):
# backstride doubles it to steps per minute.
FOOT_SPORTS = frozenset({Sport.RUN, Sport.WALK, Sport.HIKE})


class SourceFormat(enum.StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    STRAVA_CSV = "strava-csv"
    GARMIN_JSON = "garmin-json"
    MANUAL = "manual"


class Units(enum.StrEnum):
    KM = "km"
    MI = "mi"


# How much a source tells us, richest last: used to keep the richer of two
# records of the same run.
SOURCE_RICHNESS: dict[SourceFormat, int] = {
    SourceFormat.MANUAL: 0,
    SourceFormat.STRAVA_CSV: 1,
    SourceFormat.GARMIN_JSON: 1,
    SourceFormat.GPX: 2,
    SourceFormat.TCX: 3,
    SourceFormat.FIT: 4,
}

# The summary values a device records; a poorer record of the same run may fill
# the ones a richer record lacks.
SUMMARY_FIELDS: tuple[str, ...] = (
    "utc_offset_s",
    "moving_s",
    "distance_m",
    "ascent_m",
    "avg_hr",
    "max_hr",
    "avg_cadence_spm",
)

SAMPLE_COLUMNS: tuple[str, ...] = (
    "time_s",
    "distance_m",
    "speed_m_s",
    "heart_rate_bpm",
    "cadence_spm",
    "altitude_m",
    "lat_deg",
    "lon_deg",
)


@dataclass(frozen=True, eq=False)
class Samples:
    """An activity's time series, one float64 array per column.

    `time_s` is seconds since the activity's start and always present. Every
    other column is either None (never recorded) or an array as long as
    `time_s` with NaN where a sample lacks that value.
    """

    time_s: FloatArray
    distance_m: FloatArray | None = None
    speed_m_s: FloatArray | None = None
    heart_rate_bpm: FloatArray | None = None
    cadence_spm: FloatArray | None = None
    altitude_m: FloatArray | None = None
    lat_deg: FloatArray | None = None
    lon_deg: FloatArray | None = None

    def __post_init__(self) -> None:
        n = len(self.time_s)
        for name in SAMPLE_COLUMNS[1:]:
            column = getattr(self, name)
            if column is not None and len(column) != n:
                raise ValueError(f"sample column {name} has {len(column)} values, time_s has {n}")

    def __len__(self) -> int:
        return len(self.time_s)

    def columns(self) -> dict[str, FloatArray]:
        """The columns that were recorded, by name."""
        out: dict[str, FloatArray] = {}
        for name in SAMPLE_COLUMNS:
            column = getattr(self, name)
            if column is not None:
                out[name] = column
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Samples):
            return NotImplemented
        mine, theirs = self.columns(), other.columns()
        return mine.keys() == theirs.keys() and all(
            np.array_equal(mine[k], theirs[k], equal_nan=True) for k in mine
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Lap:
    """One lap as the device summed it up (the lap button, or its auto-lap every km or mile).

    Values the device did not record, or could not have recorded, are None."""

    number: int  # 1, 2, ... in the order they were run
    elapsed_s: float
    start_utc: datetime | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None


# Past these a lap's value is a broken file: it is kept as unknown.
_LAP_LIMITS: dict[str, float] = {
    "elapsed_s": 30 * 24 * 3600.0,
    "moving_s": 30 * 24 * 3600.0,
    "distance_m": 10_000_000.0,
    "ascent_m": 100_000.0,
    "avg_hr": 300.0,
    "max_hr": 300.0,
    "avg_cadence_spm": 500.0,
}


def sane_lap_start(start: datetime | None) -> datetime | None:
    """A lap's start in UTC when it is one a device could have recorded (1970 to 2100)."""
    if start is None:
        return None
    try:
        utc = start.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    earliest = datetime(1970, 1, 1, tzinfo=UTC)
    return utc if earliest <= utc < datetime(2100, 1, 1, tzinfo=UTC) else None


def sane_lap_value(name: str, value: float | None) -> float | None:
    """`value` when a device could have recorded it for the lap field `name`, else None."""
    if value is None or not math.isfinite(value) or value < 0 or value > _LAP_LIMITS[name]:
        return None
    return float(value)


@dataclass(frozen=True)
class Activity:
    """One activity as recorded by a device, an export or the runner."""

    sport: Sport
    start_utc: datetime
    elapsed_s: float
    source_format: SourceFormat
    sub_sport: str | None = None
    utc_offset_s: int | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None
    name: str | None = None
    notes: str | None = None
    device: str | None = None
    source_file: str | None = None
    content_hash: str | None = None
    external_id: str | None = None
    gear: str | None = None
    rpe: float | None = None
    feel: float | None = None
    samples: Samples | None = field(default=None, compare=False, repr=False)
    id: int | None = None
    # The device's laps, when the file has them (read apart from lists, like samples).
    laps: tuple[Lap, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.start_utc.tzinfo is None:
            raise ValueError("start_utc must be timezone-aware")

    def local_start(self, zone: tzinfo) -> datetime:
        """The start as the runner's clock read it: the recorded offset, else `zone`."""
        if self.utc_offset_s is not None:
            return self.start_utc.astimezone(timezone(timedelta(seconds=self.utc_offset_s)))
        return self.start_utc.astimezone(zone)

    @property
    def is_run(self) -> bool:
        return self.sport in SPORTS_THAT_RUN

    def with_(self, **changes: object) -> Activity:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Athlete:
    name: str = "Runner"
    units: Units = Units.KM
    time_zone: str = "UTC"
    id: int | None = None


@dataclass(frozen=True)
class Gear:
    """A pair of shoes or another item the runner wears."""

    name: str
    kind: str = "shoe"
    start_distance_m: float = 0.0
    retired: bool = False
    distance_m: float = 0.0  # start distance plus every assigned activity
    activity_count: int = 0
    id: int | None = None


def part_hash(file_hash: str, number: int) -> str:
    """The key of the `number`th (from 1) of several activities in one file: 64 hex digits
    like a file's own hash (the database's column), different for every part."""
    return hashlib.sha256(f"{file_hash}#{number}".encode()).hexdigest()
