"""Read GPX tracks into activities, computing the summaries GPX lacks.

One activity per outing, not per <trk>: devices split one run into several
tracks or segments at every pause (a Garmin eTrex writes "ACTIVE LOG",
"ACTIVE LOG #2", ...), so timed tracks are merged in time order and a new
activity starts only where more than `SPLIT_GAP_S` (2 hours) separates two
tracks, as in a device dump that holds several days. Tracks with no timestamp
at all are planned routes saved as tracks and are left out; a file with no
timed track raises IngestError, one with no track point raises NotAnActivity.

GPX has no device summary, so everything is computed from the points:
- distance: haversine between consecutive points that have a position,
  never across a segment or track break (the runner paused there);
- moving time: the intervals between consecutive points of one segment that
  last at most `MAX_MOVING_GAP_S` (60 s) and cover at least
  `MIN_MOVING_SPEED_M_S` (0.5 m/s); without positions, the recorded speed
  decides, and without either every interval up to 60 s counts;
- ascent: climbs counted with a `ASCENT_HYSTERESIS_M` (3 m) dead band so
  GPS altitude noise adds nothing, and jumps faster than 5 m/s vertical (a
  barometer calibrating) left out;
- cadence: running cadence below 120 is per foot (Garmin's TrackPointExtension
  and Strava's export, like FIT) and is doubled to steps per minute.

Extension values are matched by local name, so any prefix works: Garmin's
gpxtpx:hr/cad/speed, Cluetrust's gpxdata:hr/cadence (Strava, Movescount), ns3:.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from lxml import etree

from backstride.domain import Activity, Samples, SourceFormat, Sport
from backstride.domain.activity import FOOT_SPORTS, FloatArray
from backstride.ingest.errors import IngestError, NotAnActivity
from backstride.ingest.xml import local_name, parse_time, parse_xml, to_float, utc_offset_s

SPLIT_GAP_S = 2 * 3600.0
MAX_MOVING_GAP_S = 60.0
MIN_MOVING_SPEED_M_S = 0.5
ASCENT_HYSTERESIS_M = 3.0
MAX_VERTICAL_SPEED_M_S = 5.0
PER_FOOT_CADENCE_LIMIT = 120.0
# Walkers take 90-130 steps a minute; one foot counted is 45-65.
PER_FOOT_WALK_LIMIT = 85.0
EARTH_RADIUS_M = 6_371_008.8
# Times before this are a device without a clock (GPSBabel writes 1901-12-13).
EARLIEST_VALID = datetime(1990, 1, 1, tzinfo=UTC)

IntArray = npt.NDArray[np.int64]

# ---------------------------------------------------------------- track math


def haversine_m(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distances in metres between paired points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    distance: FloatArray = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return distance


def cumulative_distance_m(lat: FloatArray, lon: FloatArray, segment: IntArray) -> FloatArray:
    """Distance travelled up to each point, skipping points without a position
    and never bridging two segments. Points without position keep the last value."""
    n = len(lat)
    out = np.zeros(n)
    has_pos = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if len(has_pos) >= 2:
        a, b = has_pos[:-1], has_pos[1:]
        step = haversine_m(lat[a], lon[a], lat[b], lon[b])
        step[segment[a] != segment[b]] = 0.0
        out[b] = np.cumsum(step)
        out = np.maximum.accumulate(out)
    return out


def moving_time_s(
    time_s: FloatArray,
    segment: IntArray,
    distance_m: FloatArray | None,
    speed_m_s: FloatArray | None,
) -> float:
    """Seconds spent moving, by the rule in the module docstring."""
    if len(time_s) < 2:
        return 0.0
    dt = np.diff(time_s)
    ok = (dt > 0) & (dt <= MAX_MOVING_GAP_S) & (segment[1:] == segment[:-1])
    if distance_m is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            ok &= np.diff(distance_m) >= MIN_MOVING_SPEED_M_S * dt
    elif speed_m_s is not None and np.isfinite(speed_m_s).any():
        ok &= np.nan_to_num(speed_m_s[1:]) >= MIN_MOVING_SPEED_M_S
    return float(dt[ok].sum())


def ascent_m(
    altitude_m: FloatArray | None,
    time_s: FloatArray,
    threshold_m: float = ASCENT_HYSTERESIS_M,
) -> float | None:
    """Total climb in metres, None without altitude.

    Jumps faster than `MAX_VERTICAL_SPEED_M_S` are level shifts (a barometer
    calibrating after the start), not climbs, and are removed. Then a dead band:
    a climb starts counting once the altitude is `threshold_m` above the last
    low, and ends once it falls `threshold_m` below the last high.
    """
    if altitude_m is None:
        return None
    finite = np.isfinite(altitude_m)
    if not finite.any():
        return None
    raw, when = altitude_m[finite], time_s[finite]
    steps = np.diff(raw)
    steps[np.abs(steps) > MAX_VERTICAL_SPEED_M_S * np.maximum(np.diff(when), 1.0)] = 0.0
    values = np.concatenate(([raw[0]], raw[0] + np.cumsum(steps)))
    total = 0.0
    low = high = float(values[0])
    climbing = False
    for value in values[1:].tolist():
        if climbing:
            if value > high:
                total += value - high
                high = value
            elif value <= high - threshold_m:
                climbing, low = False, value
        elif value < low:
            low = value
        elif value >= low + threshold_m:
            climbing, high = True, value
            total += value - low
    return total


def per_foot_limit(sport: Sport) -> float | None:
    """Below this median a foot sport's cadence counts one foot (None: never doubled)."""
    if sport is Sport.RUN:
        return PER_FOOT_CADENCE_LIMIT
    if sport in FOOT_SPORTS:
        return PER_FOOT_WALK_LIMIT
    return None


