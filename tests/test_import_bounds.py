"""One record never stops an import or poisons the database: out-of-range dates,
offsets and values are refused at the boundary with one line, the schema refuses
them too, and a bad row stored before the checks is skipped, not fatal."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from clitools import run
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from backstride.domain import Activity, SourceFormat, Sport, bounds
from backstride.ingest.pipeline import import_paths
from backstride.store import Store, StoreError


def gpx(year: int, name: str = "Morning Run") -> str:
    points = "".join(
        f'<trkpt lat="48.85{i}" lon="2.35{i}"><time>{year:04d}-06-01T07:{i:02d}:00Z</time></trkpt>'
        for i in range(5)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="t" '
        'xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{name}</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    )


def tcx(year: int) -> str:
    points = "".join(
        f"<Trackpoint><Time>{year:04d}-06-02T07:{i:02d}:00Z</Time>"
        f"<DistanceMeters>{i * 200}</DistanceMeters></Trackpoint>"
        for i in range(5)
    )
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{year:04d}-06-02T07:00:00Z</Id>'
        f'<Lap StartTime="{year:04d}-06-02T07:00:00Z"><TotalTimeSeconds>240</TotalTimeSeconds>'
        f"<DistanceMeters>800</DistanceMeters><Track>{points}</Track></Lap>"
        "</Activity></Activities></TrainingCenterDatabase>"
    )


def strava_export(path: Path, dates: list[str]) -> Path:
    header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename"
    rows = [f'{9000 + i},"{day}",Run {i},Run,1800,5.0,' for i, day in enumerate(dates)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities.csv", "\n".join([header, *rows]) + "\n")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.clock_free
@pytest.mark.parametrize("year", [1, 1969, 2100, 9999])
def test_a_file_dated_out_of_range_is_one_failed_line_and_the_others_import(
    open_db: Callable[[], Store], tmp_path: Path, year: int
) -> None:
    files = [
        tmp_path / "a-good.gpx",
        tmp_path / "b-bad.gpx",
        tmp_path / "c-bad.tcx",
        tmp_path / "d-good.tcx",
    ]
    files[0].write_text(gpx(2024))
    files[1].write_text(gpx(year))
    files[2].write_text(tcx(year))
    files[3].write_text(tcx(2024))
    store = open_db()
    report = import_paths(store, files, workers=1)
    assert report.imported == 2
    assert len(report.failed) == 2
    for line, name in zip(report.failed, ("b-bad.gpx", "c-bad.tcx"), strict=True):
        assert name in line and "\n" not in line and "Error" not in line
        assert "outside 1970 to 2099" in line or "before 1990" in line
    assert len(store.activities()) == 2


@pytest.mark.clock_free
def test_a_strava_row_dated_out_of_range_fails_alone(
    open_db: Callable[[], Store], tmp_path: Path
) -> None:
    export = strava_export(
        tmp_path / "export.zip",
        ["Jun 1, 2024, 7:00:00 AM", "Jan 1, 9999, 7:00:00 AM", "Jun 3, 2024, 7:00:00 AM"],
    )
    store = open_db()
    report = import_paths(store, [export], workers=1)
    assert report.imported == 2, report
    assert len(report.failed) == 1
    assert "export.zip" in report.failed[0] and "9999" in report.failed[0]


def test_the_cli_import_goes_on_past_a_bad_date(tmp_path: Path) -> None:
    (tmp_path / "a.gpx").write_text(gpx(9999))
    (tmp_path / "b.gpx").write_text(gpx(2024))
    code, out, err = run(
        tmp_path / "db.sqlite", "import", str(tmp_path / "a.gpx"), str(tmp_path / "b.gpx")
    )
    assert "Traceback" not in out + err
    assert "a.gpx" in out + err and "outside 1970 to 2099" in out + err
    assert "1 imported" in out + err or "imported: 1" in out + err or "1 new" in out + err, out
    code, out, err = run(tmp_path / "db.sqlite", "activities")
    assert code == 0 and "1 activities" in out


def test_the_web_upload_answers_with_the_failure_not_500(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from webtools import BASE

    from backstride.web import WebSettings, create_app

    url = f"sqlite:///{tmp_path / 'web.db'}"
    app = create_app(url, WebSettings(store_url=url, import_workers=1))
    with TestClient(app, base_url=BASE) as client:
        page = client.get("/import").text
        token = page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
        files = [
            ("files", ("bad.gpx", gpx(1).encode(), "application/gpx+xml")),
            ("files", ("good.gpx", gpx(2024).encode(), "application/gpx+xml")),
        ]
        response = client.post("/api/imports", files=files, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["imported"] == 1
    assert len(body["failed"]) == 1 and "bad.gpx" in body["failed"][0]


def _run(**changes: object) -> Activity:
    base = Activity(
        sport=Sport.RUN,
        start_utc=datetime(2024, 6, 1, 7, tzinfo=UTC),
        elapsed_s=1800.0,
        source_format=SourceFormat.GPX,
        distance_m=5000.0,
        content_hash="h-" + "-".join(f"{k}{v}" for k, v in changes.items()),
    )
    return base.with_(**changes)


@pytest.mark.clock_free
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"utc_offset_s": 251685079199}, "offset"),
        ({"utc_offset_s": -15 * 3600}, "offset"),
        ({"elapsed_s": float("nan")}, "elapsed"),
        ({"elapsed_s": -1.0}, "elapsed"),
        ({"distance_m": float("inf")}, "distance"),
        ({"avg_hr": 1e9}, "heart rate"),
        ({"start_utc": datetime(9999, 12, 31, tzinfo=UTC)}, "start"),
    ],
)
def test_the_store_refuses_an_impossible_activity(
    open_db: Callable[[], Store], changes: dict[str, object], field: str
) -> None:
    store = open_db()
    with pytest.raises(StoreError, match=field):
        store.add_activity(_run(**changes))
    assert store.activities() == []


@pytest.mark.clock_free
@pytest.mark.parametrize(
    ("column", "value"),
    [("utc_offset_s", 100_000), ("elapsed_s", -5.0), ("distance_m", 1e12), ("avg_hr", 900.0)],
)
def test_the_schema_refuses_an_impossible_row_even_past_the_store(
    open_db: Callable[[], Store], column: str, value: float
) -> None:
    store = open_db()
    activity_id = store.add_activity(_run())
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(
            text(f"UPDATE activity SET {column} = :value WHERE id = :id"),
            {"value": value, "id": activity_id},
        )
    assert store.activity(activity_id) == _run().with_(id=activity_id)


def _poisoned_sqlite(tmp_path: Path) -> Path:
    """A database from before the checks (0006) with a row whose offset is 8,000 years."""
    db = tmp_path / "old.sqlite"
    code, _out, err = run(db, "activities")
    assert code == 0, err
    good = tmp_path / "good.gpx"
    good.write_text(gpx(2024))
    assert run(db, "import", str(good))[0] == 0
    with sqlite3.connect(db) as connection:
        triggers = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ck_activity_%'"
        ).fetchall()
        assert len(triggers) >= 10
        for (trigger,) in triggers:
            connection.execute(f"DROP TRIGGER {trigger}")
        connection.execute("UPDATE alembic_version SET version_num = '0006'")
        connection.execute("DROP TABLE activity_lap")  # 0008's: not there before 0007 either
        connection.execute("UPDATE activity SET utc_offset_s = 251685079199, avg_hr = 1e9")
        connection.execute(
            "INSERT INTO activity (athlete_id, sport, start_utc, elapsed_s, source_format)"
            " VALUES (1, 'run', '9999-12-31 00:00:00.000000', 60, 'gpx')"
        )
    return db


def test_a_database_poisoned_before_the_checks_is_repaired_and_every_command_works(
    tmp_path: Path,
) -> None:
    db = _poisoned_sqlite(tmp_path)
    for command in (
        ["activities"],
        ["status"],
        ["check"],
        ["log", "pain", "--score", "2", "--date", "2024-06-02"],
    ):
        code, out, err = run(db, *command)
        assert "Traceback" not in out + err, (command, out, err)
        assert code == 0, (command, code, out, err)
    code, out, err = run(db, "activities")
    assert code == 0 and "1 activities" in out
    with sqlite3.connect(db) as connection:
        offset, hr = connection.execute(
            "SELECT utc_offset_s, avg_hr FROM activity WHERE sport = 'run' AND elapsed_s > 60"
        ).fetchone()
    assert offset is None and hr is None  # repaired by the migration


@pytest.mark.clock_free
def test_a_row_the_migration_cannot_repair_is_left_out_with_one_warning(
    open_db: Callable[[], Store], caplog: pytest.LogCaptureFixture
) -> None:
    store = open_db()
    store.add_activity(_run())
    with store.engine.begin() as connection:
        start = (
            "9999-12-31 00:00:00.000000"
            if connection.dialect.name == "sqlite"
            else "9999-12-31T00:00:00+00:00"
        )
        connection.execute(
            text(
                "INSERT INTO activity (athlete_id, sport, start_utc, elapsed_s, source_format)"
                " VALUES (:athlete, 'run', :start, 60, 'gpx')"
            ),
            {"athlete": store.athlete().id, "start": start},
        )
    assert [a.distance_m for a in store.activities()] == [5000.0]
    assert [a.distance_m for a in store.activities()] == [5000.0]
    warnings = [r.getMessage() for r in caplog.records if "left out" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.clock_free
def test_bounds_cleaning_strips_control_characters_and_cuts_long_names() -> None:
    activity = _run(name="\x1b[2JRun\x1b]0;owned\x07 " + "x" * 500, notes="line one\nline\x00 two")
    clean = bounds.cleaned(activity)
    assert clean.name is not None and "\x1b" not in clean.name and "\x07" not in clean.name
    assert len(clean.name) == bounds.TEXT_LIMITS["name"]
    assert clean.notes == "line one\nline two"
