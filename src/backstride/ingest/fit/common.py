"""Turn decoded FIT messages into activities.

Both FIT decoders (the fast one in `decoder` and Garmin's SDK in `sdk`) hand
their messages over in the SDK's shape: field names from the FIT profile,
values scaled to SI, enums as their profile names. This module alone decides
what an activity is made of, so the two cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from backstride.domain import Activity, Samples, SourceFormat, Sport
from backstride.domain.activity import (
    FOOT_SPORTS,
    Lap,
    part_hash,
    sane_lap_start,
    sane_lap_value,
)
from backstride.ingest.errors import IngestError, NotAnActivity
from backstride.ingest.fit.records import FIT_EPOCH, FloatArray, RecordColumns

Message = Mapping[str, Any]

# Timestamps below this are seconds since the device powered on, not since 1989.
RELATIVE_TIME_LIMIT = 0x10000000

SEMICIRCLES_TO_DEG = 180.0 / 2**31

_SPORTS: dict[str, Sport] = {
    "running": Sport.RUN,
    "walking": Sport.WALK,
    "hiking": Sport.HIKE,
    "cycling": Sport.CYCLING,
    "e_biking": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "training": Sport.STRENGTH,
    "fitness_equipment": Sport.CARDIO,
    "rowing": Sport.CARDIO,
    "cross_country_skiing": Sport.CARDIO,
}
_SUB_SPORTS: dict[str, str] = {
    "treadmill": "treadmill",
    "trail": "trail",
    "track": "track",
    "street": "road",
    "road": "road",
    "indoor_running": "indoor",
    "virtual_activity": "virtual",
    "indoor_cycling": "indoor",
    "spin": "indoor",
    "mountain": "mountain",
    "lap_swimming": "pool",
    "open_water": "open-water",
    "strength_training": "strength",
    "cardio_training": "cardio",
    "yoga": "yoga",
    "pilates": "pilates",
    "elliptical": "elliptical",
    "indoor_rowing": "rowing",
}


def sport_of(sport: object, sub_sport: object) -> tuple[Sport, str | None]:
    """The backstride sport for a FIT (sport, sub_sport) pair."""
    sport_name = str(sport) if sport is not None else "generic"
    sub_name = str(sub_sport) if sub_sport is not None else None
    if sub_name in ("yoga", "pilates"):
        return Sport.YOGA, sub_name
    if sub_name in ("strength_training",):
        return Sport.STRENGTH, "strength"
    return _SPORTS.get(sport_name, Sport.OTHER), _SUB_SPORTS.get(sub_name or "")


def as_datetime(value: object) -> datetime | None:
    """A FIT date_time value (datetime or raw seconds since 1989-12-31) as UTC."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return FIT_EPOCH + timedelta(seconds=float(value))
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return float(value)


def _first_number(message: Message, *names: str) -> float | None:
    for name in names:
        value = _number(message.get(name))
        if value is not None:
            return value
    return None


def _device_name(file_id: Message | None) -> str | None:
    if not file_id:
        return None
    maker = file_id.get("manufacturer")
    product = file_id.get("garmin_product") or file_id.get("product_name") or file_id.get("product")
    parts = [str(p) for p in (maker, product) if p not in (None, "")]
    return " ".join(parts) or None


def _scaled(columns: RecordColumns, name: str, scale: float = 1.0) -> FloatArray | None:
    values = columns.values.get(name)
    if values is None or not np.isfinite(values).any():
        return None
    return values * scale if scale != 1.0 else values.copy()


def _samples(columns: RecordColumns, start: datetime, per_foot: bool) -> Samples | None:
    timed = columns.select(~np.isnan(columns.time))
    if not len(timed):
        return None
    time_s = timed.time - (start - FIT_EPOCH).total_seconds()
    cadence = _scaled(timed, "cadence")
    if cadence is not None:
        fractional = _scaled(timed, "fractional_cadence")
        if fractional is not None:
            cadence = cadence + np.nan_to_num(fractional)
        if per_foot:
            cadence = cadence * 2.0  # FIT cadence for foot sports counts one foot
    lat = _scaled(timed, "position_lat", SEMICIRCLES_TO_DEG)
    lon = _scaled(timed, "position_long", SEMICIRCLES_TO_DEG)
    return Samples(
        time_s=time_s,
        distance_m=_scaled(timed, "distance"),
        speed_m_s=_scaled(timed, "speed"),
        heart_rate_bpm=_scaled(timed, "heart_rate"),
        cadence_spm=cadence,
        altitude_m=_scaled(timed, "altitude"),
        lat_deg=lat if lon is not None else None,
        lon_deg=lon if lat is not None else None,
    )


