"""Export everything, restore it, delete everything: a runner with something in every table
goes out as one archive and comes back the same, table for table, on SQLite and
PostgreSQL; delete leaves nothing, not even in the SQLite file's free pages."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from clitools import ok, run
from shells import snapshot

from backstride.services import backup
from backstride.services.workspace import Workspace
from backstride.store import open_store
from backstride.store.everything import TABLES

SHOE = "Zebracorn Glide 9"  # a name to look for in the file after a delete


@pytest.fixture()
def full_runner(planned_runner: Path, tmp_path: Path) -> Path:
    """The planned runner with something in every table, and a rules file."""
    db = tmp_path / "full" / "runner.db"
    db.parent.mkdir()
    shutil.copy(planned_runner, db)
    ok(db, "shoes", "add", SHOE, "--default")
    ok(db, "shoes", "add", "Back brace", "--kind", "brace")
    ok(db, "shoes", "assign", "Back brace", "--since", "2000-01-01")
    ok(db, "log", "pain", "--score", "3", "--when", "after", "--note", "tight after hills")
    ok(db, "log", "checkin", "--stiffness", "2", "--sleep-quality", "4")
    ok(db, "log", "session", "--kind", "core", "--minutes", "20")
    ok(db, "screen", "--none-apply")
    ok(db, "config", "set", "weekly-ramp.max_increase_km", "3")
    with open_store(f"sqlite:///{db}") as store:
        first = store.activities()[0].id
    ok(db, "delete", "activity", str(first))  # the trash and a deleted file's hash
    return db


def _tables(archive: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(archive) as z:
        return {t.name: z.read(f"tables/{t.name}.jsonl").decode().splitlines() for t in TABLES}


def test_every_table_has_rows_and_the_manifest_documents_them(full_runner: Path) -> None:
    archive = full_runner.parent / "everything.zip"
    out = ok(full_runner, "export", "--all", str(archive))
    assert f"Wrote everything to {archive}" in out and "pain reports" in out
    tables = _tables(archive)
    assert all(tables[name] for name in tables), [n for n, rows in tables.items() if not rows]
    with zipfile.ZipFile(archive) as z:
        manifest = json.loads(z.read(backup.MANIFEST))
        rules = z.read(backup.RULES).decode()
    assert manifest["format"] == backup.FORMAT and manifest["version"] == backup.VERSION
    assert {n: m["rows"] for n, m in manifest["tables"].items()} == {
        n: len(rows) for n, rows in tables.items()
    }
    assert manifest["tables"]["activity"]["columns"]["start_utc"] == "datetime"
    assert manifest["tables"]["activity_samples"]["columns"]["blob"] == "bytes"
    assert "max_increase_km" in rules
    pain = [json.loads(line) for line in tables["pain_report"]]
    assert any(p["note"] == "tight after hills" for p in pain)


def test_restore_gives_back_the_same_data_table_for_table(
    full_runner: Path, db_url: str, tmp_path: Path
) -> None:
    archive = tmp_path / "everything.zip"
    ok(full_runner, "export", "--all", str(archive))
    with open_store(f"sqlite:///{full_runner}") as original:
        before = snapshot(original)
    rules = tmp_path / "restored-rules.toml"
    with open_store(db_url) as store:
        ws = Workspace(store, rules)
        restored = backup.restore_everything(ws, archive)
        assert restored.rows["activity"] > 0 and restored.rules_file and rules.is_file()
        assert snapshot(store) == before
        again = tmp_path / "again.zip"
        backup.export_everything(Workspace(store, rules), again)
        # the next record gets a new id after the restored ones (PostgreSQL's sequences)
        store.update_athlete(name="Restored runner")
        assert store.athlete().name == "Restored runner"
    assert _tables(again) == _tables(archive)


def test_a_database_with_data_is_not_restored_over(full_runner: Path, tmp_path: Path) -> None:
    archive = tmp_path / "everything.zip"
    ok(full_runner, "export", "--all", str(archive))
    before = _dump(full_runner)
    code, _, err = run(full_runner, "restore", str(archive))
    assert code == 2 and "already holds data" in err and len(err.splitlines()) == 1
    assert _dump(full_runner) == before


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("not a zip", "is not a backstride export"),
        ("no manifest", "no backstride-export.json"),
        ("bad row", "pain_report row"),
        ("not json", "is not JSON"),
    ],
)
def test_a_damaged_archive_writes_nothing(
    full_runner: Path, tmp_path: Path, damage: str, said: str
) -> None:
    good = tmp_path / "good.zip"
    ok(full_runner, "export", "--all", str(good))
    bad = tmp_path / "bad.zip"
    if damage == "not a zip":
        bad.write_bytes(b"PK\x03\x04 not really")
    else:
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if damage == "no manifest" and item.filename == backup.MANIFEST:
                    continue
                if item.filename == "tables/pain_report.jsonl":
                    if damage == "bad row":
                        row = json.loads(data.splitlines()[0])
                        data = json.dumps({**row, "score": "very bad"}).encode() + b"\n"
                    elif damage == "not json":
                        data = b"{oops\n"
                dst.writestr(item, data)
    empty = tmp_path / "empty.db"
    code, _, err = run(empty, "restore", str(bad))
    assert code == 2 and said in err and len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    with open_store(f"sqlite:///{empty}") as store:
        assert not store.holds_data()


def test_delete_everything_leaves_nothing_and_says_what_went(full_runner: Path) -> None:
    rules = full_runner.parent / "backstride.toml"
    ok(full_runner, "config", "set", "weekly-ramp.max_increase_km", "3")
    code, _, err = run(full_runner, "delete", "--everything")  # no terminal, no --yes
    assert code == 2 and "nothing deleted" in err
    assert _dump(full_runner)["activity"] > 0
    out = ok(full_runner, "delete", "--everything", "--yes")
    assert "Deleted:" in out and "activities" in out and "pain reports" in out
    assert "your rules file" in out
    counts = _dump(full_runner)
    assert all(n == 0 for t, n in counts.items() if t != "athlete"), counts
    assert not rules.exists() and not list(full_runner.parent.glob("*.toml"))
    # not even in the free pages of the file, or in its write-ahead log
    for part in full_runner.parent.glob("runner.db*"):
        assert SHOE.encode() not in part.read_bytes(), part
    assert "Runner" in ok(full_runner, "profile")  # a fresh start works


def _dump(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {
            t.name: connection.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
            for t in TABLES
        }
