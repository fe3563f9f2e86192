"""The smaller hostile inputs of #12, each a clear answer: a billion-laughs GPX is refused
naming the file; XML whose root comes after a long prolog is read; zips nested in a Garmin
export are read (or refused in one line); links out of a folder are reported, not followed;
NUL bytes and other control characters are taken out of typed text the same way on SQLite
and PostgreSQL; typed text has one length limit, the same on the command line and the web."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from clitools import run
from fastapi.testclient import TestClient
from test_garmin import zipped
from test_gpx import BILLION_LAUGHS
from test_import_bounds import gpx, tcx
from webtools import BASE, api, assert_error

from backstride import clock
from backstride.ingest.pipeline import import_paths
from backstride.services import text
from backstride.store import open_store
from backstride.web import WebSettings, create_app

UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files/"
FITNESS = "DI_CONNECT/DI-Connect-Fitness/"


def yesterday() -> str:
    return (clock.today() - timedelta(days=1)).isoformat()


def imported(db_url: str, *paths: Path) -> tuple[int, list[str], int]:
    with open_store(db_url) as store:
        report = import_paths(store, list(paths), workers=1)
    return report.imported, report.failed, report.skipped


@pytest.mark.clock_free
def test_a_billion_laughs_gpx_is_refused_naming_the_file(tmp_path: Path, tmp_db_url: str) -> None:
    bomb = tmp_path / "lol.gpx"
    bomb.write_bytes(BILLION_LAUGHS)
    good = tmp_path / "good.gpx"
    good.write_text(gpx(2024))
    count, failed, skipped = imported(tmp_db_url, bomb, good)
    assert count == 1 and skipped == 0
    assert len(failed) == 1 and str(bomb) in failed[0] and "billion laughs" in failed[0]


@pytest.mark.clock_free
@pytest.mark.parametrize("kind", ["gpx", "tcx"])
def test_xml_whose_root_comes_after_a_long_prolog_is_read(
    tmp_path: Path, tmp_db_url: str, kind: str
) -> None:
    body = gpx(2024) if kind == "gpx" else tcx(2024)
    declaration, rest = body.split("?>", 1)
    prolog = "\n<!-- " + "exported by a very chatty tool " * 400 + "-->\n" + " " * 6000
    path = tmp_path / f"late-root.{kind}"
    path.write_text(declaration + "?>" + prolog + rest)
    assert len(declaration + "?>" + prolog) > 16_000  # the root starts far past 4 KiB
    assert imported(tmp_db_url, path) == (1, [], 0)


def _garmin_export(path: Path, uploads: dict[str, bytes]) -> Path:
    summary = json.dumps([{"summarizedActivitiesExport": []}]).encode()
    path.write_bytes(zipped({f"{FITNESS}runner_0_summarizedActivities.json": summary, **uploads}))
    return path


@pytest.mark.clock_free
def test_a_zip_nested_inside_a_garmin_exports_zip_is_imported(
    tmp_path: Path, tmp_db_url: str
) -> None:
    inner = zipped({"deeper/run.gpx": gpx(2023).encode()})
    part = zipped({"run-2024.gpx": gpx(2024).encode(), "more.zip": inner})
    export = _garmin_export(tmp_path / "garmin.zip", {f"{UPLOADS}UploadedFiles_0-_Part1.zip": part})
    assert imported(tmp_db_url, export) == (2, [], 0)


@pytest.mark.clock_free
def test_zips_nested_too_deep_in_a_garmin_export_are_one_line(
    tmp_path: Path, tmp_db_url: str
) -> None:
    deepest = zipped({"run.gpx": gpx(2022).encode()})
    for level in range(3):
        deepest = zipped({f"level{level}.zip": deepest})
    export = _garmin_export(tmp_path / "garmin.zip", {f"{UPLOADS}Part1.zip": deepest})
    count, failed, _ = imported(tmp_db_url, export)
    assert count == 0 and len(failed) == 1
    assert "level" in failed[0] and "nested more than 3 deep" in failed[0]


@pytest.fixture()
def outside(tmp_path: Path) -> Iterator[Path]:
    secret = tmp_path / "elsewhere" / "not-yours.gpx"
    secret.parent.mkdir()
    secret.write_text(gpx(2021))
    yield secret


@pytest.mark.clock_free
@pytest.mark.parametrize("as_export", [True, False])
def test_a_link_out_of_an_unpacked_folder_is_reported_not_followed(
    tmp_path: Path, tmp_db_url: str, outside: Path, as_export: bool
) -> None:
    root = tmp_path / "export"
    uploads = root / UPLOADS if as_export else root / "runs"
    uploads.mkdir(parents=True)
    if as_export:
        (root / FITNESS).mkdir(parents=True)
        (root / FITNESS / "runner_0_summarizedActivities.json").write_text("[]")
    (uploads / "mine.gpx").write_text(gpx(2024))
    (uploads / "link.gpx").symlink_to(outside)
    (uploads / "folder-link").symlink_to(outside.parent, target_is_directory=True)
    (uploads / "inside-link.gpx").symlink_to(uploads / "mine.gpx")
    count, failed, _ = imported(tmp_db_url, root)
    assert count == 1  # mine.gpx, once; nothing from outside
    assert len(failed) == 2, failed
    assert all("not followed" in line and str(outside.parent) in line for line in failed)
    assert any("link.gpx" in line for line in failed)
    assert any("folder-link" in line for line in failed)


NUL_TEXT = "knee\x00 after\x1b[2J hills"


def test_control_characters_in_typed_text_are_taken_out_alike_on_every_database(
    db_url: str,
) -> None:
    with TestClient(
        create_app(db_url, WebSettings(store_url=db_url, import_workers=1)), base_url=BASE
    ) as client:
        pain = api(client, "POST", "/api/pain", {"score": 2, "timing": "other", "note": NUL_TEXT})
        assert pain.status_code == 200, pain.text
        body = {"date": yesterday(), "distance_m": 5000, "duration_s": 1800}
        logged = api(client, "POST", "/api/runs", {**body, "name": NUL_TEXT, "notes": NUL_TEXT})
        assert logged.status_code == 200, logged.text
        shoe = api(client, "POST", "/api/shoes", {"name": NUL_TEXT})
        assert shoe.status_code == 200, shoe.text
    with open_store(db_url) as store:
        (report,) = store.pain_reports()
        (activity,) = store.activities()
        (gear,) = store.gear()
    clean = "knee after[2J hills"
    assert report.note == clean
    assert activity.name == clean and activity.notes == clean
    assert gear.name == clean


def test_typed_text_has_one_limit_on_the_command_line_and_the_web(tmp_path: Path) -> None:
    db = tmp_path / "runner.db"
    url = f"sqlite:///{db}"
    too_long = "x" * (text.NOTE_LENGTH + 1)
    code, out, err = run(db, "log", "pain", "--score", "2", "--note", too_long)
    assert code != 0 and f"longer than {text.NOTE_LENGTH} characters" in out + err
    run_notes = "y" * (text.RUN_NOTES_LENGTH + 1)
    args = ["log", "run", "--date", yesterday(), "--distance", "5km", "--duration", "30:00"]
    args += ["--notes", run_notes]
    code, out, err = run(db, *args)
    assert code != 0 and f"longer than {text.RUN_NOTES_LENGTH} characters" in out + err
    with TestClient(create_app(url), base_url=BASE) as client:
        assert_error(
            api(client, "POST", "/api/pain", {"score": 2, "timing": "other", "note": too_long}),
            422,
            "invalid",
            "note",
        )
        body = {"date": yesterday(), "distance_m": 5000, "duration_s": 1800}
        assert_error(
            api(client, "POST", "/api/runs", {**body, "notes": run_notes}), 422, "invalid", "notes"
        )
        fits = api(client, "POST", "/api/pain", {"score": 2, "timing": "other", "note": "z" * 500})
        assert fits.status_code == 200
    assert run(db, "log", "pain", "--score", "2", "--note", "z" * text.NOTE_LENGTH)[0] == 0
