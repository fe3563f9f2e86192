"""`backstride import`: sources in, activities stored, one report out.

Decoding runs in worker processes (both cores); deciding what is a duplicate
and writing to the store happen here, one transaction per activity, so an
interrupted import leaves a consistent database and a re-run completes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import ParamSpec, TypeVar

from backstride.domain import Activity, bounds
from backstride.ingest.decode import parse_any, unwrap
from backstride.ingest.dedup import Outcome, decide, same_run
from backstride.ingest.errors import IngestError, NotAnActivity, damage
from backstride.ingest.exports.tree import (
    ExportMetadata,
    activity_from_metadata,
    apply_metadata,
)
from backstride.ingest.sniff import Kind
from backstride.ingest.sources import Source, sources
from backstride.store import AlreadyImported, Store, StoreError, samples_codec

_P = ParamSpec("_P")
_T = TypeVar("_T")

# Files decoded ahead of the one being stored, per worker: enough to keep both
# cores busy, few enough that memory stays flat however large the export.
WINDOW_PER_WORKER = 4
# Below this many files a pool costs more to start than it saves.
POOL_THRESHOLD = 8


@dataclass
class ImportReport:
    """What an import did, for the runner and for scripts."""

    imported: int = 0
    merged: int = 0  # the same run from another source, combined with the stored one
    duplicates: int = 0
    skipped: int = 0  # valid files that hold no activity (settings, workouts, ...)
    failed: list[str] = field(default_factory=list)  # one line each: which file, what is wrong
    warnings: list[str] = field(default_factory=list)
    bytes_read: int = 0  # of activity files, after gzip
    interrupted: bool = False
    deleted: int = 0  # files of activities the runner deleted: skipped unless asked
    # the content hashes this import skips (the runner deleted their activities)
    skip_hashes: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def files_failed(self) -> int:
        return len(self.failed)

    def as_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "merged": self.merged,
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "failed": self.failed,
            "warnings": self.warnings,
            "interrupted": self.interrupted,
            "deleted": self.deleted,
        }


@dataclass(frozen=True)
class Decoded:
    """A worker's answer for one file: its activities, or one line saying why not."""

    activities: list[Activity]
    error: str | None = None
    not_an_activity: bool = False
    # Each activity's samples, already encoded for the store (the worker's share of the work).
    blobs: list[bytes | None] = field(default_factory=list)


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
        return Decoded(activities, blobs=[_encoded(a) for a in activities])
    except NotAnActivity as exc:
        return Decoded([], str(exc), not_an_activity=True)
    except IngestError as exc:
        return Decoded([], str(exc))
    except Exception as exc:  # a parser bug must not end a ten-year import
        return Decoded([], f"could not be decoded: {damage(exc)}")


Progress = Callable[[int, int], None]  # (items done, bytes read)
Decoder = Callable[[Kind, bytes, str], Decoded]


@dataclass
class _Pending:
    source: Source
    file_hash: str | None
    future: Future[Decoded] | None = None
    ready: list[Activity] | None = None


