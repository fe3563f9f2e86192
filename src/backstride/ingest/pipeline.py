"""`backstride import`: sources in, activities stored, one report out.

Each file's gunzip, hash and decoding (with its samples encoded for the store and its
warm-up and cool-down found) run in worker processes on both cores; deciding what is a
duplicate and writing happen here. Duplicates are found in memory (the stored files' hashes
and activity starts are read once, and again before each write); new activities are written
in batched transactions, committed every `BATCH_SIZE` activities or `BATCH_SECONDS`, so an
interrupted import leaves a consistent database and a re-run completes it. An activity that
may be the same run as a stored one takes the exact path, one transaction, after the batch.
"""

from __future__ import annotations

import bisect
import contextlib
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import ParamSpec, TypeVar

from backstride.domain import Activity, bounds
from backstride.domain.activity import part_hash
from backstride.ingest import prepare
from backstride.ingest.decode import PARSERS
from backstride.ingest.dedup import Outcome, decide, same_run
from backstride.ingest.errors import IngestError
from backstride.ingest.exports.tree import (
    ExportMetadata,
    activity_from_metadata,
    apply_metadata,
)
from backstride.ingest.prepare import Decoded, prepare_file, start_worker
from backstride.ingest.sniff import Kind
from backstride.ingest.sources import Source, sources
from backstride.store import AlreadyImported, Store, StoreError
from backstride.store.store import ImportIndex, NewActivity
from backstride.training.routines import RoutineFound

_P = ParamSpec("_P")
_T = TypeVar("_T")

# Files decoded ahead of the one being stored, per worker: enough to keep both
# cores busy, few enough that memory stays flat however large the export.
WINDOW_PER_WORKER = 4
# Below this many files a pool costs more to start than it saves.
POOL_THRESHOLD = 8
# New activities are committed this many at a time, or after this long, whichever is first.
BATCH_SIZE = 64
BATCH_SECONDS = 1.0


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


Progress = Callable[[int, int], None]  # (items done, bytes read)
Decoder = Callable[[bytes, str], Decoded]


@dataclass
class _Pending:
    source: Source
    future: Future[Decoded] | None = None
    ready: list[Activity] | None = None


