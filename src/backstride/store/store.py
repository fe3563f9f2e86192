"""Reading and writing activities, their samples, the athlete and their gear.

Every write is one transaction: an activity arrives whole (row, samples, gear,
source file hashes) or not at all, so an import killed halfway leaves a valid
database and running it again picks up where it stopped.

Over 500 lines on purpose: this is the `Store` class itself (opening, sessions, the
athlete) with the activity writes whose duplicate handling must stay in one transaction
and one place; back care, gear, plans and the whole-store archive are its mixins
(`backcare`, `gear`, `plans`, `everything`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import TracebackType
from typing import Any, Self, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, Table, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from backstride import clock
from backstride.domain import bounds, samples_codec
from backstride.domain.activity import Activity, Athlete, Gear, Sport, Units
from backstride.store.backcare import BackCareStore, detect_routine_row, routine_row_values
from backstride.store.engine import connect, display_url, driver_reason, migrate
from backstride.store.errors import AlreadyImported, InputError, StoreError
from backstride.store.everything import EverythingStore
from backstride.store.gear import GearStore
from backstride.store.laps import LapStore, lap_rows, put_laps
from backstride.store.location import is_time_zone, machine_time_zone
from backstride.store.plans import PlanStore
from backstride.store.revision import READ as READ_REVISION
from backstride.store.revision import track_writes
from backstride.store.rows import (
    activities_from_rows,
    activity_from_row,
    athlete_from_row,
    describe,
    fill_activity_row,
    gear_from_row,
    local_date,
    source_hashes,
)
from backstride.store.tables import (
    ActivityGearRow,
    ActivityLapRow,
    ActivityRow,
    ActivitySamplesRow,
    AthleteRow,
    GearRow,
    RunRoutineRow,
    SourceFileRow,
)
from backstride.store.trash import TrashStore
from backstride.training.routines import RoutineFound

# Local offsets run from UTC-12 to UTC+14: a UTC window this much wider than a
# local date range holds every activity of that range.
_OFFSET_MARGIN = timedelta(hours=15)
# Dates this close to the calendar's ends bound nothing (and would overflow).
_DATE_MARGIN = timedelta(days=2)
_IN_CHUNK = 500
log = logging.getLogger("backstride.store")


@dataclass(frozen=True)
class NewActivity:
    """One activity of an import's batch: with the files merged into it, its samples already
    encoded (or None) and its warm-up and cool-down already found (or None) by a worker."""

    activity: Activity
    also_hashes: tuple[tuple[str, str | None], ...] = ()
    samples_blob: bytes | None = None
    routine: RoutineFound | None = None


@dataclass(frozen=True)
class ImportIndex:
    """Stored source-file hashes (to their activity) and activity starts (with their ids)."""

    hashes: dict[str, int]
    starts: list[tuple[datetime, int]]
    last: tuple[int, int]  # the last activity id and source-file id read


class _Conflict(StoreError):
    """A write that broke a constraint (most often: a file already imported)."""


def open_store(url: str) -> Store:
    """The store at `url`, its schema created or upgraded first."""
    engine = connect(url)
    try:
        migrate(engine, then=_ensure_athlete)
    except BaseException:
        engine.dispose()
        raise
    return Store(url, engine)


def _ensure_athlete(connection: Connection) -> None:
    """Create the default athlete while open_store holds its lock, so two first
    imports at once cannot each make their own."""
    with Session(connection) as session:
        if session.scalar(select(AthleteRow.id).limit(1)) is None:
            session.add(_default_athlete())
            session.flush()


def _default_athlete() -> AthleteRow:
    return AthleteRow(
        name="Runner",
        units=Units.KM.value,
        time_zone=machine_time_zone(),
        created_utc=clock.now_utc(),
    )


class Store(GearStore, BackCareStore, PlanStore, EverythingStore, TrashStore, LapStore):
    """One database, seen through domain objects. Close it (or use `with`).

    The back-care methods (pain, check-ins, red flags, routines, gear details)
    live in `GearStore` and `BackCareStore`; the training plans in `PlanStore`.
    """

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        track_writes(self._sessions)
        self._athlete_id: int | None = None
        self._warned: set[int] = set()  # unreadable rows already reported
        self._ambient = threading.local()  # the session of an `atomic` block, per thread

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for modules that bring their own tables."""
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def _forget_athlete(self) -> None:
        """The athlete row was replaced or deleted: look it up again on the next use."""
        self._athlete_id = None

    def _vacuum(self) -> None:
        """SQLite: rewrite the file without its freed pages (deleted rows stay readable
        in them otherwise); the WAL is checkpointed and emptied too."""
        if self._engine.dialect.name != "sqlite":
            return
        try:
            with self._engine.connect() as connection:
                driver = connection.connection.dbapi_connection
                assert driver is not None
                driver.execute("VACUUM")
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            where = display_url(self.url)
            raise StoreError(f"cannot wipe the freed space in {where}: {error}") from None
        except SQLAlchemyError as error:
            raise StoreError(
                f"cannot wipe the freed space in {display_url(self.url)}: {driver_reason(error)}"
            ) from None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({display_url(self.url)!r})"

    def revision(self) -> int | None:
        """A number every write to this database raises, from any process (see revision.py).

        Read it before reading what a cache keeps: while it stays the same, nothing
        was written. None when the database has no revision row (then trust nothing).
        """
        with self._read("read the store's revision") as session:
            found = session.scalar(READ_REVISION)
            return None if found is None else int(found)

    # -- the athlete -------------------------------------------------------

    def athlete(self) -> Athlete:
        """The default athlete, created on first use."""
        with self._write("read the athlete") as session:
            return athlete_from_row(self._athlete_row(session))

    def update_athlete(
        self,
        *,
        name: str | None = None,
        units: Units | None = None,
        time_zone: str | None = None,
    ) -> Athlete:
        if time_zone is not None and not is_time_zone(time_zone):
            raise StoreError(f"unknown time zone {time_zone!r}: use an IANA name like Europe/Paris")
        if name is not None:
            name = bounds.clean_text(name)
            if not name.strip():
                raise InputError("the athlete's name cannot be empty")
            if len(name.strip()) > bounds.TEXT_LIMITS["name"]:
                raise InputError(
                    f"a name is at most {bounds.TEXT_LIMITS['name']} characters; "
                    f"this one has {len(name.strip()):,}"
                )
        with self._write("update the athlete") as session:
            row = self._athlete_row(session)
            if name is not None:
                row.name = name.strip()
            if units is not None:
                row.units = Units(units).value
            if time_zone is not None:
                row.time_zone = time_zone
            return athlete_from_row(row)

    # -- activities --------------------------------------------------------

    def activity_for_hash(self, content_hash: str) -> int | None:
        """The activity a file with this content hash went into, merged-away files too."""
        with self._read("look up a source file") as session:
            athlete_id = self._athlete_id_in(session)
            found = session.scalar(
                select(SourceFileRow.activity_id).where(
                    SourceFileRow.athlete_id == athlete_id,
                    SourceFileRow.content_hash == content_hash,
                )
            )
            return None if found is None else int(found)

    def activity_days_after(self, activity_id: int) -> list[date]:
        """The local days of the activities stored after `activity_id` (ids only grow)."""
        with self._read("list new activities") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(ActivityRow).where(
                    ActivityRow.athlete_id == athlete_id, ActivityRow.id > activity_id
                )
            ).all()
            zone = ZoneInfo(self._athlete_row(session).time_zone)
            return sorted(local_date(row, zone) for row in rows)

    def last_activity_id(self) -> int:
        """The highest activity id so far (0 for none)."""
        with self._read("find the last activity") as session:
            athlete_id = self._athlete_id_in(session)
            found = session.scalar(
                select(func.max(ActivityRow.id)).where(ActivityRow.athlete_id == athlete_id)
            )
            return int(found or 0)

    def same_run_candidates(self, start_utc: datetime, window_s: float = 60.0) -> list[Activity]:
        """Activities that start within ±window_s of start_utc, without samples."""
        window = timedelta(seconds=window_s)
        if not bounds.EARLIEST_START <= start_utc < bounds.LATEST_START:
            return []  # nothing stored starts there (and the window would overflow)
        with self._read("look for the same run") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(ActivityRow)
                .where(
                    ActivityRow.athlete_id == athlete_id,
                    ActivityRow.start_utc >= start_utc - window,
                    ActivityRow.start_utc <= start_utc + window,
                )
                .order_by(ActivityRow.start_utc, ActivityRow.id)
            ).all()
            return self._activities(session, rows, with_samples=False)

    def add_activity(
        self,
        activity: Activity,
        *,
        also_hashes: Iterable[tuple[str, str | None]] = (),
        samples_blob: bytes | None = None,
    ) -> int:
        """Store a new activity with its samples, gear and source file hashes; its id.

        A run without shoes gets the runner's default pair. A run's warm-up and
        cool-down are detected from its samples now and stored beside it.
        StoreError when one of its hashes is already in the database: nothing is written.
        `samples_blob` is `samples_codec.encode(activity.samples)` when the caller
        (an import worker) has encoded them already.
        """
        _check(activity)
        hashes = source_hashes(activity, also_hashes)
        try:
            with self._write(f"store {describe(activity)}") as session:
                athlete_id = self._athlete_id_in(session)
                row = ActivityRow(athlete_id=athlete_id)
                gear_id = self._gear_id(session, athlete_id, activity.gear)
                if gear_id is None and activity.is_run:
                    gear_id = self._default_shoe_id(session, athlete_id)
                fill_activity_row(row, activity, gear_id)
                session.add(row)
                session.flush()
                self._put_samples(session, row.id, activity, samples_blob)
                put_laps(session, row.id, activity.laps, replace=False)
                self._add_hashes(session, athlete_id, row.id, hashes)
                if activity.is_run:
                    session.add(detect_routine_row(row.id, activity))
                    session.flush()
                return row.id
        except _Conflict:
            self._explain_duplicate(hashes)
            raise

    def add_activities(self, batch: Sequence[NewActivity]) -> list[int]:
        """Store several new activities in one transaction (an import's batch); their ids.

        The same rows as `add_activity` one by one, written with one statement per table.
        All or nothing: when one of them breaks a constraint (most often a file another
        import stored meanwhile) nothing is written and StoreError is raised; the caller then
        stores them one by one to learn which.
        """
        if not batch:
            return []
        for new in batch:
            _check(new.activity)
        with self._write(f"store {len(batch)} activities") as session:
            athlete_id = self._athlete_id_in(session)
            gear_ids: dict[str, int | None] = {}
            default_shoe: list[int | None] = []
            values = []
            for new in batch:
                activity = new.activity
                name = activity.gear or ""
                if name not in gear_ids:
                    gear_ids[name] = self._gear_id(session, athlete_id, activity.gear)
                gear_id = gear_ids[name]
                if gear_id is None and activity.is_run:
                    if not default_shoe:
                        default_shoe.append(self._default_shoe_id(session, athlete_id))
                    gear_id = default_shoe[0]
                row = ActivityRow(athlete_id=athlete_id)
                fill_activity_row(row, activity, gear_id)
                values.append(
                    {
                        c.key: getattr(row, c.key)
                        for c in ActivityRow.__table__.columns
                        if c.key != "id"
                    }
                )
            table = cast(Table, ActivityRow.__table__)
            ids = list(
                session.scalars(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True), values
                )
            )
            samples, sources, routines, laps = [], [], [], []
            now = clock.now_utc()
            for activity_id, new in zip(ids, batch, strict=True):
                activity = new.activity
                if activity.samples is not None:
                    blob = new.samples_blob
                    if blob is None:
                        try:
                            blob = samples_codec.encode(activity.samples)
                        except ValueError as error:
                            raise StoreError(
                                f"cannot store {describe(activity)}: {error}"
                            ) from None
                    samples.append(
                        {
                            "activity_id": activity_id,
                            "sample_count": len(activity.samples),
                            "blob": blob,
                        }
                    )
                for content_hash, source_file in source_hashes(activity, new.also_hashes):
                    sources.append(
                        {
                            "athlete_id": athlete_id,
                            "content_hash": content_hash,
                            "source_file": source_file,
                            "activity_id": activity_id,
                            "imported_utc": now,
                        }
                    )
                if activity.is_run:
                    found = new.routine if new.routine is not None else RoutineFound.of(activity)
                    routines.append(routine_row_values(found, activity_id))
                laps.extend(lap_rows(activity_id, activity.laps))
            for target, rows in (
                (ActivitySamplesRow, samples),
                (SourceFileRow, sources),
                (RunRoutineRow, routines),
                (ActivityLapRow, laps),
            ):
                if rows:
                    session.execute(insert(cast(Table, target.__table__)), rows)
            return ids

    def import_index(self, after: tuple[int, int] = (0, 0)) -> ImportIndex:
        """What an import needs to know of the stored activities, in one read: every source
        file's hash and activity, and every activity's start. `after` (an earlier index's
        `last`) reads only what was stored since (ids only grow)."""
        last_activity, last_source = after
        with self._read("read the stored activities' files") as session:
            athlete_id = self._athlete_id_in(session)
            hashes = session.execute(
                select(SourceFileRow.id, SourceFileRow.content_hash, SourceFileRow.activity_id)
                .where(SourceFileRow.athlete_id == athlete_id, SourceFileRow.id > last_source)
                .order_by(SourceFileRow.id)
            ).all()
            starts = session.execute(
                select(ActivityRow.id, ActivityRow.start_utc)
                .where(ActivityRow.athlete_id == athlete_id, ActivityRow.id > last_activity)
                .order_by(ActivityRow.id)
            ).all()
        return ImportIndex(
            hashes={h: int(a) for _, h, a in hashes},
            starts=[(s, int(i)) for i, s in starts],
            last=(
                int(starts[-1][0]) if starts else last_activity,
                int(hashes[-1][0]) if hashes else last_source,
            ),
        )

    def replace_activity(
        self,
        activity_id: int,
        activity: Activity,
        *,
        also_hashes: Iterable[tuple[str, str | None]] = (),
        samples_blob: bytes | None = None,
        keep_samples: bool = False,
    ) -> None:
        """The activity `activity_id` now holds `activity`; hashes already pointing at it stay.

        `keep_samples`: only the summary and metadata change (the stored samples,
        and the warm-up and cool-down found in them, stay as they are).
        """
        _check(activity)
        hashes = source_hashes(activity, also_hashes)
        try:
            with self._write(f"replace activity {activity_id}") as session:
                athlete_id = self._athlete_id_in(session)
                row = session.get(ActivityRow, activity_id)
                if row is None or row.athlete_id != athlete_id:
                    raise StoreError(f"there is no activity {activity_id} to replace")
                gear_id = self._gear_id(session, athlete_id, activity.gear) or row.gear_id
                fill_activity_row(row, activity, gear_id)
                if not keep_samples:
                    self._redetect_routines(session, activity_id, activity)
                    old_samples = session.get(ActivitySamplesRow, activity_id)
                    if old_samples is not None:
                        session.delete(old_samples)
                        session.flush()
                    self._put_samples(session, activity_id, activity, samples_blob)
                    put_laps(session, activity_id, activity.laps, replace=True)
                self._add_new_hashes(session, athlete_id, activity_id, hashes)
        except _Conflict:
            self._explain_duplicate(hashes, but_not=activity_id)
            # Another import made the same replacement meanwhile (its files now point here).
            if all(self.activity_for_hash(h) == activity_id for h, _ in hashes):
                return
            raise

    def add_source_files(
        self, activity_id: int, also_hashes: Iterable[tuple[str, str | None]]
    ) -> None:
        """Record more files (content hash, name) as sources of a stored activity."""
        hashes = list(also_hashes)
        if not hashes:
            return
        try:
            with self._write(f"record the sources of activity {activity_id}") as session:
                athlete_id = self._athlete_id_in(session)
                self._add_new_hashes(session, athlete_id, activity_id, hashes)
        except _Conflict:
            self._explain_duplicate(hashes, but_not=activity_id)
            # Another import recorded the same files for this activity meanwhile: done.
            if all(self.activity_for_hash(h) == activity_id for h, _ in hashes):
                return
            raise

    def activities(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        sport: Sport | None = None,
        with_samples: bool = False,
    ) -> list[Activity]:
        """Activities in start order; since/until are inclusive local dates."""
        with self._read("list activities") as session:
            athlete = self._athlete_row(session)
            # Plain rows, not ORM objects: listing ten years stays fast.
            query = select(*ActivityRow.__table__.columns).where(
                ActivityRow.athlete_id == athlete.id
            )
            if since is not None and since > date.min + _DATE_MARGIN:
                start = datetime.combine(since, time.min, UTC) - _OFFSET_MARGIN
                query = query.where(ActivityRow.start_utc >= start)
            if until is not None and until < date.max - _DATE_MARGIN:
                end = datetime.combine(until + timedelta(days=1), time.min, UTC) + _OFFSET_MARGIN
                query = query.where(ActivityRow.start_utc < end)
            if sport is not None:
                query = query.where(ActivityRow.sport == Sport(sport).value)
            rows: Sequence[Any] = session.execute(
                query.order_by(ActivityRow.start_utc, ActivityRow.id)
            ).all()
            zone = ZoneInfo(athlete.time_zone)
            kept = [
                row
                for row in _readable(rows, self._warned)
                if (since is None or local_date(row, zone) >= since)
                and (until is None or local_date(row, zone) <= until)
            ]
            return self._activities(session, kept, with_samples=with_samples)

    def source_files(self) -> dict[int, list[str]]:
        """Every file each activity was imported from, merged-away sources included."""
        with self._read("list source files") as session:
            athlete = self._athlete_row(session)
            rows = session.execute(
                select(SourceFileRow.activity_id, SourceFileRow.source_file)
                .where(SourceFileRow.athlete_id == athlete.id)
                .order_by(SourceFileRow.id)
            ).all()
        out: dict[int, list[str]] = {}
        for activity_id, source_file in rows:
            if source_file and source_file not in out.setdefault(activity_id, []):
                out[activity_id].append(source_file)
        return out

    def activities_with_samples(self, ids: Sequence[int]) -> list[Activity]:
        """These activities (of this athlete) with their samples, in id order."""
        with self._read("read activities") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(ActivityRow)
                .where(ActivityRow.athlete_id == athlete_id, ActivityRow.id.in_(list(ids)))
                .order_by(ActivityRow.id)
            ).all()
            return self._activities(session, rows, with_samples=True)

    def activity(self, activity_id: int, *, with_samples: bool = True) -> Activity | None:
        with self._read(f"read activity {activity_id}") as session:
            row = session.get(ActivityRow, activity_id)
            if row is None or row.athlete_id != self._athlete_id_in(session):
                return None
            # Asked for by its number (to show or delete it): read even a row the lists
            # leave out, so the runner can remove it.
            return self._activities(session, [row], with_samples=with_samples, every=True)[0]

    # -- gear --------------------------------------------------------------

    def gear(self) -> list[Gear]:
        """Every item of gear with its distance (start distance + activities) and use count."""
        with self._read("list gear") as session:
            athlete_id = self._athlete_id_in(session)
            used = (
                select(
                    ActivityRow.gear_id,
                    func.count(ActivityRow.id).label("count"),
                    func.coalesce(func.sum(ActivityRow.distance_m), 0.0).label("distance_m"),
                )
                .where(ActivityRow.gear_id.is_not(None))
                .group_by(ActivityRow.gear_id)
                .subquery()
            )
            rows = session.execute(
                select(GearRow, used.c.count, used.c.distance_m)
                .outerjoin(used, used.c.gear_id == GearRow.id)
                .where(GearRow.athlete_id == athlete_id)
                .order_by(GearRow.id)
            ).all()
            linked = {
                gear_id: (count, distance)
                for gear_id, count, distance in session.execute(
                    select(
                        ActivityGearRow.gear_id,
                        func.count(ActivityRow.id),
                        func.coalesce(func.sum(ActivityRow.distance_m), 0.0),
                    )
                    .join(ActivityRow, ActivityRow.id == ActivityGearRow.activity_id)
                    .where(ActivityRow.athlete_id == athlete_id)
                    .group_by(ActivityGearRow.gear_id)
                ).all()
            }
            out = []
            for row, count, distance in rows:
                more_count, more_distance = linked.get(row.id, (0, 0.0))
                out.append(
                    gear_from_row(
                        row,
                        (count or 0) + more_count,
                        float(distance or 0.0) + float(more_distance or 0.0),
                    )
                )
            return out

    def add_gear(
        self,
        name: str,
        *,
        kind: str = "shoe",
        start_distance_m: float = 0.0,
        replace_at_m: float | None = None,
        default: bool = False,
    ) -> Gear:
        """A new pair of shoes or item of gear; `default` makes it the shoe new runs get."""
        clean = bounds.clean_text(name).strip()
        if not clean:
            raise InputError("gear needs a name")
        if len(clean) > bounds.TEXT_LIMITS["gear"]:
            raise InputError(
                f"a gear name is at most {bounds.TEXT_LIMITS['gear']} characters; "
                f"this one has {len(clean):,}"
            )
        if len(kind) > 32:
            raise InputError("a gear kind is at most 32 characters, such as shoe, brace or socks")
        if not kind.strip():
            raise InputError("gear needs a kind, such as shoe, brace or socks")
        with self.atomic(f"add gear {clean!r}"):  # with its default flag, or not at all
            with self._write(f"add gear {clean!r}") as session:
                athlete_id = self._athlete_id_in(session)
                names = session.scalars(
                    select(GearRow.name).where(GearRow.athlete_id == athlete_id)
                )
                same = [n for n in names if n.casefold() == clean.casefold()]
                if same:
                    raise InputError(f"there is already gear named {same[0]!r}")
                row = GearRow(
                    athlete_id=athlete_id,
                    name=clean,
                    kind=kind.strip().lower(),
                    start_distance_m=float(start_distance_m),
                    retired=False,
                    replace_at_m=replace_at_m,
                    worn=False,
                    is_default=False,
                )
                session.add(row)
                session.flush()
                gear = gear_from_row(row, 0, 0.0)
            if default:
                gear = self.update_gear(clean, default=True)
        return gear

    # -- inside a transaction ----------------------------------------------

    @contextmanager
    def atomic(self, what: str) -> Iterator[None]:
        """Every read and write of this store inside the block, on this thread, is one
        transaction: it lands whole at the end or not at all (an error anywhere in the
        block rolls back what the block wrote before it)."""
        if getattr(self._ambient, "session", None) is not None:
            yield  # already inside one: the outer block decides
            return
        with self._write(what) as session:
            self._ambient.session = session
            try:
                yield
            finally:
                self._ambient.session = None

    @contextmanager
    def _write(self, what: str) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back entirely (inside
        `atomic`, the block's session: its end commits or rolls back)."""
        ambient: Session | None = getattr(self._ambient, "session", None)
        if ambient is not None:
            try:
                yield ambient
                ambient.flush()  # a refusal shows here, under this write's name
            except IntegrityError as error:
                raise _Conflict(f"cannot {what}: {driver_reason(error)}") from None
            except OverflowError:
                raise InputError(f"cannot {what}: a number in it is too large") from None
            except SQLAlchemyError as error:
                raise StoreError(
                    f"cannot {what} in the database at {display_url(self.url)}: "
                    f"{driver_reason(error)}"
                ) from None
            return
        try:
            with self._sessions.begin() as session:
                yield session
        except IntegrityError as error:
            raise _Conflict(f"cannot {what}: {driver_reason(error)}") from None
        except OverflowError:  # SQLite's driver refuses a number past 64 bits before asking
            raise InputError(f"cannot {what}: a number in it is too large") from None
        except SQLAlchemyError as error:
            raise StoreError(
                f"cannot {what} in the database at {display_url(self.url)}: {driver_reason(error)}"
            ) from None

    _read = _write

    def _athlete_id_in(self, session: Session) -> int:
        """The athlete's id, looked up once per store (it never changes)."""
        if self._athlete_id is not None:
            return self._athlete_id
        return self._athlete_row(session).id

    def _athlete_row(self, session: Session) -> AthleteRow:
        if self._athlete_id is not None:
            row = session.get(AthleteRow, self._athlete_id)
            if row is not None:
                return row
        row = session.scalars(select(AthleteRow).order_by(AthleteRow.id).limit(1)).first()
        if row is None:
            row = _default_athlete()
            session.add(row)
            session.flush()
        self._athlete_id = row.id
        return row

    def _gear_id(self, session: Session, athlete_id: int, name: str | None) -> int | None:
        """The id of the gear with this name, created (as a shoe) when new."""
        clean = (name or "").strip()
        if not clean:
            return None
        query = select(GearRow.id).where(GearRow.athlete_id == athlete_id, GearRow.name == clean)
        found = session.scalar(query)
        if found is None:
            # Another import may be creating the same pair right now: let the unique
            # constraint decide, then read whichever row won.
            insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
            session.execute(
                insert(GearRow)
                .values(
                    athlete_id=athlete_id,
                    name=clean,
                    kind="shoe",
                    start_distance_m=0.0,
                    retired=False,
                )
                .on_conflict_do_nothing(index_elements=["athlete_id", "name"])
            )
            found = session.scalar(query)
        if found is None:
            raise StoreError(f"cannot find or create the gear {clean!r}")
        return found

    def _redetect_routines(self, session: Session, activity_id: int, activity: Activity) -> None:
        """A richer file of the same run: detect again, keep what the runner logged."""
        if not activity.is_run:
            return
        fresh = detect_routine_row(activity_id, activity)
        row = session.get(RunRoutineRow, activity_id)
        if row is None:
            session.add(fresh)
        else:
            row.detected_warm_up_min = fresh.detected_warm_up_min
            row.detected_warm_up_kind = fresh.detected_warm_up_kind
            row.detected_cool_down_min = fresh.detected_cool_down_min
            row.detected_cool_down_kind = fresh.detected_cool_down_kind
        session.flush()

    def _put_samples(
        self, session: Session, activity_id: int, activity: Activity, blob: bytes | None = None
    ) -> None:
        if activity.samples is None:
            return
        if blob is None:
            try:
                blob = samples_codec.encode(activity.samples)
            except ValueError as error:
                raise StoreError(f"cannot store {describe(activity)}: {error}") from None
        session.add(
            ActivitySamplesRow(
                activity_id=activity_id, sample_count=len(activity.samples), blob=blob
            )
        )
        session.flush()

    def _add_new_hashes(
        self,
        session: Session,
        athlete_id: int,
        activity_id: int,
        hashes: Sequence[tuple[str, str | None]],
    ) -> None:
        """Add the hashes the activity does not have yet."""
        known = set(
            session.scalars(
                select(SourceFileRow.content_hash).where(SourceFileRow.activity_id == activity_id)
            )
        )
        new = [(h, source) for h, source in hashes if h not in known]
        self._add_hashes(session, athlete_id, activity_id, new)

    def _add_hashes(
        self,
        session: Session,
        athlete_id: int,
        activity_id: int,
        hashes: Sequence[tuple[str, str | None]],
    ) -> None:
        now = clock.now_utc()
        session.add_all(
            SourceFileRow(
                athlete_id=athlete_id,
                content_hash=content_hash,
                source_file=source_file,
                activity_id=activity_id,
                imported_utc=now,
            )
            for content_hash, source_file in hashes
        )
        session.flush()

    def _explain_duplicate(
        self, hashes: Sequence[tuple[str, str | None]], but_not: int | None = None
    ) -> None:
        """Turn a failed write into 'already imported' when a hash is the reason."""
        for content_hash, source_file in hashes:
            try:
                owner = self.activity_for_hash(content_hash)
            except StoreError:
                return
            if owner is not None and owner != but_not:
                what = source_file or f"the file with content hash {content_hash[:12]}"
                raise AlreadyImported(f"{what} is already imported, as activity {owner}", owner)

    def _activities(
        self,
        session: Session,
        rows: Sequence[ActivityRow],
        *,
        with_samples: bool,
        every: bool = False,
    ) -> list[Activity]:
        if not every:
            rows = _readable(rows, self._warned)
        gear_ids = {row.gear_id for row in rows if row.gear_id is not None}
        gear_names = _by_id(session, GearRow, gear_ids, lambda g: g.name)
        if not with_samples and rows and hasattr(rows[0], "_fields"):
            return activities_from_rows(rows, gear_names)  # plain rows: the fast way
        blobs: dict[int, bytes] = {}
        if with_samples:
            blobs = _by_id(session, ActivitySamplesRow, {row.id for row in rows}, lambda s: s.blob)
        out = []
        for row in rows:
            samples = None
            if row.id in blobs:
                try:
                    samples = samples_codec.decode(blobs[row.id])
                except ValueError as error:
                    raise StoreError(f"cannot read activity {row.id}'s samples: {error}") from None
            gear = gear_names.get(row.gear_id) if row.gear_id is not None else None
            out.append(activity_from_row(row, gear, samples))
        return out


def _readable(rows: Sequence[Any], warned: set[int]) -> list[Any]:
    """The rows that can be read back; a row stored before the checks existed is skipped
    with one warning (once per process), so every command still works and can delete it."""
    out = []
    for row in rows:
        if bounds.readable(row.start_utc, row.utc_offset_s):
            out.append(row)
        elif row.id not in warned:
            warned.add(row.id)
            log.warning(
                "warning: activity %s is left out: its start or time offset is impossible "
                "(stored before backstride checked them)",
                row.id,
            )
    return out


def _check(activity: Activity) -> None:
    """Refuse an activity no device could have recorded, before it reaches the database."""
    wrong = bounds.problem(activity)
    if wrong is not None:
        raise InputError(f"cannot store {_describe_safely(activity)}: {wrong}")


def _describe_safely(activity: Activity) -> str:
    try:
        return describe(activity)
    except (ValueError, OverflowError):
        return f"the {Sport(activity.sport).value} starting {activity.start_utc.isoformat()}"


def _by_id(session: Session, table: Any, ids: set[int], value: Any) -> dict[int, Any]:
    key = table.activity_id if table is ActivitySamplesRow else table.id
    found: dict[int, Any] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), _IN_CHUNK):
        chunk = ordered[start : start + _IN_CHUNK]
        for item in session.scalars(select(table).where(key.in_(chunk))):
            found[item.activity_id if table is ActivitySamplesRow else item.id] = value(item)
    return found