class _InlineExecutor(Executor):
    """Runs work at once in this process: for small imports and for tests."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(workers: int) -> Executor:
    if workers <= 1:
        return _InlineExecutor()
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=die_with,
        initargs=(os.getpid(),),
    )


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


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def import_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    total_hint: Callable[[int], None] | None = None,
    parsers: Mapping[Kind, str] | None = None,
    include_deleted: bool = False,
) -> ImportReport:
    """Import every activity under `paths` into `store`.

    The files of activities the runner deleted are skipped (counted in `deleted`) unless
    `include_deleted`. `parsers` overrides the parser module per format (for the
    benchmarks).
    """
    report = ImportReport(
        skip_hashes=frozenset() if include_deleted else store.deleted_file_hashes()
    )
    with contextlib.ExitStack() as stack:
        items = list(sources(list(paths), stack))
        if total_hint is not None:
            total_hint(len(items))
        count = workers if workers is not None else default_workers()
        if len(items) < POOL_THRESHOLD:
            count = 1
        executor = stack.enter_context(_executor(count))
        try:
            decode = partial(decode_file, parsers=dict(parsers) if parsers else None)
            window = max(count, 1) * WINDOW_PER_WORKER
            _run(store, items, executor, decode, window, report, progress)
        except KeyboardInterrupt:
            report.interrupted = True
            if isinstance(executor, ProcessPoolExecutor):
                executor.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            # Names come from files and exports: each line stays one line, free of escapes.
            report.warnings = [bounds.one_line(w) for w in report.warnings]
    if include_deleted:
        store.forget_reimported_files()
    return report


def _run(
    store: Store,
    items: list[Source],
    executor: Executor,
    decode: Decoder,
    window: int,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    pending: deque[_Pending] = deque()
    done = 0
    for source in items:
        work = _prepare(store, source, executor, decode, report)
        if work is not None:
            pending.append(work)
        else:
            done += 1
            if progress:
                progress(done, report.bytes_read)
        while len(pending) > window or (pending and _is_ready(pending[0])):
            _finish(store, pending.popleft(), report)
            done += 1
            if progress:
                progress(done, report.bytes_read)
    while pending:
        _finish(store, pending.popleft(), report)
        done += 1
        if progress:
            progress(done, report.bytes_read)


def _is_ready(work: _Pending) -> bool:
    return work.future is None or work.future.done()


def _fail(report: ImportReport, source_file: str, message: str) -> None:
    line = message if message.startswith(source_file) else f"{source_file}: {message}"
    report.failed.append(bounds.one_line(line))


def _prepare(
    store: Store, source: Source, executor: Executor, decode: Decoder, report: ImportReport
) -> _Pending | None:
    """Load and hash one item; hand its decoding to a worker unless it is known."""
    item = source.item
    if item.error is not None:
        _fail(report, item.source_file, item.error)
        return None
    if item.warning:
        report.warnings.append(item.warning)
    if item.load is None:
        if item.metadata is None:
            return None
        try:
            activity = activity_from_metadata(item.metadata, item.source_file)
        except IngestError as exc:
            _fail(report, item.source_file, str(exc))
            return None
        return _Pending(source, None, ready=[activity])
    try:
        raw = item.load()
        if not raw:
            raise IngestError("empty file")
        kind, data = unwrap(raw)
        report.bytes_read += len(data)
    except IngestError as exc:
        return _fallback_or_fail(source, str(exc), report)
    if kind is Kind.UNKNOWN or kind is Kind.ZIP:
        if source.strict:
            what = "a zip inside an export" if kind is Kind.ZIP else "not FIT, GPX or TCX content"
            return _fallback_or_fail(source, f"unsupported file: {what}", report)
        return None
    file_hash = hashlib.sha256(data).hexdigest()
    if file_hash in report.skip_hashes:
        report.deleted += 1
        return None
    known = store.activity_for_hash(file_hash)
    if known is not None:
        _enrich_known(store, known, item.metadata, report)
        return None
    future = executor.submit(decode, kind, data, item.source_file)
    return _Pending(source, file_hash, future=future)


def _fallback_or_fail(source: Source, message: str, report: ImportReport) -> _Pending | None:
    item = source.item
    meta = item.metadata
    if meta is not None and meta.start_utc is not None:
        try:
            activity = activity_from_metadata(meta, item.source_file)
        except IngestError:
            pass
        else:
            report.warnings.append(f"{item.source_file}: {message}; imported from the export's row")
            return _Pending(source, None, ready=[activity])
    _fail(report, item.source_file, message)
    return None


def _enrich_known(
    store: Store, activity_id: int, meta: ExportMetadata | None, report: ImportReport
) -> None:
    """A file imported before: count it, and let an export's row fill its gaps."""
    report.duplicates += 1
    if meta is None:
        return
    stored = store.activity(activity_id, with_samples=False)
    if stored is None:
        return
    enriched = bounds.cleaned(apply_metadata([stored], meta)[0])
    if enriched == stored:
        return
    wrong = bounds.problem(enriched)
    if wrong is not None:
        report.warnings.append(bounds.one_line(f"{meta.row}: not used: {wrong}"))
        return
    try:
        store.replace_activity(activity_id, enriched)
    except StoreError as exc:
        report.warnings.append(bounds.one_line(f"{meta.row}: not used: {exc}"))


