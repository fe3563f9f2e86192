"""Reading is pure: loading the history, every page and API read and every command that
only reads leave the database as it was (warm-ups and cool-downs are detected when a run
is stored, never while reading)."""

from __future__ import annotations

import sqlite3

import pytest
from clitools import dump, ok
from shells import Twins

from backstride.services.history import load_history
from backstride.store import open_store

READ_PAGES = (
    "/",
    "/week",
    "/plan",
    "/plan?all=true",
    "/routines",
    "/routines/core",
    "/screening",
    "/activities",
    "/charts",
    "/shoes",
    "/import",
    "/settings",
    "/rules/weekly-ramp",
    "/api/status",
    "/api/week",
    "/api/plan",
    "/api/activities",
    "/api/shoes",
    "/api/screening",
    "/api/config",
    "/api/settings",
    "/api/charts/pain",
    "/api/charts/load",
    "/api/charts/weekly-distance",
)
READ_COMMANDS = (
    ("status",),
    ("status", "--json"),
    ("check",),
    ("activities", "--json"),
    ("runs",),
    ("shoes",),
    ("plan", "show"),
    ("plan", "show", "--json"),
    ("plan", "list"),
    ("config", "show"),
    ("screen", "list"),
    ("profile",),
)


def _forget_routines(db: str) -> int:
    """Rows as a database from before detection at store time has them: none."""
    with sqlite3.connect(db) as connection:
        return connection.execute("DELETE FROM run_routine").rowcount


def test_loading_the_history_writes_nothing(twins: Twins) -> None:
    assert _forget_routines(str(twins.web_db)) > 0
    with open_store(f"sqlite:///{twins.web_db}") as store:
        revision = store.revision()
        history = load_history(store)
        assert store.revision() == revision
        assert history.routines == ()
        assert store.activity_ids_without_routines(), "reading detected nothing"


def test_every_page_and_api_read_writes_nothing(twins: Twins) -> None:
    _forget_routines(str(twins.web_db))
    twins.web.get("/")  # the athlete row and the session cookie exist after a first visit
    before = dump(twins.web_db)
    for path in READ_PAGES:
        assert twins.web.get(path).status_code == 200, path
    assert dump(twins.web_db) == before


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_every_read_command_writes_nothing(twins: Twins, command: tuple[str, ...]) -> None:
    _forget_routines(str(twins.cli_db))
    before = dump(twins.cli_db)
    ok(twins.cli_db, *command)
    assert dump(twins.cli_db) == before