def steps_per_minute(cadence: FloatArray | None, sport: Sport) -> FloatArray | None:
    """Cadence in steps/min: a foot sport's per-foot cadence doubled."""
    limit = per_foot_limit(sport)
    if cadence is None or limit is None:
        return cadence
    moving = cadence[np.isfinite(cadence) & (cadence > 0)]
    if len(moving) and float(np.median(moving)) < limit:
        return cadence * 2.0
    return cadence


def positive_mean(values: FloatArray | None) -> float | None:
    """Mean of the finite positive values (0 means 'no reading' for HR and cadence)."""
    if values is None:
        return None
    kept = values[np.isfinite(values) & (values > 0)]
    return float(kept.mean()) if len(kept) else None


def finite_max(values: FloatArray | None) -> float | None:
    if values is None:
        return None
    kept = values[np.isfinite(values)]
    return float(kept.max()) if len(kept) else None


def column_or_none(values: list[float]) -> FloatArray | None:
    """A float column, or None when no value in it was recorded."""
    array = np.array(values, dtype=np.float64)
    return array if np.isfinite(array).any() else None


_SPORT_WORDS: dict[str, Sport] = {
    "run": Sport.RUN,
    "running": Sport.RUN,
    "walk": Sport.WALK,
    "walking": Sport.WALK,
    "hike": Sport.HIKE,
    "hiking": Sport.HIKE,
    "ride": Sport.CYCLING,
    "bike": Sport.CYCLING,
    "biking": Sport.CYCLING,
    "cycling": Sport.CYCLING,
    "swim": Sport.SWIMMING,
    "swimming": Sport.SWIMMING,
    "yoga": Sport.YOGA,
    "weighttraining": Sport.STRENGTH,
    "strength_training": Sport.STRENGTH,
}
# Strava's GPX export writes its activity type as a number.
_STRAVA_TYPE_CODES: dict[str, Sport] = {
    "1": Sport.CYCLING,
    "4": Sport.HIKE,
    "9": Sport.RUN,
    "10": Sport.WALK,
    "16": Sport.SWIMMING,
    "17": Sport.CYCLING,
    "18": Sport.CYCLING,
    "29": Sport.STRENGTH,
    "30": Sport.YOGA,
    "33": Sport.RUN,
}
_SPORT_STEMS: tuple[tuple[str, Sport], ...] = (
    ("run", Sport.RUN),
    ("walk", Sport.WALK),
    ("hik", Sport.HIKE),
    ("bik", Sport.CYCLING),
    ("cycl", Sport.CYCLING),
    ("ride", Sport.CYCLING),
    ("swim", Sport.SWIMMING),
)


