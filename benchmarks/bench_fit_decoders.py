"""Every FIT decoder side by side on the same files and the same pipeline.

Each candidate decodes records, laps and sessions of every FIT file in
../shared/corpus/fit and inside the sample Strava and Garmin exports, and
hands them to `fit_common.build_activities`, so the work measured is the
import's. Each runs in its own process (peak memory is that process's
ru_maxrss), single core; ours runs once more on two worker processes.

    .venv/bin/python benchmarks/bench_fit_decoders.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from backstride.domain import Activity
from backstride.ingest.errors import IngestError
from backstride.ingest.fit.common import build_activities

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BACKSTRIDE_CORPUS", REPO.parent / "shared" / "corpus"))

Messages = dict[str, list[dict[str, Any]]]


def inputs() -> list[tuple[str, bytes]]:
    """(name, bytes) of every FIT file in the corpus and inside the sample exports."""
    out = [(p.name, p.read_bytes()) for p in sorted((CORPUS / "fit").iterdir())]
    for archive in sorted((CORPUS / "export").glob("*.zip")):
        out.extend(_from_zip(archive.name, archive.read_bytes()))
    return out


def _from_zip(prefix: str, blob: bytes) -> list[tuple[str, bytes]]:
    out = []
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        for name in archive.namelist():
            lower = name.lower()
            if lower.endswith(".zip"):
                out.extend(_from_zip(f"{prefix}!{name}", archive.read(name)))
            elif lower.endswith(".fit.gz"):
                out.append((f"{prefix}!{name}", gzip.decompress(archive.read(name))))
            elif lower.endswith(".fit"):
                out.append((f"{prefix}!{name}", archive.read(name)))
    return out


def _build(messages: Messages, data: bytes, name: str) -> list[Activity]:
    file_ids, activities = messages.get("file_id", []), messages.get("activity", [])
    return build_activities(
        sessions=messages.get("session", []),
        records=messages.get("record", []),
        laps=messages.get("lap", []),
        file_id=file_ids[0] if file_ids else None,
        activity=activities[0] if activities else None,
        source_file=name,
        content_hash=hashlib.sha256(data).hexdigest(),
    )


_KEEP = ("file_id", "activity", "session", "lap", "record")


def _fitdecode(data: bytes, name: str) -> list[Activity]:
    import fitdecode

    messages: Messages = {k: [] for k in _KEEP}
    with fitdecode.FitReader(io.BytesIO(data)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name in messages:
                messages[frame.name].append({f.name: f.value for f in frame.fields})
    return _build(messages, data, name)


def _fitparse(data: bytes, name: str) -> list[Activity]:
    import fitparse

    messages: Messages = {k: [] for k in _KEEP}
    for message in fitparse.FitFile(io.BytesIO(data)).get_messages(list(_KEEP)):
        messages[message.name].append(message.get_values())
    return _build(messages, data, name)


def _fitfast(data: bytes, name: str) -> list[Activity]:
    import fitfast

    parsed = fitfast.parse(data, datetimes=True)
    return _build({k: parsed.get(k, []) for k in _KEEP}, data, name)  # type: ignore[misc]


def _pyfitparsernative(data: bytes, name: str) -> list[Activity]:
    import pyfitparsernative

    messages: Messages = {k: [] for k in _KEEP}
    for message in pyfitparsernative.parse_fit_bytes(data):
        kind = message.pop("message_type", None)
        if kind in messages:
            for key in ("timestamp", "start_time"):
                if isinstance(message.get(key), str):
                    message[key] = datetime.fromisoformat(message[key]).replace(tzinfo=UTC)
            messages[kind].append(message)
    return _build(messages, data, name)


def _sdk(data: bytes, name: str) -> list[Activity]:
    from backstride.ingest.fit import sdk as fit_sdk

    return fit_sdk.parse(data, name)


def _ours(data: bytes, name: str) -> list[Activity]:
    from backstride.ingest import fit

    return fit.parse(data, name)


CANDIDATES: dict[str, Callable[[bytes, str], list[Activity]]] = {
    "garmin-fit-sdk": _sdk,
    "fitdecode": _fitdecode,
    "fitparse": _fitparse,
    "fitfast": _fitfast,
    "pyfitparsernative": _pyfitparsernative,
    "backstride.ingest.fit": _ours,
}


def run_one(name: str) -> dict[str, Any]:
    """Decode every input with one candidate in this process."""
    decode = CANDIDATES[name]
    files = inputs()
    with contextlib.suppress(Exception):  # import the package outside the timing
        decode(files[0][1], files[0][0])
    done = activities = failed = size = 0
    start = time.perf_counter()
    for file_name, data in files:
        size += len(data)
        try:
            activities += len(decode(data, file_name))
            done += 1
        except IngestError:
            failed += 1
        except Exception:
            failed += 1
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "files": len(files),
        "ok": done,
        "failed": failed,
        "activities": activities,
        "bytes": size,
        "seconds": seconds,
        "peak_mb": peak_mb,
    }


_FILES: list[tuple[str, bytes]] = []


def _init() -> None:
    _FILES.extend(inputs())


def _count(index: int) -> int:
    name, data = _FILES[index]
    try:
        return len(_ours(data, name))
    except IngestError:
        return -1


def run_parallel(workers: int) -> dict[str, Any]:
    """Ours on `workers` processes, each reading the inputs once before the clock starts."""
    files = inputs()
    with Pool(workers, initializer=_init) as pool:
        pool.map(_count, range(workers), chunksize=1)  # warm up: every worker loaded
        start = time.perf_counter()
        counts = pool.map(_count, range(len(files)), chunksize=4)
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "files": len(files),
        "ok": sum(c >= 0 for c in counts),
        "failed": sum(c < 0 for c in counts),
        "activities": sum(max(c, 0) for c in counts),
        "bytes": sum(len(d) for _, d in files),
        "seconds": seconds,
        "peak_mb": peak_mb,
    }


def _available(name: str) -> bool:
    module = {
        "garmin-fit-sdk": "garmin_fit_sdk",
        "backstride.ingest.fit": "backstride",
    }.get(name, name)
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="candidates to run")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--parallel", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    if args.parallel:
        print(json.dumps(run_parallel(args.parallel)))
        return
    rows: list[tuple[str, dict[str, Any]]] = []
    for name in args.only or list(CANDIDATES):
        if not _available(name):
            print(f"{name}: not installed, skipped", file=sys.stderr)
            continue
        rows.append((name, _child(["--one", name])))
        print(f"{name}: done in {rows[-1][1]['seconds']:.1f} s", file=sys.stderr)
    if not args.only or "backstride.ingest.fit" in args.only:
        rows.append(("backstride.ingest.fit, 2 processes", _child(["--parallel", "2"])))
    _table(rows)


def _child(extra: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *extra], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _table(rows: list[tuple[str, dict[str, Any]]]) -> None:
    base = dict(rows).get("garmin-fit-sdk")
    first = rows[0][1]
    print(
        f"\n{first['files']} FIT files, {first['bytes'] / 1e6:.1f} MB; times exclude reading "
        "the files and unzipping; peak = the process's max RSS\n"
    )
    print(
        "| decoder | files ok | failed | MB/s | activities/s | peak MB "
        "| MB/s vs SDK | act/s vs SDK | peak vs SDK |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        mbs = r["bytes"] / 1e6 / r["seconds"]
        aps = r["activities"] / r["seconds"]
        ratios = ["", "", ""]
        if base:
            ratios = [
                f"{mbs / (base['bytes'] / 1e6 / base['seconds']):.1f}x",
                f"{aps / (base['activities'] / base['seconds']):.1f}x",
                f"{r['peak_mb'] / base['peak_mb']:.2f}x",
            ]
        print(
            f"| {name} | {r['ok']} | {r['failed']} | {mbs:.2f} | {aps:.1f} | "
            f"{r['peak_mb']:.0f} | {' | '.join(ratios)} |"
        )


if __name__ == "__main__":
    main()
