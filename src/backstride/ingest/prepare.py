"""One file's share of an import that runs in a worker process: gunzip, hash, decode,
the samples encoded for the store and a run's warm-up and cool-down found.

This module is what the import's forkserver loads before it forks the workers, so it
imports only what decoding needs (no database, no web): a worker pool starts in a
fraction of the time it would take with the whole application loaded.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from backstride.domain import Activity, samples_codec
from backstride.ingest.decode import parse_any, unwrap
from backstride.ingest.errors import IngestError, NotAnActivity, damage
from backstride.ingest.sniff import Kind
from backstride.training.routines import RoutineFound


@dataclass(frozen=True)
class Decoded:
    """A worker's answer for one file: its activities, or one line saying why not."""

    activities: list[Activity]
    error: str | None = None
    not_an_activity: bool = False
    # Each activity's samples, already encoded for the store (the worker's share of the work).
    blobs: list[bytes | None] = field(default_factory=list)
    # Each run's warm-up and cool-down, found from its samples (None for other sports).
    routines: list[RoutineFound | None] = field(default_factory=list)
    kind: Kind = Kind.UNKNOWN
    file_hash: str | None = None
    size: int = 0  # bytes after gzip
    known: bool = False  # a file stored (or deleted) before: not decoded
    unwrap_error: str | None = None  # the bytes are not a readable file at all


# The hashes a worker need not decode (files stored or deleted before this import began).
_KNOWN: frozenset[str] = frozenset()


def _routine(activity: Activity) -> RoutineFound | None:
    return RoutineFound.of(activity) if activity.is_run else None


def _encoded(activity: Activity) -> bytes | None:
    if activity.samples is None:
        return None
    try:
        return samples_codec.encode(activity.samples)
    except ValueError:
        return None  # the store encodes again and says what is wrong


def decode_file(
    kind: Kind, data: bytes, source_file: str, parsers: Mapping[Kind, str] | None = None
) -> Decoded:
    """Decode one unwrapped file. Runs in a worker process; never raises."""
    try:
        activities = parse_any(data, source_file, parsers)
        return Decoded(
            activities,
            blobs=[_encoded(a) for a in activities],
            routines=[_routine(a) for a in activities],
        )
    except NotAnActivity as exc:
        return Decoded([], str(exc), not_an_activity=True)
    except IngestError as exc:
        return Decoded([], str(exc))
    except Exception as exc:  # a parser bug must not end a ten-year import
        return Decoded([], f"could not be decoded: {damage(exc)}")


def prepare_file(
    raw: bytes,
    source_file: str,
    parsers: Mapping[Kind, str] | None = None,
    known: frozenset[str] | None = None,
) -> Decoded:
    """One file as read: gunzip, hash and (unless its hash is `known`, by default the
    worker's set) decode it. Runs in a worker process; never raises."""
    try:
        kind, data = unwrap(raw)
    except IngestError as exc:
        return Decoded([], unwrap_error=str(exc))
    except Exception as exc:  # a gzip bug must not end a ten-year import
        return Decoded([], unwrap_error=f"could not be read: {damage(exc)}")
    if kind is Kind.UNKNOWN or kind is Kind.ZIP:
        return Decoded([], kind=kind, size=len(data))
    file_hash = hashlib.sha256(data).hexdigest()
    if file_hash in (_KNOWN if known is None else known):
        return Decoded([], kind=kind, file_hash=file_hash, size=len(data), known=True)
    decoded = decode_file(kind, data, source_file, parsers)
    return Decoded(
        decoded.activities,
        decoded.error,
        decoded.not_an_activity,
        decoded.blobs,
        decoded.routines,
        kind,
        file_hash,
        len(data),
    )


def start_worker(parent_pid: int, known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known
    die_with(parent_pid)


# How often a worker looks whether the import that started it is still there.
WATCH_INTERVAL_S = 0.5


def die_with(parent_pid: int) -> None:
    """Run in each worker: exit as soon as the import process is gone (killed with -9,
    it cannot tell its workers). The forkserver, the workers' own parent, then exits too."""

    def watch() -> None:
        while True:
            time.sleep(WATCH_INTERVAL_S)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid now belongs to another user's process
                os._exit(1)

    threading.Thread(target=watch, name="backstride-watch-parent", daemon=True).start()
