"""Write the sample history as a Strava bulk export: activities.csv plus watch files."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from garmin_fit_sdk import Encoder, Profile

from backstride.demo.history import DemoRun, pace_profile
from backstride.domain import Sport

STRAVA_HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Elevation Loss",
    "Elevation Low",
    "Elevation High",
    "Max Grade",
    "Average Grade",
    "Average Positive Grade",
    "Average Negative Grade",
    "Max Cadence",
    "Average Cadence",
    "Max Heart Rate",
    "Average Heart Rate",
    "Max Watts",
    "Average Watts",
    "Calories",
]

_STRAVA_TYPES = {Sport.RUN: "Run", Sport.CYCLING: "Ride", Sport.YOGA: "Yoga"}
_RECORD_EVERY_S = 5.0
_HOME = (51.5072, -0.1276)
_FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_SEMICIRCLES = 2**31 / 180.0


def _track(run: DemoRun) -> dict[str, np.ndarray]:
    """Sample columns along a loop from home, scaled so the distance is the run's."""
    t = np.arange(0.0, run.duration_s + 0.1, _RECORD_EVERY_S)
    speed = np.array([pace_profile(run, float(x)) for x in t])
    distance = np.concatenate(([0.0], np.cumsum(speed[1:] * _RECORD_EVERY_S)))
    if distance[-1] > 0:
        scale = run.distance_m / distance[-1]
        distance *= scale
        speed *= scale
    radius_m = max(run.distance_m, 1.0) / (2 * np.pi)
    angle = distance / radius_m
    lat = _HOME[0] + (radius_m * np.sin(angle)) / 111_320.0
    lon = _HOME[1] + (radius_m * (1 - np.cos(angle))) / (111_320.0 * np.cos(np.radians(_HOME[0])))
    heart = run.avg_hr + 8 * np.tanh((t - run.duration_s / 2) / max(run.duration_s, 1.0) * 3)
    heart[t < 300] -= 20 * (1 - t[t < 300] / 300)
    altitude = 30 + 6 * np.sin(angle * 3)
    return {
        "t": t,
        "speed": speed,
        "distance": distance,
        "lat": lat,
        "lon": lon,
        "hr": heart,
        "alt": altitude,
    }


def fit_bytes(run: DemoRun) -> bytes:
    """A FIT activity file for `run`, written with Garmin's own SDK encoder."""
    track = _track(run)
    start = run.start_utc
    end = start + timedelta(seconds=run.duration_s)
    mesg = Profile["mesg_num"]
    encoder = Encoder()
    encoder.on_mesg(
        mesg["FILE_ID"],
        {
            "type": "activity",
            "manufacturer": "garmin",
            "product": 3113,
            "time_created": start,
            "serial_number": 3_900_000_001,
        },
    )
    running = run.sport is Sport.RUN
    for i, t in enumerate(track["t"]):
        encoder.on_mesg(
            mesg["RECORD"],
            {
                "timestamp": start + timedelta(seconds=float(t)),
                "position_lat": int(track["lat"][i] * _SEMICIRCLES),
                "position_long": int(track["lon"][i] * _SEMICIRCLES),
                "distance": float(track["distance"][i]),
                "enhanced_speed": float(track["speed"][i]),
                "enhanced_altitude": float(track["alt"][i]),
                "heart_rate": int(track["hr"][i]),
                "cadence": int(run.cadence_spm / 2) if running else int(run.cadence_spm),
            },
        )
    ascent = float(np.clip(np.diff(track["alt"]), 0, None).sum())
    session = {
        "timestamp": end,
        "start_time": start,
        "total_elapsed_time": float(run.duration_s),
        "total_timer_time": float(run.duration_s),
        "total_distance": float(run.distance_m),
        "total_ascent": round(ascent),
        "sport": "running" if running else "cycling",
        "sub_sport": run.sub_sport or "generic",
        "avg_heart_rate": round(float(np.mean(track["hr"]))),
        "max_heart_rate": int(np.max(track["hr"])),
        "avg_cadence": int(run.cadence_spm / 2) if running else int(run.cadence_spm),
        "workout_rpe": run.rpe * 10,
    }
    encoder.on_mesg(
        mesg["LAP"],
        {**{k: v for k, v in session.items() if k not in ("workout_rpe",)}, "message_index": 0},
    )
    encoder.on_mesg(mesg["SESSION"], session)
    local = (end - _FIT_EPOCH).total_seconds() + run.utc_offset_s
    encoder.on_mesg(
        mesg["ACTIVITY"],
        {
            "timestamp": end,
            "local_timestamp": int(local),
            "num_sessions": 1,
            "total_timer_time": float(run.duration_s),
            "type": "manual",
        },
    )
    data: bytes = encoder.close()
    return data