def _nanmean(values: np.ndarray | None) -> float | None:
    if values is None or not np.isfinite(values).any():
        return None
    return float(np.nanmean(values))


def _nanmax(values: np.ndarray | None) -> float | None:
    if values is None or not np.isfinite(values).any():
        return None
    return float(np.nanmax(values))


def build_activities(
    *,
    sessions: Sequence[Message],
    records: Sequence[Message] | RecordColumns,
    laps: Sequence[Message],
    file_id: Message | None,
    activity: Message | None,
    source_file: str,
    content_hash: str,
) -> list[Activity]:
    """One activity per FIT session, with the records that fall inside it."""
    if not isinstance(records, RecordColumns):
        records = RecordColumns.from_messages(records)
    file_type = file_id.get("type") if file_id else None
    if file_type not in (None, "activity", 4) and not sessions:
        raise NotAnActivity(f"a FIT {file_type} file, not an activity")
    if not sessions and activity is None and len(records):
        # Devices write the summaries when a recording ends; records alone mean
        # the file was cut off while recording.
        raise IngestError(
            "truncated FIT activity: records but no session or activity summary "
            "(the recording was cut short)"
        )
    if not sessions:
        sessions = _session_from_laps_or_records(laps, records)
    if not sessions:
        raise NotAnActivity("a FIT file with no session, lap or record to import")

    utc_offset_s = _utc_offset(activity)
    device = _device_name(file_id)
    out: list[Activity] = []
    for index, session in enumerate(sessions):
        start = as_datetime(session.get("start_time")) or as_datetime(session.get("timestamp"))
        if start is None:
            continue
        sport, sub_sport = sport_of(session.get("sport"), session.get("sub_sport"))
        elapsed = _first_number(session, "total_elapsed_time")
        timer = _first_number(session, "total_timer_time")
        end = start + timedelta(seconds=elapsed if elapsed is not None else 0.0)
        if len(sessions) == 1:
            mine = records
        else:
            since = (start - FIT_EPOCH).total_seconds()
            until = (end - FIT_EPOCH).total_seconds()
            mine = records.select((records.time >= since) & (records.time <= until))
        samples = _samples(mine, start, sport in FOOT_SPORTS)
        if elapsed is None:
            elapsed = float(samples.time_s[-1]) if samples is not None and len(samples) else 0.0
        cadence = _first_number(session, "avg_running_cadence", "avg_cadence")
        if cadence is not None:
            cadence += _first_number(session, "avg_fractional_cadence") or 0.0
            if sport in FOOT_SPORTS:
                cadence *= 2.0
        elif samples is not None and samples.cadence_spm is not None:
            moving = samples.cadence_spm[samples.cadence_spm > 0]
            cadence = _nanmean(moving) if len(moving) else None
        avg_hr = _first_number(session, "avg_heart_rate")
        max_hr = _first_number(session, "max_heart_rate")
        if samples is not None and samples.heart_rate_bpm is not None:
            avg_hr = avg_hr if avg_hr is not None else _nanmean(samples.heart_rate_bpm)
            max_hr = max_hr if max_hr is not None else _nanmax(samples.heart_rate_bpm)
        distance = _first_number(session, "total_distance")
        if distance is None and samples is not None and samples.distance_m is not None:
            distance = _nanmax(samples.distance_m)
        mine_laps = laps if len(sessions) == 1 else _laps_between(laps, start, end)
        rpe = _first_number(session, "workout_rpe")
        feel = _first_number(session, "workout_feel")
        out.append(
            Activity(
                sport=sport,
                sub_sport=sub_sport,
                start_utc=start,
                utc_offset_s=utc_offset_s,
                elapsed_s=elapsed,
                moving_s=timer,
                distance_m=distance,
                ascent_m=_first_number(session, "total_ascent"),
                avg_hr=avg_hr,
                max_hr=max_hr,
                avg_cadence_spm=cadence,
                device=device,
                source_format=SourceFormat.FIT,
                source_file=source_file,
                content_hash=(
                    part_hash(content_hash, index + 1) if len(sessions) > 1 else content_hash
                ),
                rpe=rpe / 10.0 if rpe is not None else None,
                feel=feel,
                samples=samples,
                laps=fit_laps(mine_laps, sport in FOOT_SPORTS),
            )
        )
    out = [a for a in out if a.elapsed_s > 0 or (a.distance_m or 0) > 0]
    if not out:
        raise NotAnActivity("a FIT activity with no recorded time or distance")
    return out


