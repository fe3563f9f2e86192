"""Delete one record into the trash, and bring it back.

A deleted record goes whole: its row and every row that hangs off it (an activity's
samples, source files, gear worn, warm-up and cool-down), written as JSON into one `trash`
row in the same transaction that deletes them. Restoring writes the same rows back with
the same ids and points the rows that pointed at it (a pain report's run) back to it. The
hashes of a deleted activity's files go into `deleted_file`, so importing the same export
again does not bring the run back unless the runner asks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session

from backstride import clock
from backstride.store.access import StoreAccess
from backstride.store.errors import InputError
from backstride.store.everything import TABLES_BY_NAME, column_kind, decode_value, encode_value
from backstride.store.tables import (
    ActivityRow,
    CheckInRow,
    DeletedFileRow,
    GearRow,
    PainReportRow,
    SourceFileRow,
    TrashRow,
)

KEEP_DAYS = 30  # the trash is emptied of what was deleted longer ago than this


@dataclass(frozen=True)
class Trashed:
    """One record in the trash."""

    id: int
    kind: str  # activity, pain, check-in, session, gear
    label: str  # what it was, in the runner's words
    deleted_utc: datetime


# kind -> (its table, the tables whose rows hang off it by `activity_id` or `gear_id`)
_T = TABLES_BY_NAME
_KINDS: dict[str, tuple[Table, tuple[tuple[Table, str], ...]]] = {
    "activity": (
        _T["activity"],
        (
            (_T["activity_samples"], "activity_id"),
            (_T["source_file"], "activity_id"),
            (_T["activity_gear"], "activity_id"),
            (_T["run_routine"], "activity_id"),
            (_T["activity_lap"], "activity_id"),
        ),
    ),
    "pain": (_T["pain_report"], ()),
    "check-in": (_T["check_in"], ()),
    "session": (_T["training_session"], ()),
    "gear": (_T["gear"], ((_T["activity_gear"], "gear_id"),)),
}
KINDS = tuple(_KINDS)


def _encoded(row: Any) -> dict[str, Any]:
    return {key: encode_value(value) for key, value in row._mapping.items()}


def _decoded(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {
        name: decode_value(column_kind(table, name), value)
        for name, value in row.items()
        if name in table.c
    }


class TrashStore(StoreAccess):
    """Deleting into the trash and restoring from it (mixed into `Store`)."""

    def trash_record(self, kind: str, record_id: int, label: str) -> Trashed:
        """Move the record `record_id` of `kind` (see `KINDS`) and what hangs off it into
        the trash, in one transaction; `InputError` when the runner has no such record."""
        if kind not in _KINDS:
            raise InputError(f"cannot delete a {kind!r}: one of {', '.join(KINDS)}")
        table, children = _KINDS[kind]
        now = clock.now_utc()
        with self._write(f"delete the {kind} {record_id}") as session:
            athlete_id = self._athlete_id_in(session)
            own = session.execute(
                select(table).where(table.c.id == record_id, table.c.athlete_id == athlete_id)
            ).first()
            if own is None:
                raise InputError(f"there is no {kind} {record_id}")
            rows: dict[str, list[dict[str, Any]]] = {table.name: [_encoded(own)]}
            for child, column in children:
                found = session.execute(select(child).where(child.c[column] == record_id)).all()
                rows[child.name] = [_encoded(r) for r in found]
            links: dict[str, list[int]] = {}
            if kind == "activity":
                links["pain_report"] = list(
                    session.scalars(
                        select(PainReportRow.id).where(PainReportRow.activity_id == record_id)
                    )
                )
            if kind == "gear":
                links["activity"] = list(
                    session.scalars(select(ActivityRow.id).where(ActivityRow.gear_id == record_id))
                )
            trash = TrashRow(
                athlete_id=athlete_id,
                kind=kind,
                label=label,
                deleted_utc=now,
                rows=json.dumps({"rows": rows, "links": links}),
            )
            session.add(trash)
            session.flush()
            for row in rows.get(SourceFileRow.__tablename__, []):
                session.add(
                    DeletedFileRow(
                        athlete_id=athlete_id,
                        content_hash=str(row["content_hash"]),
                        trash_id=trash.id,
                    )
                )
            session.execute(delete(table).where(table.c.id == record_id))
            session.execute(
                delete(TrashRow).where(
                    TrashRow.athlete_id == athlete_id,
                    TrashRow.deleted_utc < now - timedelta(days=KEEP_DAYS),
                )
            )
            return Trashed(trash.id, kind, label, now)

    def trashed(self) -> list[Trashed]:
        """What the trash holds, the latest first."""
        with self._read("list the trash") as session:
            athlete_id = self._athlete_id_in(session)
            found = session.scalars(
                select(TrashRow)
                .where(TrashRow.athlete_id == athlete_id)
                .order_by(TrashRow.deleted_utc.desc(), TrashRow.id.desc())
            )
            return [Trashed(t.id, t.kind, t.label, t.deleted_utc) for t in found]

    def restore_trashed(self, trash_id: int) -> Trashed:
        """Put the trashed record back as it was; `InputError` when it cannot be (gone
        from the trash, or the same run imported again since)."""
        with self._write(f"restore item {trash_id} of the trash") as session:
            athlete_id = self._athlete_id_in(session)
            trash = session.get(TrashRow, trash_id)
            if trash is None or trash.athlete_id != athlete_id:
                raise InputError("that is not in the trash (it is kept for 30 days)")
            body = json.loads(trash.rows)
            table, children = _KINDS[trash.kind]
            own = body["rows"][table.name]
            if _clash(session, table, own):
                raise InputError(f"cannot bring back {trash.label}: it is there again")
            session.execute(table.insert(), [_decoded(table, r) for r in own])
            for child, _ in children:
                restored = [_decoded(child, r) for r in body["rows"].get(child.name, [])]
                if child.name == SourceFileRow.__tablename__ and restored:
                    hashes = [r["content_hash"] for r in restored]
                    taken = session.scalar(
                        select(func.count())
                        .select_from(SourceFileRow)
                        .where(
                            SourceFileRow.athlete_id == athlete_id,
                            SourceFileRow.content_hash.in_(hashes),
                        )
                    )
                    if taken:
                        raise InputError(
                            f"cannot bring back {trash.label}: its file was imported again"
                        )
                if restored:
                    session.execute(child.insert(), restored)
            links = body.get("links", {})
            pain_ids: Sequence[int] = links.get("pain_report", [])
            if pain_ids:
                session.execute(
                    update(PainReportRow)
                    .where(PainReportRow.id.in_(pain_ids), PainReportRow.activity_id.is_(None))
                    .values(activity_id=own[0]["id"])
                )
            shod_ids: Sequence[int] = links.get("activity", [])
            if shod_ids:
                session.execute(
                    update(ActivityRow)
                    .where(ActivityRow.id.in_(shod_ids), ActivityRow.gear_id.is_(None))
                    .values(gear_id=own[0]["id"])
                )
            session.execute(delete(DeletedFileRow).where(DeletedFileRow.trash_id == trash_id))
            result = Trashed(trash.id, trash.kind, trash.label, trash.deleted_utc)
            session.delete(trash)
            return result

    def deleted_file_hashes(self) -> frozenset[str]:
        """The content hashes of the files of activities the runner deleted."""
        with self._read("list deleted files") as session:
            athlete_id = self._athlete_id_in(session)
            return frozenset(
                session.scalars(
                    select(DeletedFileRow.content_hash).where(
                        DeletedFileRow.athlete_id == athlete_id
                    )
                )
            )

    def forget_reimported_files(self) -> int:
        """Files of deleted activities the runner imported again on purpose are theirs
        again: forget that they were deleted. How many were."""
        with self._write("forget deleted files imported again") as session:
            athlete_id = self._athlete_id_in(session)
            again = select(SourceFileRow.content_hash).where(SourceFileRow.athlete_id == athlete_id)
            result = session.execute(
                delete(DeletedFileRow).where(
                    DeletedFileRow.athlete_id == athlete_id,
                    DeletedFileRow.content_hash.in_(again),
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)


def _clash(session: Session, table: Table, rows: list[dict[str, Any]]) -> bool:
    """True when a row with the same id, or the same unique key, is there again."""
    ids = [r["id"] for r in rows]
    if session.scalar(select(func.count()).select_from(table).where(table.c.id.in_(ids))):
        return True
    if table.name == CheckInRow.__tablename__:
        day = decode_value("date", rows[0]["on_date"])
        found = session.scalar(
            select(func.count())
            .select_from(table)
            .where(table.c.athlete_id == rows[0]["athlete_id"], table.c.on_date == day)
        )
        return bool(found)
    if table.name == GearRow.__tablename__:
        found = session.scalar(
            select(func.count())
            .select_from(table)
            .where(table.c.athlete_id == rows[0]["athlete_id"], table.c.name == rows[0]["name"])
        )
        return bool(found)
    return False
