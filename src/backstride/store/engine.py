"""Opening a database: the engine, SQLite's settings, and the Alembic upgrade."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from backstride.store.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
MIGRATION_LOCK_KEY = 0x6261636B  # "back": any constant shared by every backstride


def display_url(url: str) -> str:
    """The URL to show a person: the file for SQLite, no password otherwise."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def connect(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout."""
    try:
        engine = create_engine(url)
    except (ArgumentError, SQLAlchemyError, ImportError, ValueError) as error:
        raise StoreError(
            f"cannot open database at {display_url(url)}: {driver_reason(error)}"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def migrate(engine: Engine, then: Callable[[Connection], None] | None = None) -> None:
    """Create or upgrade the schema to this backstride's newest revision, then run
    `then` in the same transaction.

    The transaction holds a lock for its whole length (SQLite: BEGIN IMMEDIATE;
    PostgreSQL: an advisory lock), so two first opens at once migrate once, and
    SQLite's schema changes, which it would otherwise commit one by one, land
    together or not at all.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    where = display_url(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as connection:
            _lock(connection)
            current = MigrationContext.configure(connection).get_current_revision()
            if current is not None and _unknown(script, current):
                raise StoreError(
                    f"the database at {where} is newer than this backstride "
                    f"(schema revision {current}): upgrade backstride to open it"
                )
            if current != head:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            if then is not None:
                then(connection)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot open database at {where}: {driver_reason(error)}") from None


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


def _unknown(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is None
    except Exception:  # alembic raises several kinds for a revision it has never seen
        return True


def driver_reason(error: BaseException) -> str:
    """The first line of what the driver said, without SQLAlchemy's background link."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
