"""The store's revision: a number that every write transaction adds one to.

A cache of something read from the store (the web app's `History`) keeps the
revision it read first and asks for it again before using what it kept: one
small query tells it whether anything was written since, by this process or
any other (the CLI logging pain while `backstride serve` runs), on SQLite and
on PostgreSQL alike.

The number lives in the database (table `store_revision`, one row) and is
raised inside the writing transaction, just before it commits, so the new
number and the new rows become visible together. A session counts as writing
when it flushed ORM changes or ran an INSERT, UPDATE or DELETE; a read-only
session adds nothing. Raising it last keeps the row's lock (PostgreSQL) as
short as it can be and taken after every other lock, so two writers cannot
deadlock on it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from backstride.store.tables import StoreRevisionRow

_WROTE = "backstride.store.wrote"
_ROW = 1
_BUMP = (
    update(StoreRevisionRow)
    .where(StoreRevisionRow.id == _ROW)
    .values(revision=StoreRevisionRow.revision + 1)
)
READ = select(StoreRevisionRow.revision).where(StoreRevisionRow.id == _ROW)


def track_writes(sessions: sessionmaker[Session]) -> None:
    """Every session `sessions` makes raises the revision when it commits a write."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)
    event.listen(sessions, "before_commit", _before_commit)
    event.listen(sessions, "after_rollback", _forget)


def _after_flush(session: Session, _context: Any) -> None:
    session.info[_WROTE] = True


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _before_commit(session: Session) -> None:
    session.flush()  # what commit would flush next counts too
    if session.info.pop(_WROTE, False):
        session.connection().execute(_BUMP)


def _forget(session: Session) -> None:
    session.info.pop(_WROTE, None)