def _laps_between(laps: Sequence[Message], start: datetime, end: datetime) -> list[Message]:
    """The laps that began within one session of a multi-sport file."""
    out = []
    for lap in laps:
        began = as_datetime(lap.get("start_time")) or as_datetime(lap.get("timestamp"))
        if began is not None and start <= began <= end:
            out.append(lap)
    return out


def fit_laps(laps: Sequence[Message], per_foot: bool) -> tuple[Lap, ...]:
    """The device's laps, numbered in order; a lap with neither time nor distance (a
    button pressed twice) is left out, and a value no device could record is unknown."""
    out: list[Lap] = []
    for lap in laps:
        elapsed = sane_lap_value("elapsed_s", _first_number(lap, "total_elapsed_time"))
        timer = sane_lap_value("moving_s", _first_number(lap, "total_timer_time"))
        distance = sane_lap_value("distance_m", _first_number(lap, "total_distance"))
        if not (elapsed or timer) and not distance:
            continue
        cadence = _first_number(lap, "avg_running_cadence", "avg_cadence")
        if cadence is not None:
            cadence += _first_number(lap, "avg_fractional_cadence") or 0.0
            if per_foot:
                cadence *= 2.0
        out.append(
            Lap(
                number=len(out) + 1,
                elapsed_s=elapsed if elapsed is not None else timer or 0.0,
                start_utc=sane_lap_start(as_datetime(lap.get("start_time"))),
                moving_s=timer,
                distance_m=distance,
                ascent_m=sane_lap_value("ascent_m", _first_number(lap, "total_ascent")),
                avg_hr=sane_lap_value("avg_hr", _first_number(lap, "avg_heart_rate")),
                max_hr=sane_lap_value("max_hr", _first_number(lap, "max_heart_rate")),
                avg_cadence_spm=sane_lap_value("avg_cadence_spm", cadence),
            )
        )
    return tuple(out)


def _utc_offset(activity: Message | None) -> int | None:
    if not activity:
        return None
    local = activity.get("local_timestamp")
    stamp = as_datetime(activity.get("timestamp"))
    local_seconds = _number(local)
    if stamp is None or local_seconds is None:
        return None
    offset = round(local_seconds - (stamp - FIT_EPOCH).total_seconds())
    # Real offsets are whole quarter hours within a day.
    if abs(offset) > 14 * 3600 or offset % 900:
        return None
    return offset


def _session_from_laps_or_records(
    laps: Sequence[Message], records: RecordColumns
) -> list[dict[str, Any]]:
    """A session summary for files that lack one (old or cut-short recordings)."""
    if laps:
        first, last = laps[0], laps[-1]
        start = as_datetime(first.get("start_time")) or as_datetime(first.get("timestamp"))
        summary: dict[str, Any] = {
            "start_time": start,
            "sport": first.get("sport"),
            "sub_sport": first.get("sub_sport"),
        }
        for total in ("total_elapsed_time", "total_timer_time", "total_distance", "total_ascent"):
            values = [_number(lap.get(total)) for lap in laps]
            present = [v for v in values if v is not None]
            if present:
                summary[total] = sum(present)
        end = as_datetime(last.get("timestamp"))
        if "total_elapsed_time" not in summary and start and end:
            summary["total_elapsed_time"] = (end - start).total_seconds()
        return [summary]
    stamps = records.time[~np.isnan(records.time)]
    if not len(stamps):
        return []
    times = [
        FIT_EPOCH + timedelta(seconds=float(stamps[0])),
        FIT_EPOCH + timedelta(seconds=float(stamps[-1])),
    ]
    return [{"start_time": times[0], "total_elapsed_time": (times[-1] - times[0]).total_seconds()}]
