"""Two imports at once into one SQLite file: both succeed, each duplicate counted as one."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.clock_free
def test_two_imports_at_once_report_duplicates_not_failures(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "shared.sqlite"
    folder = tmp_path / "files"
    folder.mkdir()
    for kind in ("gpx", "tcx"):
        for path in sorted((corpus / kind).iterdir())[:40]:
            (folder / path.name).write_bytes(path.read_bytes())
    setup = [sys.executable, "-m", "backstride", "--db", str(db), "activities", "--json"]
    subprocess.run(setup, check=True, capture_output=True, timeout=120)
    command = [
        sys.executable, "-m", "backstride", "--db", str(db),
        "import", str(folder), "--json", "--workers", "1",
    ]  # fmt: skip
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    reports = []
    for process in running:
        out, err = process.communicate(timeout=600)
        reports.append((process.returncode, json.loads(out), err))
    alone = tmp_path / "alone.sqlite"
    single = subprocess.run(
        [*command[:3], "--db", str(alone), *command[5:]],
        capture_output=True,
        text=True,
        timeout=600,
    )
    alone_report = json.loads(single.stdout)
    with sqlite3.connect(alone) as connection:
        expected = connection.execute("SELECT count(*) FROM activity").fetchone()[0]
    assert expected > 0
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM activity").fetchone()[0]
    assert stored == expected
    for code, report, err in reports:
        # The same answer as one import alone: its own bad files fail, nothing else does.
        assert not [line for line in report["failed"] if "already imported" in line], report
        assert len(report["failed"]) == len(alone_report["failed"]), (report, alone_report)
        assert code == single.returncode
        assert "Traceback" not in err
    # Between them every file was stored at least once (a merge both saw at the same moment
    # may count on both sides; the stored activities above are the same either way).
    assert sum(r["imported"] + r["merged"] for _, r, _ in reports) >= (
        alone_report["imported"] + alone_report["merged"]
    )