def sport_from_text(text: str | None) -> tuple[Sport, str | None]:
    """The sport (and sub-sport) a GPX <type> or TCX Sport names: 'running', 'Run', '9', ..."""
    word = (text or "").strip().lower().replace(" ", "_").replace("-", "_")
    if not word:
        return Sport.OTHER, None
    sub = next((s for s in ("trail", "treadmill", "track", "indoor", "virtual") if s in word), None)
    sport = _STRAVA_TYPE_CODES.get(word) or _SPORT_WORDS.get(word)
    if sport is None:
        sport = next((s for stem, s in _SPORT_STEMS if stem in word), Sport.OTHER)
    return sport, sub


# ---------------------------------------------------------------- GPX reading

_HR_NAMES = frozenset({"hr", "heartrate", "heart_rate"})
_CAD_NAMES = frozenset({"cad", "cadence", "runcadence"})
_SPEED_NAMES = frozenset({"speed"})


@dataclass
class _Track:
    name: str | None = None
    kind: str | None = None
    desc: str | None = None
    times: list[datetime | None] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    ele: list[float] = field(default_factory=list)
    hr: list[float] = field(default_factory=list)
    cad: list[float] = field(default_factory=list)
    speed: list[float] = field(default_factory=list)
    segment: list[int] = field(default_factory=list)
    bogus_times: int = 0

    @property
    def first_time(self) -> datetime | None:
        return next((t for t in self.times if t is not None), None)

    @property
    def last_time(self) -> datetime | None:
        return next((t for t in reversed(self.times) if t is not None), None)


def _text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if local_name(child.tag) == name:
            text = child.text
            return (text.strip() or None) if text else None
    return None


_NAN = float("nan")


def _coordinate(text: str | None, limit: float) -> float:
    value = to_float(text)
    return value if value is not None and -limit <= value <= limit else _NAN


def _read_point(point: etree._Element, track: _Track, segment: int) -> None:
    when = ele = hr = cad = speed = None
    for child in point:
        name = local_name(child.tag)
        if name == "time":
            when = parse_time(child.text)
            if when is not None and when < EARLIEST_VALID:
                track.bogus_times += 1
                when = None
        elif name == "ele":
            ele = to_float(child.text)
        elif name == "speed":
            speed = to_float(child.text)
        elif name == "extensions":
            for item in child.iter():
                key = local_name(item.tag).lower()
                if key in _HR_NAMES:
                    hr = to_float(item.text)
                elif key in _CAD_NAMES:
                    cad = to_float(item.text)
                elif key in _SPEED_NAMES:
                    speed = to_float(item.text)
    track.times.append(when)
    track.lat.append(_coordinate(point.get("lat"), 90.0))
    track.lon.append(_coordinate(point.get("lon"), 180.0))
    track.ele.append(_NAN if ele is None else ele)
    track.hr.append(_NAN if hr is None else hr)
    track.cad.append(_NAN if cad is None else cad)
    track.speed.append(_NAN if speed is None else speed)
    track.segment.append(segment)


def _read_tracks(root: etree._Element) -> list[_Track]:
    tracks: list[_Track] = []
    segment = 0
    for trk in root:
        if local_name(trk.tag) != "trk":
            continue
        track = _Track(name=_text(trk, "name"), kind=_text(trk, "type"), desc=_text(trk, "desc"))
        for seg in trk:
            if local_name(seg.tag) != "trkseg":
                continue
            segment += 1
            for point in seg:
                if local_name(point.tag) == "trkpt":
                    _read_point(point, track, segment)
        tracks.append(track)
    return tracks


def _group(tracks: Iterable[_Track]) -> list[list[_Track]]:
    """Timed tracks in time order, grouped into outings split at long gaps."""
    timed = sorted((t for t in tracks if t.first_time is not None), key=lambda t: t.first_time)  # type: ignore[arg-type, return-value]
    groups: list[list[_Track]] = []
    last_end: datetime | None = None
    for track in timed:
        start, end = track.first_time, track.last_time
        assert start is not None and end is not None
        if last_end is None or (start - last_end).total_seconds() > SPLIT_GAP_S:
            groups.append([])
        groups[-1].append(track)
        last_end = end if last_end is None else max(last_end, end)
    return groups


def _concat(tracks: list[_Track], column: str) -> FloatArray:
    joined: FloatArray = np.concatenate(
        [np.array(getattr(t, column), dtype=np.float64) for t in tracks]
    )
    return joined


