"""Hostile inputs get one clear line, never a traceback: deeply nested JSON and TOML,
damaged FIT fields, newlines and escape sequences in names, extreme dates on the
command line, names too long to be names."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from clitools import run

from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

DEEP = 200_000


def garmin_export(path: Path, summarized: bytes) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "DI_CONNECT/DI-Connect-Fitness/runner_0_summarizedActivities.json", summarized
        )
        record = {
            "activityId": 7,
            "name": "Easy run",
            "activityType": "running",
            "startTimeGmt": 1717225200000,
            "startTimeLocal": 1717232400000,
            "duration": 1800000,
            "distance": 500000,
        }
        archive.writestr(
            "DI_CONNECT/DI-Connect-Fitness/runner_1_summarizedActivities.json",
            json.dumps([{"summarizedActivitiesExport": [record]}]),
        )
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.clock_free
def test_deeply_nested_garmin_json_is_one_failed_line(tmp_path: Path, tmp_db_url: str) -> None:
    export = garmin_export(tmp_path / "garmin.zip", b"[" * DEEP + b"]" * DEEP)
    with open_store(tmp_db_url) as store:
        report = import_paths(store, [export], workers=1)
        assert report.imported == 1
        assert len(report.failed) == 1
        assert "runner_0_summarizedActivities.json" in report.failed[0]
        assert "nested too deeply" in report.failed[0]


def test_deeply_nested_rules_toml_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "rules.toml"
    config.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    monkeypatch.setenv("BACKSTRIDE_CONFIG", str(config))
    code, out, err = run(tmp_path / "db.sqlite", "status")
    assert code == 2, (out, err)
    assert "Traceback" not in out + err and "RecursionError" not in out + err
    assert str(config) in err and "nested too deeply" in err
    assert len(err.strip().splitlines()) == 1
