"""The `backstride` command as a runner uses it: real processes, a real SQLite file."""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from clitools import run

from backstride import clock
from backstride.demo import demo_runs, write_strava_export
from backstride.ingest.pipeline import BATCH_SIZE
from backstride.units import METRES_PER_MILE


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "runner.db"


def test_import_then_activities_json(db: Path, corpus: Path) -> None:
    code, out, _ = run(db, "import", str(corpus / "export" / "sample-strava-export.zip"))
    assert code == 0
    assert "imported" in out
    code, out, _ = run(db, "activities", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 24
    keys = {
        "id",
        "source_file",
        "external_id",
        "sport",
        "start_utc",
        "distance_m",
        "elapsed_s",
        "moving_s",
        "avg_hr",
        "max_hr",
        "avg_cadence_spm",
        "ascent_m",
        "gear",
        "name",
    }
    assert all(keys <= row.keys() for row in rows)
    fenix = next(r for r in rows if r["external_id"] == "9100047514")
    assert datetime.fromisoformat(fenix["start_utc"]) == datetime(
        2015, 8, 15, 14, 45, 8, tzinfo=UTC
    )
    assert fenix["distance_m"] == pytest.approx(9008.22)
    assert fenix["avg_cadence_spm"] == pytest.approx(162.0)  # 81 per foot on the watch
    code, out, _ = run(
        db, *shlex.split("activities --json --since 2019-01-01 --until 2019-12-31 --sport run")
    )
    in_2019 = json.loads(out)
    assert in_2019 and all(r["start_utc"].startswith("2019") for r in in_2019)
    code, out, _ = run(db, "shoes", "--json")
    shoes = {s["name"]: s for s in json.loads(out)}
    assert set(shoes) == {"Brooks Ghost 15", "Hoka Clifton 9"}
    assert all(s["retired"] is False and s["distance_m"] > 0 for s in shoes.values())


def test_broken_files_exit_1_with_one_line_each(db: Path, corpus: Path) -> None:
    broken = corpus / "fit" / "dtcooper__tests__files__activity-unexpected-eof.fit"
    good = corpus / "fit" / "dtcooper__tests__files__activity-small-fenix2-run.fit"
    code, out, err = run(db, "import", str(broken), str(good))
    assert code == 1
    failed = [line for line in err.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and broken.name in failed[0]
    assert "Traceback" not in err + out
    assert "1 imported" in out


def test_usage_errors_exit_2_and_write_nothing(db: Path, tmp_path: Path) -> None:
    code, _, err = run(db, "import", str(tmp_path / "no-such-file.fit"))
    assert code == 2 and "no such file" in err
    future = (clock.today() + timedelta(days=3)).isoformat()
    logged = "log run --distance 5km --duration 30:00 --date"
    for line, says in (
        (f"{logged} {future}", "future"),
        (f"{logged} 2026-11-31", "not a date"),
        (f"{logged} 1960-11-01", "check the year"),
        (
            "log run --date 2026-11-01 --distance '5 furlongs' --duration 30:00",
            "cannot read distance",
        ),
        ("log run --date 2026-11-01 --distance 5km --duration 30:75", "duration"),
        ("log run --date 2026-11-01 --distance 500km --duration 1:00:00", "not a run"),
        ("log run --date 2026-11-01 --distance 5km --duration 5:00:00", "not a run"),
        (f"{logged} 2026-11-01 --shoe Nope", "unknown shoe"),
    ):
        args = shlex.split(line)
        code, _, err = run(db, *args)
        assert code == 2, args
        assert says in err, (args, err)
        assert len(err.strip().splitlines()) == 1, err
    code, out, _ = run(db, "activities", "--json")
    assert json.loads(out) == []
    # Dates at the ends of the calendar are refused in one line, never a crash.
    code, out, err = run(
        db, "activities", "--json", "--since", "0001-01-01", "--until", "9999-12-31"
    )
    assert code == 2 and "outside 1970-01-01" in err and len(err.strip().splitlines()) == 1


def test_log_run_in_km_and_miles(db: Path) -> None:
    assert run(db, "shoes", "add", "Brooks Ghost 15", "--start-distance", "100km")[0] == 0
    code, out, _ = run(
        db,
        "log",
        "run",
        "--date",
        "2026-11-20",
        "--distance",
        "5km",
        "--duration",
        "30:00",
        "--shoe",
        "brooks ghost 15",
        "--rpe",
        "4",
    )
    assert code == 0 and "Logged" in out
    code, out, _ = run(
        db, *shlex.split("log run --date 2026-11-21 --distance 3.1mi --duration 31:00 --treadmill")
    )
    assert code == 0
    code, out, _ = run(
        db,
        "log",
        "run",
        "--date",
        "2026-11-20",
        "--distance",
        "5km",
        "--duration",
        "30:00",
        "--shoe",
        "Brooks Ghost 15",
        "--rpe",
        "4",
    )
    assert "already logged" in out
    rows = json.loads(run(db, "activities", "--json")[1])
    assert [r["distance_m"] for r in rows] == pytest.approx([5000.0, 3.1 * METRES_PER_MILE])
    assert rows[0]["gear"] == "Brooks Ghost 15" and rows[0]["rpe"] == 4
    assert rows[1]["sub_sport"] == "treadmill" and rows[1]["elapsed_s"] == 1860
    shoes = json.loads(run(db, "shoes", "--json")[1])
    assert shoes[0]["distance_m"] == pytest.approx(105_000.0)


@pytest.mark.clock_free  # an import reads no date (its subprocess is not counted)
def test_killed_import_leaves_a_valid_database_and_a_rerun_completes_it(tmp_path: Path) -> None:
    """Killed at a point the importer reports, not after a wall-clock delay: it says each
    file it has done on stderr, into a pipe of one page that the test stops reading a few
    files after the first batch. Whatever the machine's speed, the import then blocks on
    its next hundred lines long before its last file: it is still running when it is killed.
    New activities are committed a batch at a time: the first batch is in, whole."""
    seen = BATCH_SIZE + 8
    export = write_strava_export(demo_runs(date(2026, 11, 1), weeks=80), tmp_path / "export.zip")
    db = tmp_path / "killed.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "backstride", "--db", str(db), "import", "--quiet"]
    command += ["--workers", "1", "--log-progress", str(export)]
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    page = fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=write_end)
    os.close(write_end)
    lines: list[str] = []
    with os.fdopen(read_end, "r", encoding="utf-8") as reported:
        while len(lines) < seen:
            line = reported.readline()
            assert line, f"the import ended before it reported {seen} files"
            lines.append(line)
        total = int(lines[-1].split(" of ")[1].split()[0])
        # the lines still to come cannot fit in the pipe: the import cannot finish
        assert total - seen > page // len(lines[-1]) + 1, (total, page)
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert [int(line.split()[0]) for line in lines] == list(range(1, seen + 1))
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        partial = connection.execute("select count(*) from activity").fetchone()[0]
        # every stored activity arrived whole: its file, and for a run its warm-up found
        for part, which in (("source_file", ""), ("run_routine", "run")):
            missing = connection.execute(
                f"select count(*) from activity a where (? = '' or a.sport = ?) and not exists "
                f"(select 1 from {part} p where p.activity_id = a.id)",
                (which, which),
            ).fetchone()[0]
            assert missing == 0, part
    assert BATCH_SIZE <= partial <= seen < total
    code, _out, _ = run(db, "import", "--quiet", str(export))
    assert code == 0
    rows = json.loads(run(db, "activities", "--json")[1])
    clean = tmp_path / "clean.db"
    run(clean, "import", "--quiet", str(export))
    expected = json.loads(run(clean, "activities", "--json")[1])
    assert len(rows) == len(expected) > partial
    assert sorted(r["content_hash"] for r in rows) == sorted(r["content_hash"] for r in expected)
