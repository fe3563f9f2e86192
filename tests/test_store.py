"""The store on a real SQLite file and, with BACKSTRIDE_TEST_POSTGRES_URL, a real PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from backstride.domain.activity import Activity, Samples, SourceFormat, Sport, Units
from backstride.ingest.fit import sdk as fit_sdk
from backstride.store import Store, StoreError, open_store, resolve_url
from backstride.store.tables import Base

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

POSTGRES_URL = os.environ.get("BACKSTRIDE_TEST_POSTGRES_URL", "")
TABLES = {
    "athlete",
    "gear",
    "activity",
    "activity_samples",
    "source_file",
    "alembic_version",
    "activity_gear",
    "run_routine",
    "pain_report",
    "check_in",
    "training_session",
    "red_flag_answer",
}


@pytest.fixture()
def store(open_db: Callable[[], Store]) -> Store:
    return open_db()


def a_run(i: int = 0, **changes: object) -> Activity:
    """A small synthetic run with samples; `i` makes its start and hash unique."""
    n = 600
    time_s = np.arange(n, dtype=np.float64)
    samples = Samples(
        time_s=time_s,
        distance_m=np.round(time_s * 2.8, 2),
        heart_rate_bpm=np.where(time_s % 97 == 0, np.nan, 140.0 + time_s % 7),
        lat_deg=48.85 + time_s * 1e-5,
        lon_deg=2.35 + time_s * 1e-5,
    )
    run = Activity(
        sport=Sport.RUN,
        start_utc=datetime(2024, 3, 1, 7, 0, tzinfo=UTC) + timedelta(days=i),
        elapsed_s=float(n),
        source_format=SourceFormat.FIT,
        utc_offset_s=3600,
        distance_m=1000.0 + i,
        source_file=f"run-{i}.fit",
        content_hash=f"{i:064x}",
        samples=samples,
    )
    return run.with_(**changes)


def count(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


# -- the schema --------------------------------------------------------------


def test_first_open_creates_the_schema_and_a_second_open_changes_nothing(
    open_db: Callable[[], Store],
) -> None:
    first = open_db()
    assert set(inspect(first.engine).get_table_names()) >= TABLES
    with first.engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
    assert revision is not None
    run_id = first.add_activity(a_run())
    first.close()

    second = open_db()
    with second.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == revision
    assert [a.id for a in second.activities()] == [run_id]


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_database_from_a_newer_backstride_is_refused(
    db_url: str, open_db: Callable[[], Store]
) -> None:
    store = open_db()
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    store.close()
    with pytest.raises(StoreError, match="newer than this backstride"):
        open_store(db_url)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with open_store(f"sqlite:///{path}") as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_database_that_cannot_be_opened_is_one_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "x.db"
    with pytest.raises(StoreError, match=r"cannot open database at .*x\.db: unable to open"):
        open_store(f"sqlite:///{missing}")
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="file is not a database"):
        open_store(f"sqlite:///{not_a_database}")


# -- where the database is ---------------------------------------------------


def test_db_path_wins_then_the_environment_then_the_data_directory(tmp_path: Path) -> None:
    env = {"BACKSTRIDE_DATABASE_URL": "postgresql+psycopg://coach@db/backstride"}
    assert resolve_url(tmp_path / "mine.db", env) == f"sqlite:///{tmp_path / 'mine.db'}"
    assert resolve_url("postgresql+psycopg://x@y/z", env) == "postgresql+psycopg://x@y/z"
    assert resolve_url(None, env) == env["BACKSTRIDE_DATABASE_URL"]


def test_the_default_database_is_in_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = resolve_url(None, {})
    assert url == f"sqlite:///{tmp_path / 'data' / 'backstride' / 'backstride.db'}"
    assert (tmp_path / "data" / "backstride").is_dir()


# -- athlete -----------------------------------------------------------------


def test_the_default_athlete_is_created_once_and_can_be_changed(
    open_db: Callable[[], Store],
) -> None:
    store = open_db()
    athlete = store.athlete()
    assert (athlete.name, athlete.units) == ("Runner", Units.KM)
    assert store.athlete().id == athlete.id
    changed = store.update_athlete(name="Ana", units=Units.MI, time_zone="America/New_York")
    assert (changed.name, changed.units, changed.time_zone) == ("Ana", Units.MI, "America/New_York")
    with pytest.raises(StoreError, match="unknown time zone"):
        store.update_athlete(time_zone="Mars/Olympus_Mons")
    assert open_db().athlete() == changed


# -- activities --------------------------------------------------------------


def test_a_full_activity_comes_back_as_it_went_in(store: Store) -> None:
    paris = timezone(timedelta(hours=2))
    run = a_run(
        start_utc=datetime(2024, 6, 1, 9, 30, 15, 250000, tzinfo=paris),
        utc_offset_s=7200,
        sub_sport="trail",
        moving_s=3500.5,
        ascent_m=120.0,
        avg_hr=141.5,
        max_hr=170.0,
        avg_cadence_spm=171.25,
        name="Morning run",
        notes="back felt fine",
        device="garmin fr955",
        external_id="strava:123",
        gear="Pegasus 40",
        rpe=4.0,
        feel=75.0,
    )
    run_id = store.add_activity(run)
    back = store.activity(run_id)
    assert back is not None
    assert back == run.with_(id=run_id, start_utc=run.start_utc.astimezone(UTC))
    assert back.start_utc.tzinfo is UTC
    assert back.start_utc == datetime(2024, 6, 1, 7, 30, 15, 250000, tzinfo=UTC)
    assert back.utc_offset_s == 7200
    assert back.samples == run.samples
    listed = store.activities()
    assert listed == [back]
    assert listed[0].samples is None
    assert store.activities(with_samples=True)[0].samples == run.samples
    assert store.activity(run_id + 1000) is None


def test_a_real_recording_round_trips(store: Store, corpus: Path) -> None:
    path = corpus / "fit/GoldenCheetah__test__roundtrip__Fr955v19.28andStryd.fit"
    (run,) = fit_sdk.parse(path.read_bytes(), path.name)
    run_id = store.add_activity(run)
    back = store.activity(run_id)
    assert back == run.with_(id=run_id)
    assert back is not None and back.samples == run.samples


def test_gear_is_found_or_created_and_sums_its_distance(store: Store) -> None:
    store.add_gear("Old faithful", start_distance_m=100_000.0)
    store.add_activity(a_run(1, gear="Old faithful", distance_m=5000.0))
    store.add_activity(a_run(2, gear="Old faithful", distance_m=7500.0))
    store.add_activity(a_run(3, gear="New pair", distance_m=3000.0))
    store.add_activity(a_run(4, gear=None, distance_m=9999.0))
    gear = {g.name: g for g in store.gear()}
    assert set(gear) == {"Old faithful", "New pair"}
    assert (gear["Old faithful"].distance_m, gear["Old faithful"].activity_count) == (112_500.0, 2)
    assert (gear["New pair"].distance_m, gear["New pair"].activity_count) == (3000.0, 1)
    assert gear["New pair"].kind == "shoe"
    assert store.add_gear("Brace", kind="brace").distance_m == 0.0
    with pytest.raises(StoreError, match="already gear named 'New pair'"):
        store.add_gear("New pair")


def test_a_source_file_is_found_by_its_own_hash_or_a_merged_away_one(store: Store) -> None:
    run_id = store.add_activity(a_run(1), also_hashes=[("b" * 64, "same-run.gpx")])
    assert store.activity_for_hash(a_run(1).content_hash or "") == run_id
    assert store.activity_for_hash("b" * 64) == run_id
    assert store.activity_for_hash("c" * 64) is None


@pytest.mark.parametrize("how", ["own hash", "merged-away hash"])
def test_a_second_add_of_a_known_file_writes_nothing(store: Store, how: str) -> None:
    first = store.add_activity(a_run(1), also_hashes=[("b" * 64, "same-run.gpx")])
    again = a_run(2, gear="Would be new")
    if how == "own hash":
        again = again.with_(content_hash=a_run(1).content_hash)
    with pytest.raises(StoreError, match=f"already imported, as activity {first}"):
        store.add_activity(again, also_hashes=[("b" * 64, None)] if how != "own hash" else ())
    assert [a.id for a in store.activities()] == [first]
    assert (count(store, "activity_samples"), count(store, "source_file")) == (1, 2)
    assert store.gear() == []


def test_a_failure_midway_leaves_nothing_of_the_activity(store: Store) -> None:
    # Gear and the activity row are written first; these samples fail to encode after them.
    broken = Samples(time_s=np.arange(3.0), heart_rate_bpm=np.array(["1", "x", "3"], dtype=object))
    with pytest.raises(StoreError, match="heart_rate_bpm is not numeric"):
        store.add_activity(a_run(1, gear="Brand new", samples=broken))
    assert store.activities() == []
    assert store.gear() == []
    for table in ("activity", "activity_samples", "source_file", "gear"):
        assert count(store, table) == 0, table
    assert store.activity_for_hash(a_run(1).content_hash or "") is None
    assert store.add_activity(a_run(1)) > 0  # and the same file imports fine afterwards


def test_replace_keeps_the_id_and_every_hash(store: Store) -> None:
    run_id = store.add_activity(a_run(1))
    richer = a_run(1, content_hash="d" * 64, name="richer", samples=Samples(np.arange(5.0)))
    store.replace_activity(run_id, richer, also_hashes=[(a_run(1).content_hash or "", None)])
    back = store.activity(run_id)
    assert back is not None and back.name == "richer"
    assert back.samples == Samples(np.arange(5.0))
    assert store.activity_for_hash("d" * 64) == run_id
    assert store.activity_for_hash(a_run(1).content_hash or "") == run_id
    assert count(store, "activity") == 1
    with pytest.raises(StoreError, match="no activity"):
        store.replace_activity(run_id + 1, richer)


def test_same_run_candidates_are_the_activities_starting_within_the_window(store: Store) -> None:
    start = datetime(2024, 5, 5, 8, 0, tzinfo=UTC)
    near = store.add_activity(a_run(1, start_utc=start + timedelta(seconds=45)))
    store.add_activity(a_run(2, start_utc=start + timedelta(seconds=90)))
    found = store.same_run_candidates(start)
    assert [a.id for a in found] == [near]
    assert found[0].samples is None
    assert len(store.same_run_candidates(start, window_s=120)) == 2


def test_since_and_until_are_local_dates(store: Store) -> None:
    store.update_athlete(time_zone="America/New_York")
    # 23:30 in New York on 5 March is 04:30 UTC on 6 March.
    late = store.add_activity(
        a_run(1, start_utc=datetime(2024, 3, 6, 4, 30, tzinfo=UTC), utc_offset_s=-5 * 3600)
    )
    # No offset recorded: the athlete's zone decides (23:30 on 6 March in New York).
    zoneless = store.add_activity(
        a_run(2, start_utc=datetime(2024, 3, 7, 4, 30, tzinfo=UTC), utc_offset_s=None)
    )
    # Recorded in Tokyo at 00:30 on 6 March: 15:30 UTC on 5 March.
    tokyo = store.add_activity(
        a_run(3, start_utc=datetime(2024, 3, 5, 15, 30, tzinfo=UTC), utc_offset_s=9 * 3600)
    )

    def ids(since: date | None, until: date | None) -> list[int | None]:
        return [a.id for a in store.activities(since=since, until=until)]

    assert ids(date(2024, 3, 5), date(2024, 3, 5)) == [late]
    assert ids(date(2024, 3, 6), date(2024, 3, 6)) == [tokyo, zoneless]
    assert ids(date(2024, 3, 7), None) == []
    assert ids(None, date(2024, 3, 5)) == [late]
    assert ids(None, None) == [tokyo, late, zoneless]
    assert store.activities(sport=Sport.WALK) == []


# -- killed imports ----------------------------------------------------------

IMPORTER = r"""
import sys
from datetime import UTC, datetime, timedelta
import numpy as np
from backstride.domain.activity import Activity, Samples, SourceFormat, Sport
from backstride.store import open_store