def _activity(
    tracks: list[_Track], meta: dict[str, str | None], content_hash: str, source_file: str
) -> Activity:
    times = [when for t in tracks for when in t.times]
    keep = np.array([when is not None for when in times])
    moments = [when for when in times if when is not None]
    epoch = np.array([when.timestamp() for when in moments], dtype=np.float64)
    order = np.argsort(epoch, kind="stable")
    first = moments[int(order[0])]
    start = first.astimezone(UTC)
    time_s = epoch[order] - epoch[order[0]]

    def column(name: str) -> FloatArray:
        values: FloatArray = _concat(tracks, name)[keep][order]
        return values

    segment = np.concatenate([np.array(t.segment, dtype=np.int64) for t in tracks])[keep][order]
    lat, lon = column("lat"), column("lon")
    has_position = bool((np.isfinite(lat) & np.isfinite(lon)).any())
    distance = cumulative_distance_m(lat, lon, segment) if has_position else None
    kind = next((t.kind for t in tracks if t.kind), None) or meta.get("type")
    sport, sub_sport = sport_from_text(kind)
    altitude = column_or_none(column("ele").tolist())
    if altitude is not None and not altitude[np.isfinite(altitude)].any():
        altitude = None  # every elevation exactly 0: not recorded
    speed = column_or_none(column("speed").tolist())
    heart_rate = column_or_none(column("hr").tolist())
    cadence = steps_per_minute(column_or_none(column("cad").tolist()), sport)
    samples = Samples(
        time_s=time_s,
        distance_m=distance,
        speed_m_s=speed,
        heart_rate_bpm=heart_rate,
        cadence_spm=cadence,
        altitude_m=altitude,
        lat_deg=lat if has_position else None,
        lon_deg=lon if has_position else None,
    )
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_utc=start,
        utc_offset_s=utc_offset_s(first),
        elapsed_s=float(time_s[-1]),
        moving_s=moving_time_s(time_s, segment, distance, speed),
        distance_m=float(distance[-1]) if distance is not None else None,
        ascent_m=ascent_m(altitude, time_s),
        avg_hr=positive_mean(heart_rate),
        max_hr=finite_max(heart_rate),
        avg_cadence_spm=positive_mean(cadence),
        name=next((t.name for t in tracks if t.name), None) or meta.get("name"),
        notes=next((t.desc for t in tracks if t.desc), None) or meta.get("desc"),
        device=meta.get("creator"),
        source_format=SourceFormat.GPX,
        source_file=source_file,
        content_hash=content_hash,
        samples=samples,
    )


def _metadata(root: etree._Element) -> dict[str, str | None]:
    meta: dict[str, str | None] = {"creator": (root.get("creator") or "").strip() or None}
    for child in root:
        name = local_name(child.tag)
        if name == "metadata":
            meta["name"] = _text(child, "name")
            meta["desc"] = _text(child, "desc")
        elif name in ("name", "desc"):  # GPX 1.0 keeps them on <gpx>
            meta[name] = (child.text or "").strip() or None
    return meta


def parse(data: bytes, source_file: str) -> list[Activity]:
    """Every activity in a GPX file (see the module docstring for the rules)."""
    root = parse_xml(data, "GPX")
    if local_name(root.tag) != "gpx":
        raise IngestError(f"not a GPX file: the root element is <{local_name(root.tag)}>")
    tracks = [t for t in _read_tracks(root) if t.times]
    if not tracks:
        raise NotAnActivity("GPX file has no track points (only routes, waypoints or metadata)")
    groups = _group(tracks)
    if not groups and any(t.bogus_times for t in tracks):
        raise IngestError("GPX track has no usable timestamps: they are all before 1990")
    if not groups:
        raise NotAnActivity("GPX track has no timestamps: a planned route, not a recording")
    points = sum(len(t.times) for group in groups for t in group)
    timed = sum(t is not None for group in groups for tr in group for t in tr.times)
    if timed * 2 < points:
        raise IngestError(f"GPX track has timestamps on only {timed} of {points} points")
    meta = _metadata(root)
    content_hash = hashlib.sha256(data).hexdigest()
    activities = [_activity(group, meta, content_hash, source_file) for group in groups]
    if all(len(a.samples or ()) < 2 for a in activities):
        raise NotAnActivity("GPX track has a single point: nothing was recorded")
    kept = [a for a in activities if a.elapsed_s > 0]
    if not kept:
        raise IngestError("GPX track's timestamps never advance: every point has the same time")
    return kept