class _InlineExecutor(Executor):
    """Runs work at once in this process: for small imports and for tests."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _executor(workers: int, known: frozenset[str]) -> Executor:
    if workers <= 1:
        return _InlineExecutor()
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # the server imports the decoders once (and nothing else: no database, no web);
        # each worker starts as a fork of it
        context.set_forkserver_preload([prepare.__name__, *PARSERS.values()])
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=start_worker,
        initargs=(os.getpid(), known),
    )


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
    writer = _Writer(store, report)
    with contextlib.ExitStack() as stack:
        items = list(sources(list(paths), stack))
        if total_hint is not None:
            total_hint(len(items))
        count = workers if workers is not None else default_workers()
        if len(items) < POOL_THRESHOLD:
            count = 1
        known = frozenset(writer.index.hashes) | report.skip_hashes
        executor = stack.enter_context(_executor(count, known))
        try:
            inline = isinstance(executor, _InlineExecutor)
            decode = partial(
                prepare_file,
                parsers=dict(parsers) if parsers else None,
                known=known if inline else None,  # workers hold theirs from the start
            )
            window = max(count, 1) * WINDOW_PER_WORKER
            _run(writer, items, executor, decode, window, progress)
            writer.flush()
        except KeyboardInterrupt:
            report.interrupted = True
            if isinstance(executor, ProcessPoolExecutor):
                executor.shutdown(wait=False, cancel_futures=True)
            with contextlib.suppress(StoreError):
                writer.flush()  # what was finished is kept
            raise
        finally:
            # Names come from files and exports: each line stays one line, free of escapes.
            report.warnings = [bounds.one_line(w) for w in report.warnings]
    if include_deleted:
        store.forget_reimported_files()
    return report


# Activities starting this close to a stored one may be the same run (dedup.same_run).
_SAME_RUN_WINDOW = timedelta(seconds=60)


class _Writer:
    """Decides what each decoded activity is and writes the new ones in batches.

    Holds the stored files' hashes and activities' starts in memory (read once, then only
    what was stored since, before each batch is written: another import may be writing
    too), plus the batch not yet written.
    """

    def __init__(self, store: Store, report: ImportReport) -> None:
        self.store = store
        self.report = report
        self.index = ImportIndex({}, [], (0, 0))
        self.starts: list[datetime] = []  # sorted, stored and batched
        self.batch: list[NewActivity] = []
        self.batch_started = 0.0
        self.refresh()

    def refresh(self) -> None:
        fresh = self.store.import_index(self.index.last)
        self.index.hashes.update(fresh.hashes)
        for start, _ in fresh.starts:
            bisect.insort(self.starts, start)
        self.index = ImportIndex(self.index.hashes, [], fresh.last)

    def owner(self, content_hash: str | None) -> int | None:
        """The stored activity this hash went into (the batch is written first if it is
        there); None when it is new."""
        if not content_hash or content_hash not in self.index.hashes:
            return None
        if self.index.hashes[content_hash] < 0:
            self.flush()
            return self.index.hashes.get(content_hash) or self.store.activity_for_hash(content_hash)
        return self.index.hashes[content_hash]

    def near_stored(self, start: datetime) -> bool:
        at = bisect.bisect_left(self.starts, start - _SAME_RUN_WINDOW)
        return at < len(self.starts) and self.starts[at] <= start + _SAME_RUN_WINDOW

    def add(
        self,
        activity: Activity,
        also: list[tuple[str, str | None]],
        blob: bytes | None,
        routine: RoutineFound | None,
    ) -> bool:
        """Batch a new activity; False when it may be the same run as another (not batched)."""
        if self.near_stored(activity.start_utc):
            return False
        new = NewActivity(activity, tuple(also), blob, routine)
        if not self.batch:
            self.batch_started = time.monotonic()
        self.batch.append(new)
        for content_hash, _ in [(activity.content_hash, None), *also]:
            if content_hash:
                self.index.hashes[content_hash] = -1  # in the batch
        bisect.insort(self.starts, activity.start_utc)
        if len(self.batch) >= BATCH_SIZE or time.monotonic() - self.batch_started > BATCH_SECONDS:
            self.flush()
        return True

    def flush(self) -> None:
        """Write the batch in one transaction; one by one when that fails (to learn which)."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            self.store.add_activities(batch)
            self.report.imported += len(batch)
        except StoreError:
            for new in batch:
                self._one(new)
        for new in batch:  # forget the placeholders; the refresh reads the real ids
            for content_hash, _ in [(new.activity.content_hash, None), *new.also_hashes]:
                if content_hash and self.index.hashes.get(content_hash) == -1:
                    del self.index.hashes[content_hash]
        self.refresh()

    def _one(self, new: NewActivity) -> None:
        source_file = new.activity.source_file or "a file"
        try:
            outcome = store_activity(
                self.store, new.activity, list(new.also_hashes), samples_blob=new.samples_blob
            )
        except AlreadyImported:
            self.report.duplicates += 1  # another import stored it first
            return
        except StoreError as exc:
            _fail(self.report, source_file, str(exc))
            return
        _count(self.report, outcome)

    def exact(
        self,
        activity: Activity,
        also: list[tuple[str, str | None]],
        blob: bytes | None,
        source_file: str,
    ) -> bool:
        """The same run may be stored already: write the batch, then decide against the
        stored activities with their samples, in one transaction. False when it failed."""
        self.flush()
        try:
            checked = self.owner(activity.content_hash) is None
            outcome = store_activity(
                self.store, activity, also, hash_checked=checked, samples_blob=blob
            )
        except AlreadyImported:
            self.report.duplicates += 1
            return True
        except StoreError as exc:
            _fail(self.report, source_file, str(exc))
            return False
        finally:
            self.refresh()
        _count(self.report, outcome)
        return True


def _count(report: ImportReport, outcome: Outcome) -> None:
    if outcome is Outcome.NEW:
        report.imported += 1
    elif outcome is Outcome.DUPLICATE:
        report.duplicates += 1
    else:
        report.merged += 1


def _run(
    writer: _Writer,
    items: list[Source],
    executor: Executor,
    decode: Decoder,
    window: int,
    progress: Progress | None,
) -> None:
    report = writer.report
    pending: deque[_Pending] = deque()
    done = 0
    for source in items:
        work = _prepare(source, executor, decode, report)
        if work is not None:
            pending.append(work)
        else:
            done += 1
            if progress:
                progress(done, report.bytes_read)
        while len(pending) > window or (pending and _is_ready(pending[0])):
            _finish(writer, pending.popleft())
            done += 1
            if progress:
                progress(done, report.bytes_read)
    while pending:
        _finish(writer, pending.popleft())
        done += 1
        if progress:
            progress(done, report.bytes_read)


def _is_ready(work: _Pending) -> bool:
    return work.future is None or work.future.done()


def _fail(report: ImportReport, source_file: str, message: str) -> None:
    line = message if message.startswith(source_file) else f"{source_file}: {message}"
    report.failed.append(bounds.one_line(line))