def gpx_bytes(run: DemoRun) -> bytes:
    """A GPX track as Strava's phone app writes it, with heart rate and cadence."""
    track = _track(run)
    out = io.StringIO()
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx creator="StravaGPX" version="1.1" '
        'xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx='
        '"http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
    )
    out.write(f" <trk>\n  <name>{run.name}</name>\n  <type>running</type>\n  <trkseg>\n")
    for i, t in enumerate(track["t"]):
        stamp = (run.start_utc + timedelta(seconds=float(t))).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(
            f'   <trkpt lat="{track["lat"][i]:.7f}" lon="{track["lon"][i]:.7f}">'
            f"<ele>{track['alt'][i]:.1f}</ele><time>{stamp}</time><extensions>"
            f"<gpxtpx:TrackPointExtension><gpxtpx:hr>{int(track['hr'][i])}</gpxtpx:hr>"
            f"<gpxtpx:cad>{int(run.cadence_spm / 2)}</gpxtpx:cad>"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>\n"
        )
    out.write("  </trkseg>\n </trk>\n</gpx>\n")
    return out.getvalue().encode()


def _strava_date(start: datetime) -> str:
    hour = start.hour % 12 or 12
    half = "AM" if start.hour < 12 else "PM"
    return f"{start:%b} {start.day}, {start.year}, {hour}:{start:%M:%S} {half}"


def _row(activity_id: int, run: DemoRun, filename: str) -> list[str]:
    row = [""] * len(STRAVA_HEADER)
    row[0] = str(activity_id)
    row[1] = _strava_date(run.start_utc)
    row[2] = run.name
    row[3] = _STRAVA_TYPES.get(run.sport, "Workout")
    row[5] = str(int(run.duration_s))
    row[6] = f"{run.distance_m / 1000:.2f}"
    row[9] = "false"
    row[11] = run.gear or ""
    row[12] = filename
    row[15] = f"{run.duration_s:.1f}"
    row[16] = f"{run.duration_s:.1f}"
    row[17] = f"{run.distance_m:.1f}"
    if run.sport is Sport.RUN:
        row[29] = f"{run.cadence_spm / 2:.0f}"
    row[31] = f"{run.avg_hr:.0f}"
    return row


def write_strava_export(runs: Sequence[DemoRun], path: Path) -> Path:
    """Write `runs` as a Strava bulk export zip at `path`."""
    csv_text = io.StringIO()
    writer = csv.writer(csv_text, lineterminator="\n")
    writer.writerow(STRAVA_HEADER)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, run in enumerate(runs):
            activity_id = 12_000_000_000 + index * 7919
            filename = ""
            if run.file_format == "fit":
                filename = f"activities/{activity_id}.fit.gz"
                archive.writestr(filename, gzip.compress(fit_bytes(run), compresslevel=5, mtime=0))
            elif run.file_format == "gpx":
                filename = f"activities/{activity_id}.gpx"
                archive.writestr(filename, gpx_bytes(run), compress_type=zipfile.ZIP_DEFLATED)
            writer.writerow(_row(activity_id, run, filename))
        archive.writestr("activities.csv", csv_text.getvalue(), compress_type=zipfile.ZIP_DEFLATED)
    return path