def _finish(store: Store, work: _Pending, report: ImportReport) -> None:
    item = work.source.item
    if work.ready is not None:
        activities = work.ready
    else:
        assert work.future is not None
        decoded = work.future.result()
        if decoded.not_an_activity:
            report.skipped += 1
            return
        if decoded.error is not None:
            fallback = _fallback_or_fail(work.source, decoded.error, report)
            if fallback is not None and fallback.ready:
                _store_all(store, fallback.ready, None, item.source_file, report)
            return
        activities = decoded.activities
        blobs = decoded.blobs
        meta = item.metadata
        if meta is None and item.match is not None:
            meta = item.match(activities)
        if meta is not None:
            activities = apply_metadata(activities, meta)
        _store_all(store, activities, work.file_hash, item.source_file, report, blobs)
        return
    _store_all(store, activities, work.file_hash, item.source_file, report)


def _store_all(
    store: Store,
    activities: list[Activity],
    file_hash: str | None,
    source_file: str,
    report: ImportReport,
    blobs: list[bytes | None] | None = None,
) -> None:
    activities = _distinct_hashes(activities, file_hash)
    for index, activity in enumerate(activities):
        blob = blobs[index] if blobs and index < len(blobs) else None
        activity = bounds.cleaned(activity)
        wrong = bounds.problem(activity)
        if wrong is not None:
            what = f"activity {index + 1}: " if len(activities) > 1 else ""
            _fail(report, source_file, f"{what}not imported: {wrong}")
            continue
        also: list[tuple[str, str | None]] = []
        if index == 0 and file_hash is not None and file_hash != activity.content_hash:
            also.append((file_hash, source_file))
        try:
            checked = activity.content_hash == file_hash
            outcome = store_activity(store, activity, also, hash_checked=checked, samples_blob=blob)
        except AlreadyImported:
            # Another import (at the same time, into the same database) stored it first.
            report.duplicates += 1
            continue
        except StoreError as exc:
            _fail(report, source_file, str(exc))
            return
        if outcome is Outcome.NEW:
            report.imported += 1
        elif outcome is Outcome.DUPLICATE:
            report.duplicates += 1
        else:
            report.merged += 1


def _distinct_hashes(activities: list[Activity], file_hash: str | None) -> list[Activity]:
    """Several activities from one file each get their own key: the file's hash and #n."""
    if len(activities) < 2:
        return activities
    hashes = [a.content_hash for a in activities]
    if len(set(hashes)) == len(hashes) and file_hash not in hashes:
        return activities
    base = file_hash or hashes[0] or ""
    return [a.with_(content_hash=f"{base}#{i + 1}") for i, a in enumerate(activities)]


def store_activity(
    store: Store,
    activity: Activity,
    also_hashes: list[tuple[str, str | None]] | None = None,
    *,
    hash_checked: bool = False,
    samples_blob: bytes | None = None,
) -> Outcome:
    """Store one activity, or merge it with the stored record of the same run.

    `hash_checked`: the caller has just looked its content hash up and not found it.
    `samples_blob`: the activity's samples, already encoded.
    """
    also = list(also_hashes or [])
    if (
        not hash_checked
        and activity.content_hash
        and store.activity_for_hash(activity.content_hash) is not None
    ):
        return Outcome.DUPLICATE
    near = [c for c in store.same_run_candidates(activity.start_utc) if same_run(activity, c)]
    full = [a for c in near if c.id is not None and (a := store.activity(c.id)) is not None]
    decision = decide(activity, full)
    if decision.outcome is Outcome.NEW:
        store.add_activity(activity, also_hashes=also, samples_blob=samples_blob)
        return Outcome.NEW
    assert decision.existing_id is not None
    if activity.content_hash:
        also.append((activity.content_hash, activity.source_file))
    if decision.outcome is Outcome.DUPLICATE:
        store.add_source_files(decision.existing_id, also)
    elif decision.outcome is Outcome.REPLACE:
        store.replace_activity(
            decision.existing_id, decision.activity, also_hashes=also, samples_blob=samples_blob
        )
    else:  # ENRICH: the stored record stays, with gaps filled from the new one
        store.replace_activity(
            decision.existing_id, decision.activity, also_hashes=also, keep_samples=True
        )
    return decision.outcome


def iter_sources(paths: list[Path]) -> Iterator[Source]:
    """The items `import_paths` would read (for `--dry-run` and tests)."""
    with contextlib.ExitStack() as stack:
        yield from sources(paths, stack)