def _prepare(
    source: Source, executor: Executor, decode: Decoder, report: ImportReport
) -> _Pending | None:
    """Read one item and hand it to a worker (gunzip, hash, decode)."""
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
        return _Pending(source, ready=[activity])
    try:
        raw = item.load()
        if not raw:
            raise IngestError("empty file")
    except IngestError as exc:
        return _fallback_or_fail(source, str(exc), report)
    return _Pending(source, future=executor.submit(decode, raw, item.source_file))


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
            return _Pending(source, ready=[activity])
    _fail(report, item.source_file, message)
    return None


def _enrich_known(
    writer: _Writer, activity_id: int, meta: ExportMetadata | None, report: ImportReport
) -> None:
    """A file imported before: count it, and let an export's row fill its gaps."""
    report.duplicates += 1
    if meta is None:
        return
    store = writer.store
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


def _finish(writer: _Writer, work: _Pending) -> None:
    report = writer.report
    item = work.source.item
    if work.ready is not None:
        _store_all(writer, work.ready, None, item.source_file)
        return
    assert work.future is not None
    decoded = work.future.result()
    report.bytes_read += decoded.size
    if decoded.unwrap_error is not None:
        fallback = _fallback_or_fail(work.source, decoded.unwrap_error, report)
        if fallback is not None and fallback.ready:
            _store_all(writer, fallback.ready, None, item.source_file)
        return
    if decoded.kind is Kind.UNKNOWN or decoded.kind is Kind.ZIP:
        if work.source.strict:
            what = (
                "a zip inside an export"
                if decoded.kind is Kind.ZIP
                else "not FIT, GPX or TCX content"
            )
            fallback = _fallback_or_fail(work.source, f"unsupported file: {what}", report)
            if fallback is not None and fallback.ready:
                _store_all(writer, fallback.ready, None, item.source_file)
        return
    if decoded.file_hash in report.skip_hashes:
        report.deleted += 1
        return
    known = writer.owner(decoded.file_hash)
    if known is not None:
        _enrich_known(writer, known, item.metadata, report)
        return
    if decoded.known:  # stored when the import began (its hash is in the index: unreachable)
        report.duplicates += 1
        return
    if decoded.not_an_activity:
        report.skipped += 1
        return
    if decoded.error is not None:
        fallback = _fallback_or_fail(work.source, decoded.error, report)
        if fallback is not None and fallback.ready:
            _store_all(writer, fallback.ready, None, item.source_file)
        return
    activities = decoded.activities
    meta = item.metadata
    if meta is None and item.match is not None:
        meta = item.match(activities)
    if meta is not None:
        activities = apply_metadata(activities, meta)
    _store_all(
        writer, activities, decoded.file_hash, item.source_file, decoded.blobs, decoded.routines
    )


def _store_all(
    writer: _Writer,
    activities: list[Activity],
    file_hash: str | None,
    source_file: str,
    blobs: list[bytes | None] | None = None,
    routines: list[RoutineFound | None] | None = None,
) -> None:
    report = writer.report
    activities = _distinct_hashes(activities, file_hash)
    for index, activity in enumerate(activities):
        blob = blobs[index] if blobs and index < len(blobs) else None
        routine = routines[index] if routines and index < len(routines) else None
        cleaned = bounds.cleaned(activity)
        if cleaned is not activity and cleaned != activity:
            blob, routine = None, None  # the store encodes and detects what is kept
        activity = cleaned
        wrong = bounds.problem(activity)
        if wrong is not None:
            what = f"activity {index + 1}: " if len(activities) > 1 else ""
            _fail(report, source_file, f"{what}not imported: {wrong}")
            continue
        if activity.content_hash in report.skip_hashes:  # deleted by the runner: a run
            report.deleted += 1  # from an export's row alone has no file hash to skip
            continue
        also: list[tuple[str, str | None]] = []
        if index == 0 and file_hash is not None and file_hash != activity.content_hash:
            also.append((file_hash, source_file))
        if writer.owner(activity.content_hash) is not None:
            report.duplicates += 1
            continue
        if writer.add(activity, also, blob, routine):
            continue
        if not writer.exact(activity, also, blob, source_file):
            return


def _distinct_hashes(activities: list[Activity], file_hash: str | None) -> list[Activity]:
    """Several activities from one file each get their own key, from the file's hash."""
    if len(activities) < 2:
        return activities
    hashes = [a.content_hash for a in activities]
    if len(set(hashes)) == len(hashes) and file_hash not in hashes:
        return activities
    base = file_hash or hashes[0] or ""
    return [a.with_(content_hash=part_hash(base, i + 1)) for i, a in enumerate(activities)]


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
