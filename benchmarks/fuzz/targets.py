"""What each coverage-guided fuzz target runs: the importer's own entry for one input, with
only backstride's refusals expected.

A FIT, GPX or TCX input goes through `parse_any` (the decode step every import runs in its
workers), then through what the pipeline does before the store: the export row applied, the
domain's bounds (`bounds.cleaned`, `bounds.problem`) and the samples' encoding. An export
input (a zip) is written to a file and read through `ingest.sources`, item by item, the way
`import_paths` prepares and decodes it. An `IngestError` (a refusal: one line naming what
is wrong) is expected; any other exception is a crash. So is a refusal whose line holds a
raw Python message or more than one line.

Plain Python: `run.py` wraps these in atheris; the regression tests call them directly.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from backstride.domain import Activity, bounds, samples_codec
from backstride.ingest.decode import parse_any, unwrap
from backstride.ingest.errors import IngestError
from backstride.ingest.exports.tree import activity_from_metadata, apply_metadata
from backstride.ingest.sniff import Kind
from backstride.ingest.sources import Source, sources

FORMATS = ("fit", "gpx", "tcx", "strava", "garmin")
FILE_FORMATS = ("fit", "gpx", "tcx")
# What no refusal may hold: Python speaking instead of backstride.
RAW = re.compile(
    r"Traceback|unsupported operand|Python int|object has no attribute|"
    r"(TypeError|ValueError|KeyError|IndexError|OverflowError|RecursionError|AttributeError)\b"
)


class BadRefusal(AssertionError):
    """A refusal that reaches the runner in Python's words or on several lines."""


def check_line(line: str) -> None:
    if RAW.search(line):
        raise BadRefusal(f"raw Python message in a refusal: {line[:300]!r}")
    if "\n" in bounds.one_line(line):
        raise BadRefusal(f"a refusal of several lines: {line[:300]!r}")


def _checked(activities: list[Activity]) -> int:
    """The pipeline's last steps before the store; how many activities would be stored."""
    stored = 0
    for activity in activities:
        activity = bounds.cleaned(activity)
        wrong = bounds.problem(activity)
        if wrong is not None:
            check_line(wrong)
            continue
        if activity.samples is not None:
            with contextlib.suppress(ValueError):  # the store says what is wrong
                samples_codec.encode(activity.samples)
        stored += 1
    return stored


def run_file(data: bytes, name: str = "fuzz-input") -> int:
    """One FIT, GPX or TCX input (or a gzip of one) through the importer's decode step."""
    try:
        if not data:
            raise IngestError("empty file")
        kind, unwrapped = unwrap(data)
        if kind is Kind.UNKNOWN or kind is Kind.ZIP:
            return 0
        activities = parse_any(unwrapped, name)
    except IngestError as exc:
        check_line(str(exc))
        return 0
    return _checked(activities)


def _run_source(source: Source, seen: set[str]) -> int:
    item = source.item
    if item.error is not None:
        check_line(item.error)
        return 0
    if item.warning:
        check_line(item.warning)
    meta = item.metadata
    try:
        if item.load is None:
            if meta is None:
                return 0
            return _checked([activity_from_metadata(meta, item.source_file)])
        raw = item.load()
        if not raw:
            raise IngestError("empty file")
        kind, data = unwrap(raw)
        if kind is Kind.UNKNOWN or kind is Kind.ZIP:
            return 0
        file_hash = hashlib.sha256(data).hexdigest()
        if file_hash in seen:  # the pipeline finds it stored: a duplicate, not decoded again
            return 0
        seen.add(file_hash)
        activities = parse_any(data, item.source_file)
    except IngestError as exc:
        check_line(str(exc))
        if meta is None or meta.start_utc is None:
            return 0
        try:  # the pipeline's fallback: the export's row alone
            return _checked([activity_from_metadata(meta, item.source_file)])
        except IngestError as again:
            check_line(str(again))
            return 0
    if meta is None and item.match is not None:
        meta = item.match(activities)
    if meta is not None:
        activities = apply_metadata(activities, meta)
    return _checked(activities)


_WORK: Path | None = None


def _work_dir() -> Path:
    global _WORK
    if _WORK is None:
        shm = Path("/dev/shm")
        base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        _WORK = Path(tempfile.mkdtemp(prefix="backstride-fuzz-", dir=base))
    return _WORK


def run_export(data: bytes, name: str = "export.zip") -> int:
    """One Strava or Garmin export zip through `ingest.sources`, item by item."""
    path = _work_dir() / name
    path.write_bytes(data)
    stored = 0
    try:
        with contextlib.ExitStack() as stack:
            seen: set[str] = set()
            for source in sources([path], stack):
                stored += _run_source(source, seen)
    except IngestError as exc:
        check_line(str(exc))
    return stored


def run(fmt: str, data: bytes) -> int:
    """The target of `fmt`: how many activities the input would store."""
    if fmt in FILE_FORMATS:
        return run_file(data, f"fuzz.{fmt}")
    if fmt in ("strava", "garmin"):
        return run_export(data, f"{fmt}-export.zip")
    raise ValueError(f"no fuzz target {fmt!r}: one of {', '.join(FORMATS)}")
