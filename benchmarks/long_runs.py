"""A folder of long runs as a watch writes them, for `bench_import.py`.

Real exports are mostly one- to two-hour runs at one record a second, 150-450 KB of FIT each;
the corpus holds few of those. Each file here is written with Garmin's own SDK encoder from the
real records of a Forerunner 965 run in the corpus (`garmin-stamina.fit`, 75 minutes at 1 s):
the records are played from a different point for each file and looped until the run's length
(60-120 minutes), with time and distance carried on, laps every kilometre, and the session's
totals from the records. Every file starts on its own day (one every 2 days, going back), so an
import stores each as a new activity.

    .venv/bin/python benchmarks/long_runs.py DIR --count 40    # write them (cached by callers)
"""

from __future__ import annotations

import argparse
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SOURCE = "fit/jimmykane__test__garmin-stamina.fit"
VERSION = 1  # part of the cache folder's name: bump when the files change

# The record fields a Forerunner writes every second (named in the SDK's profile).
_FIELDS = (
    "position_lat",
    "position_long",
    "enhanced_altitude",
    "heart_rate",
    "cadence",
    "fractional_cadence",
    "power",
    "accumulated_power",
    "vertical_oscillation",
    "stance_time",
    "vertical_ratio",
    "step_length",
    "temperature",
)
_FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


def _real_records(corpus: Path) -> list[dict[str, Any]]:
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_file(str(corpus / SOURCE))).read()
    if errors:
        raise SystemExit(f"cannot read {SOURCE}: {errors}")
    records: list[dict[str, Any]] = messages["record_mesgs"]
    # every field on every record: a field a record lacks keeps the previous record's value
    last: dict[str, Any] = {"temperature": 18, "stance_time": 270.0}
    out = []
    for record in records:
        for name in _FIELDS:
            if record.get(name) is not None:
                last[name] = record[name]
        out.append(
            {
                **{name: last.get(name, 0) for name in _FIELDS},
                "step_speed": float(record.get("enhanced_speed") or 0.0),
            }
        )
    return out


def long_run(records: list[dict[str, Any]], start: datetime, minutes: int, first: int) -> bytes:
    """One run of `minutes` at 1 s from `records`, played from index `first` and looped."""
    from garmin_fit_sdk import Encoder, Profile

    mesg = Profile["mesg_num"]
    encoder = Encoder()
    serial = 3_448_026_845
    encoder.on_mesg(
        mesg["FILE_ID"],
        {
            "type": "activity",
            "manufacturer": "garmin",
            "product": 4315,
            "time_created": start,
            "serial_number": serial,
        },
    )
    encoder.on_mesg(mesg["FILE_CREATOR"], {"software_version": 2709})
    encoder.on_mesg(
        mesg["DEVICE_INFO"],
        {
            "timestamp": start,
            "serial_number": serial,
            "manufacturer": "garmin",
            "product": 4315,
            "software_version": 27.09,
            "device_index": "creator",
            "source_type": "local",
        },
    )
    encoder.on_mesg(
        mesg["EVENT"],
        {"timestamp": start, "event": "timer", "event_type": "start", "timer_trigger": "manual"},
    )
    seconds = minutes * 60
    distance = 0.0
    ascent = 0.0
    heart: list[int] = []
    lap_start, lap_distance, lap_index = 0, 0.0, 0
    laps: list[dict[str, Any]] = []

    def close_lap(at: int) -> None:
        nonlocal lap_start, lap_distance, lap_index
        laps.append(
            {
                "timestamp": start + timedelta(seconds=at),
                "start_time": start + timedelta(seconds=lap_start),
                "total_elapsed_time": float(at - lap_start),
                "total_timer_time": float(at - lap_start),
                "total_distance": distance - lap_distance,
                "message_index": lap_index,
                "event": "lap",
                "event_type": "stop",
                "lap_trigger": "distance",
                "sport": "running",
            }
        )
        lap_start, lap_distance, lap_index = at, distance, lap_index + 1

    previous_altitude = None
    for second in range(seconds):
        real = records[(first + second) % len(records)]
        speed = real["step_speed"]
        distance += speed
        altitude = float(real["enhanced_altitude"])
        if previous_altitude is not None and altitude > previous_altitude:
            ascent += altitude - previous_altitude
        previous_altitude = altitude
        heart.append(int(real["heart_rate"]))
        record = {name: real[name] for name in _FIELDS}
        record.update(
            timestamp=start + timedelta(seconds=second),
            distance=round(distance, 2),
            enhanced_speed=speed,
            activity_type="running",
        )
        encoder.on_mesg(mesg["RECORD"], record)
        if distance - lap_distance >= 1000.0:
            close_lap(second)
    if seconds - lap_start > 1:
        close_lap(seconds - 1)
    end = start + timedelta(seconds=seconds - 1)
    encoder.on_mesg(
        mesg["EVENT"],
        {"timestamp": end, "event": "timer", "event_type": "stop_all", "timer_trigger": "manual"},
    )
    for lap in laps:
        encoder.on_mesg(mesg["LAP"], lap)
    encoder.on_mesg(
        mesg["SESSION"],
        {
            "timestamp": end,
            "start_time": start,
            "total_elapsed_time": float(seconds - 1),
            "total_timer_time": float(seconds - 1),
            "total_distance": distance,
            "total_ascent": round(ascent),
            "sport": "running",
            "sub_sport": "generic",
            "avg_heart_rate": round(sum(heart) / len(heart)),
            "max_heart_rate": max(heart),
            "first_lap_index": 0,
            "num_laps": len(laps),
            "message_index": 0,
            "event": "session",
            "event_type": "stop",
            "trigger": "activity_end",
        },
    )
    local = (end - _FIT_EPOCH).total_seconds() + 3600
    encoder.on_mesg(
        mesg["ACTIVITY"],
        {
            "timestamp": end,
            "local_timestamp": int(local),
            "num_sessions": 1,
            "total_timer_time": float(seconds - 1),
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
        },
    )
    data: bytes = encoder.close()
    return data


def write_long_runs(corpus: Path, folder: Path, count: int, seed: int = 955) -> list[Path]:
    """`count` long runs as .fit files in `folder` (kept when already there); their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = [folder / f"run-{i + 1:04d}.fit" for i in range(count)]
    if all(p.exists() for p in wanted):
        return wanted
    records = _real_records(corpus)
    chance = random.Random(seed)
    last = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    for i, path in enumerate(wanted):
        minutes = chance.randint(60, 120)
        first = chance.randrange(len(records))
        start = last - timedelta(days=2 * i, minutes=chance.randint(0, 90))
        if not path.exists():
            part = path.with_suffix(".part")
            part.write_bytes(long_run(records, start, minutes, first))
            part.replace(path)
    return wanted


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument(
        "--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared"
    )
    args = parser.parse_args()
    paths = write_long_runs(args.corpus / "corpus", args.folder, args.count)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 1e6:.1f} MB, {math.ceil(size / len(paths) / 1e3)} KB each")


if __name__ == "__main__":
    main()
