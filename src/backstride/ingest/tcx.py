"""Read Garmin Training Center (TCX) files into activities.

One activity per <Activity> (a multisport session gives several). The summary
comes from the device's lap totals wherever the laps carry them:
- moving time: TotalTimeSeconds summed (the timer time, pauses excluded);
- distance: DistanceMeters summed, so indoor, treadmill and pool files with no
  GPS keep their distance; then the last trackpoint distance, then haversine;
  a distance of 0 everywhere is "not recorded" (None);
- heart rate: lap averages weighted by lap time, lap maximums;
- cadence: lap <Cadence> or the AvgRunCadence extension, weighted by lap time.
Elapsed time runs from the start (the earliest of <Id>, the first lap's
StartTime and the first trackpoint) to the later of the last trackpoint and
the end of the last lap. Ascent is computed from trackpoint altitudes.
Running cadence (RunCadence, and a <Cadence> below 120) is per foot and is
doubled to steps per minute.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from lxml import etree

from backstride.domain import Activity, Samples, SourceFormat
from backstride.domain.activity import FloatArray, Lap, sane_lap_start, sane_lap_value
from backstride.ingest.errors import IngestError, NotAnActivity
from backstride.ingest.gpx import (
    ascent_m,
    column_or_none,
    cumulative_distance_m,
    finite_max,
    moving_time_s,
    per_foot_limit,
    positive_mean,
    sport_from_text,
    steps_per_minute,
)
from backstride.ingest.xml import local_name, parse_time, parse_xml, to_float, utc_offset_s

_NAN = float("nan")


@dataclass
class _Lap:
    start: datetime | None
    total_time_s: float | None = None
    distance_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    cadence: float | None = None
    run_cadence: float | None = None  # AvgRunCadence, one foot


@dataclass
class _Points:
    times: list[datetime] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    altitude: list[float] = field(default_factory=list)
    distance: list[float] = field(default_factory=list)
    hr: list[float] = field(default_factory=list)
    cadence: list[float] = field(default_factory=list)
    run_cadence: list[float] = field(default_factory=list)
    speed: list[float] = field(default_factory=list)
    segment: list[int] = field(default_factory=list)


def _child(element: etree._Element, name: str) -> etree._Element | None:
    for child in element:
        if local_name(child.tag) == name:
            return child
    return None


def _child_text(element: etree._Element, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _value(element: etree._Element) -> float | None:
    """The number in <X><Value>n</Value></X> (heart rates) or <X>n</X>."""
    inner = _child(element, "Value")
    return to_float((inner if inner is not None else element).text)


def _number(text: str | None) -> float:
    value = to_float(text)
    return _NAN if value is None else value


def _read_trackpoint(point: etree._Element, out: _Points, segment: int) -> None:
    when = None
    lat = lon = altitude = distance = hr = cadence = run_cadence = speed = _NAN
    for child in point:
        name = local_name(child.tag)
        if name == "Time":
            when = parse_time(child.text)
        elif name == "Position":
            lat = _number(_child_text(child, "LatitudeDegrees"))
            lon = _number(_child_text(child, "LongitudeDegrees"))
        elif name == "AltitudeMeters":
            altitude = _number(child.text)
        elif name == "DistanceMeters":
            distance = _number(child.text)
        elif name == "HeartRateBpm":
            value = _value(child)
            hr = _NAN if value is None else value
        elif name == "Cadence":
            cadence = _number(child.text)
        elif name == "Extensions":
            for item in child.iter():
                key = local_name(item.tag)
                if key == "Speed":
                    speed = _number(item.text)
                elif key == "RunCadence":
                    run_cadence = _number(item.text)
    if when is None:
        return
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        lat = lon = _NAN
    out.times.append(when)
    out.lat.append(lat)
    out.lon.append(lon)
    out.altitude.append(altitude)
    out.distance.append(distance)
    out.hr.append(hr)
    out.cadence.append(cadence)
    out.run_cadence.append(run_cadence)
    out.speed.append(speed)
    out.segment.append(segment)


def _read_lap(lap: etree._Element, points: _Points, segment: int) -> tuple[_Lap, int]:
    summary = _Lap(start=parse_time(lap.get("StartTime")))
    for child in lap:
        name = local_name(child.tag)
        if name == "TotalTimeSeconds":
            summary.total_time_s = to_float(child.text)
        elif name == "DistanceMeters":
            summary.distance_m = to_float(child.text)
        elif name == "AverageHeartRateBpm":
            summary.avg_hr = _value(child)
        elif name == "MaximumHeartRateBpm":
            summary.max_hr = _value(child)
        elif name == "Cadence":
            summary.cadence = to_float(child.text)
        elif name == "Extensions":
            for item in child.iter():
                if local_name(item.tag) == "AvgRunCadence":
                    summary.run_cadence = to_float(item.text)
        elif name == "Track":
            segment += 1
            for point in child:
                if local_name(point.tag) == "Trackpoint":
                    _read_trackpoint(point, points, segment)
    return summary, segment


def _weighted(laps: list[_Lap], attribute: str) -> float | None:
    """The lap-time weighted mean of a lap value (laps without time weigh 1 s)."""
    total = weight = 0.0
    for lap in laps:
        value = getattr(lap, attribute)
        if value is None or value <= 0:
            continue
        w = lap.total_time_s if lap.total_time_s and lap.total_time_s > 0 else 1.0
        total += value * w
        weight += w
    return total / weight if weight else None


def _positive_or_none(value: float | None) -> float | None:
    return value if value is not None and value > 0 else None


def _activity(
    element: etree._Element, device: str | None, content_hash: str, source_file: str
) -> Activity | None:
    sport, sub_sport = sport_from_text(element.get("Sport"))
    laps: list[_Lap] = []
    points = _Points()
    segment = 0
    for child in element:
        if local_name(child.tag) == "Lap":
            lap, segment = _read_lap(child, points, segment)
            laps.append(lap)
    candidates = [parse_time(_child_text(element, "Id")), *(lap.start for lap in laps[:1])]
    known = [c for c in candidates if c is not None] + points.times[:1]
    if not known:
        return None
    first = min(known)
    start = first.astimezone(UTC)

    epoch = np.array([t.timestamp() for t in points.times], dtype=np.float64)
    order = np.argsort(epoch, kind="stable")
    time_s: FloatArray = epoch[order] - start.timestamp()

    def column(values: list[float]) -> FloatArray | None:
        array = column_or_none(values)
        return None if array is None else array[order]

    segments = np.array(points.segment, dtype=np.int64)[order]
    lat, lon = column(points.lat), column(points.lon)
    has_position = lat is not None and lon is not None
    track_m = (
        cumulative_distance_m(lat, lon, segments) if lat is not None and lon is not None else None
    )
    recorded_m = column(points.distance)
    if recorded_m is not None:
        recorded_m = np.asarray(
            np.fmax.accumulate(recorded_m), dtype=np.float64
        )  # carry the last reading over gaps
    altitude = column(points.altitude)
    speed = column(points.speed)
    heart_rate = column(points.hr)
    run_cadence = column(points.run_cadence)
    cadence: FloatArray | None
    if run_cadence is not None:
        cadence = run_cadence * 2.0  # RunCadence counts one foot, whatever the sport
    else:
        cadence = steps_per_minute(column(points.cadence), sport)
    samples = Samples(
        time_s=time_s,
        distance_m=recorded_m if recorded_m is not None else track_m,
        speed_m_s=speed,
        heart_rate_bpm=heart_rate,
        cadence_spm=cadence,
        altitude_m=altitude,
        lat_deg=lat if has_position else None,
        lon_deg=lon if has_position else None,
    )

    ends = [float(time_s[-1])] if len(time_s) else []
    last = laps[-1] if laps else None
    if last is not None and last.start is not None and last.total_time_s is not None:
        try:
            lap_end = last.start + timedelta(seconds=last.total_time_s)
        except OverflowError:  # no lap lasts that long: the bounds refuse the duration below
            pass
        else:
            ends.append((lap_end - start).total_seconds())
    lap_times = [lap.total_time_s for lap in laps if lap.total_time_s is not None]
    elapsed = max([*ends, sum(lap_times)], default=0.0)
    if elapsed <= 0:
        return None
    moving = (
        sum(lap_times) if lap_times else moving_time_s(time_s, segments, samples.distance_m, speed)
    )

    distance = _positive_or_none(sum(lap.distance_m or 0.0 for lap in laps))
    if distance is None:
        distance = _positive_or_none(finite_max(recorded_m))
    if distance is None and track_m is not None:
        distance = _positive_or_none(float(track_m[-1]))

    per_foot = False  # the laps' <Cadence> counts one foot
    lap_cadence = _weighted(laps, "run_cadence")
    if lap_cadence is not None:
        lap_cadence *= 2.0
    else:
        lap_cadence = _weighted(laps, "cadence")
        limit = per_foot_limit(sport)
        if lap_cadence is not None and limit is not None and lap_cadence < limit:
            lap_cadence *= 2.0
            per_foot = True
    max_hrs = [lap.max_hr for lap in laps if lap.max_hr]
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start,
        utc_offset_s=utc_offset_s(first),
        elapsed_s=elapsed,
        moving_s=moving,
        distance_m=distance,
        ascent_m=ascent_m(altitude, time_s),
        avg_hr=_weighted(laps, "avg_hr") or positive_mean(heart_rate),
        max_hr=max(max_hrs) if max_hrs else finite_max(heart_rate),
        avg_cadence_spm=lap_cadence or positive_mean(cadence),
        notes=_child_text(element, "Notes"),
        device=device,
        source_format=SourceFormat.TCX,
        source_file=source_file,
        content_hash=content_hash,
        samples=samples,
        laps=_device_laps(laps, per_foot),
    )


def _device_laps(laps: list[_Lap], per_foot: bool) -> tuple[Lap, ...]:
    """The file's <Lap> summaries, numbered in order; a lap with neither time nor
    distance is left out, and a value no device could record is unknown. `per_foot`:
    their <Cadence> counts one foot (AvgRunCadence always does)."""
    out: list[Lap] = []
    for lap in laps:
        time_s = sane_lap_value("elapsed_s", lap.total_time_s)
        distance = sane_lap_value("distance_m", lap.distance_m)
        if not time_s and not distance:
            continue
        cadence = _positive_or_none(lap.cadence)
        if lap.run_cadence:
            cadence = lap.run_cadence * 2.0
        elif cadence is not None and per_foot:
            cadence *= 2.0
        out.append(
            Lap(
                number=len(out) + 1,
                elapsed_s=time_s or 0.0,
                start_utc=sane_lap_start(lap.start),
                moving_s=time_s,
                distance_m=distance,
                avg_hr=sane_lap_value("avg_hr", _positive_or_none(lap.avg_hr)),
                max_hr=sane_lap_value("max_hr", _positive_or_none(lap.max_hr)),
                avg_cadence_spm=sane_lap_value("avg_cadence_spm", cadence),
            )
        )
    return tuple(out)


def parse(data: bytes, source_file: str) -> list[Activity]:
    """Every activity in a TCX file (see the module docstring for the rules)."""
    root = parse_xml(data, "TCX")
    if local_name(root.tag) != "TrainingCenterDatabase":
        raise IngestError(f"not a TCX file: the root element is <{local_name(root.tag)}>")
    elements = list(root.iter("{*}Activity", "Activity"))
    if not elements:
        raise NotAnActivity("TCX file has no activity (a course or a workout?)")
    content_hash = hashlib.sha256(data).hexdigest()
    activities = []
    for element in elements:
        creator = _child(element, "Creator")
        device = _child_text(creator, "Name") if creator is not None else None
        activity = _activity(element, device, content_hash, source_file)
        if activity is not None:
            activities.append(activity)
    if not activities:
        raise NotAnActivity("TCX activity has no time: no lap or trackpoint with a timestamp")
    return activities