url, total, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
time_s = np.arange(3600, dtype=np.float64)
with open_store(url) as store:
    for i in range(first, first + total):
        content_hash = f"{i:064x}"
        if store.activity_for_hash(content_hash) is not None:
            continue
        run = Activity(
            sport=Sport.RUN, start_utc=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=i),
            elapsed_s=3600.0, source_format=SourceFormat.FIT, distance_m=10000.0,
            content_hash=content_hash, source_file=f"{i}.fit", gear=f"shoe {i % 3}",
            samples=Samples(time_s=time_s, heart_rate_bpm=np.random.default_rng(i).random(3600)),
        )
        store.add_activity(run)
        print(i, flush=True)
"""


def start_importer(url: str, total: int, first: int = 0) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", IMPORTER, url, str(total), str(first)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_importer(url: str, total: int, kill_after: int | None = None) -> int:
    """Run IMPORTER in a subprocess; with kill_after, SIGKILL it after that many commits."""
    with start_importer(url, total) as child:
        assert child.stdout is not None
        if kill_after is None:
            child.communicate(timeout=120)
            return child.returncode
        for _ in range(kill_after):
            assert child.stdout.readline(), "the importer stopped before it was killed"
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        return child.returncode


def test_an_import_killed_midway_leaves_a_valid_database_and_resumes(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    url = f"sqlite:///{path}"
    assert run_importer(url, 10_000, kill_after=15) == -signal.SIGKILL
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        committed = raw.execute("SELECT count(*) FROM activity").fetchone()[0]
        whole = raw.execute(
            "SELECT count(*) FROM activity a JOIN activity_samples s ON s.activity_id = a.id"
            " JOIN source_file f ON f.activity_id = a.id"
        ).fetchone()[0]
    assert committed >= 15
    assert whole == committed

    assert run_importer(url, committed + 5) == 0
    with open_store(url) as store:
        runs = store.activities()
        assert len(runs) == committed + 5
        assert len({r.content_hash for r in runs}) == committed + 5
        assert sum(g.activity_count for g in store.gear()) == committed + 5


def test_two_first_imports_at_once_share_the_schema_athlete_and_gear(db_url: str) -> None:
    children = [start_importer(db_url, 25, first) for first in (0, 1000)]
    for child in children:
        _, errors = child.communicate(timeout=120)
        assert child.returncode == 0, errors
    with open_store(db_url) as store:
        assert len(store.activities()) == 50
        assert count(store, "athlete") == 1
        assert sorted(g.name for g in store.gear()) == ["shoe 0", "shoe 1", "shoe 2"]
        assert sum(g.activity_count for g in store.gear()) == 50


# -- back care (revision 0002) -------------------------------------------------


def test_an_old_database_is_upgraded_and_keeps_its_gear(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from backstride.store.engine import MIGRATIONS

    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO athlete (id, name, units, time_zone, created_utc) "
                "VALUES (1, 'Old', 'km', 'UTC', :now)"
            ),
            {"now": datetime(2024, 1, 1)},
        )
        connection.execute(
            text(
                "INSERT INTO gear (athlete_id, name, kind, start_distance_m, retired) "
                "VALUES (1, 'Old pair', 'shoe', 1000, false)"
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        (item,) = store.gear_items()
        assert item.gear.name == "Old pair" and item.gear.distance_m == 1000
        assert item.worn is False and item.is_default is False and item.replace_at_m is None


def test_a_new_run_gets_the_default_shoe_and_its_routines_detected(store: Store) -> None:
    store.add_gear("Daily", default=True)
    store.add_gear("Racer")
    first = store.add_activity(a_run(1))
    second = store.add_activity(a_run(2, gear="Racer"))
    ride = store.add_activity(a_run(3, sport=Sport.CYCLING))
    by_id = {a.id: a for a in store.activities()}
    assert by_id[first].gear == "Daily" and by_id[second].gear == "Racer"
    assert by_id[ride].gear is None
    logs = store.routine_logs()
    assert set(logs) == {first, second}  # runs only; a steady run shows no warm-up
    assert logs[first].detected.warm_up_min is not None
    assert store.update_gear("racer", default=True).name == "Racer"
    assert [i.gear.name for i in store.gear_items() if i.is_default] == ["Racer"]


def test_gear_assignments_and_distances(store: Store) -> None:
    runs = [store.add_activity(a_run(i)) for i in range(3)]
    store.add_gear("Pair", start_distance_m=500.0)
    store.add_gear("Brace", kind="brace")
    assert store.assign_gear("pair", runs) == 3
    assert store.assign_gear("Brace", runs[:2]) == 2
    assert store.assign_gear("Brace", runs[:2]) == 0
    gear = {g.name: g for g in store.gear()}
    assert gear["Pair"].distance_m == pytest.approx(500.0 + 1000 + 1001 + 1002)
    assert gear["Brace"].distance_m == pytest.approx(1000 + 1001)
    assert store.extra_gear() == {runs[0]: ["Brace"], runs[1]: ["Brace"]}
    with pytest.raises(StoreError, match="no activity 999"):
        store.assign_gear("Brace", [runs[2], 999])
    assert store.extra_gear() == {runs[0]: ["Brace"], runs[1]: ["Brace"]}
    with pytest.raises(StoreError, match="unknown shoe"):
        store.assign_gear("Nope", runs)
    item = next(i for i in store.gear_items() if i.gear.name == "Pair")
    assert item.last_used_utc == max(a.start_utc for a in store.activities())
    store.update_gear("pair", worn=True, worn_on=date(2024, 3, 2), replace_at_m=600_000.0)
    shoe = next(i for i in store.gear_items() if i.gear.name == "Pair").as_shoe()
    assert (shoe.worn, shoe.worn_on, shoe.replace_at_m) == (True, date(2024, 3, 2), 600_000.0)


def test_the_diary_round_trips(store: Store) -> None:
    from backstride.domain.backcare import (
        CheckIn,
        PainReport,
        PainTiming,
        RedFlagAnswer,
        RunType,
        Session,
        SessionKind,
    )

    run_id = store.add_activity(a_run(1))
    at = datetime(2024, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    pain = store.add_pain_report(PainReport(at, 6.5, PainTiming.DURING, "leg", True, run_id, "x"))
    assert store.pain_reports() == [pain]
    assert pain.at == at and pain.activity_id == run_id and pain.id is not None
    with pytest.raises(StoreError, match="no activity 77"):
        store.add_pain_report(PainReport(at, 2, activity_id=77))
    store.save_check_in(CheckIn(date(2024, 3, 2), sleep_hours=7.5, stiffness=3))
    store.save_check_in(CheckIn(date(2024, 3, 2), sleep_quality=4, ate_enough=False))
    (check_in,) = store.check_ins()
    assert (check_in.sleep_hours, check_in.sleep_quality, check_in.stiffness) == (7.5, 4, 3)
    assert check_in.ate_enough is False
    logged = store.add_session(
        Session(date(2024, 3, 2), SessionKind.CORE, 20, ("plank", "glute-bridge"))
    )
    assert store.sessions() == [logged] and logged.exercises == ("plank", "glute-bridge")
    store.add_red_flag_answers(
        [RedFlagAnswer("bladder", at, False), RedFlagAnswer("fever", at, True)]
    )
    assert store.clear_red_flags(at + timedelta(days=2), note="GP") == 1
    answers = {a.question: a for a in store.red_flag_answers()}
    assert answers["fever"].cleared_at == at + timedelta(days=2)
    assert answers["bladder"].cleared_at is None
    store.set_run_type(run_id, RunType.SPEED)
    assert [(o.activity_id, o.run_type) for o in store.run_type_overrides()] == [
        (run_id, RunType.SPEED)
    ]
    store.set_run_type(run_id, None)
    assert store.run_type_overrides() == []


def test_routines_are_confirmed_or_corrected(store: Store) -> None:
    run_id = store.add_activity(a_run(1))
    detected = store.routine_logs()[run_id].detected
    record = store.log_routine(run_id)
    assert record.confirmed and record.warm_up_min == detected.warm_up_min
    record = store.log_routine(run_id, warm_up_min=6, warm_up_kind="walk", cool_down_min=0)
    assert (record.warm_up_min, record.warm_up_kind, record.cool_down_min) == (6, "walk", 0)
    assert store.routine_logs()[run_id].record == record
    with pytest.raises(StoreError, match="no activity 55"):
        store.log_routine(55, warm_up_min=1)


def test_runs_stored_before_detection_are_detected_once(store: Store) -> None:
    run_id = store.add_activity(a_run(1))
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM run_routine"))
    assert store.activity_ids_without_routines() == [run_id]
    assert store.detect_routines() == 1
    assert store.detect_routines() == 0
    assert run_id in store.routine_logs()
