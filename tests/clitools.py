"""Running `backstride` commands in tests: a real SQLite file through Typer's runner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.app import app

runner = CliRunner()


def run(db: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `backstride --db DB ARGS...`."""
    result = runner.invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def ok(db: Path, *args: str) -> str:
    """The output of a command that must succeed."""
    code, out, err = run(db, *args)
    assert code == 0, (args, out, err)
    return out


def dump(db: Path) -> list[tuple[object, ...]]:
    """Every row of every table, to show that a refused command changed nothing."""
    with sqlite3.connect(db) as connection:
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return [
            (t, *row) for t in sorted(tables) for row in connection.execute(f"SELECT * FROM {t}")
        ]
