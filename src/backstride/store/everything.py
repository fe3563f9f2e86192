"""Everything the runner owns, table by table: read out in one consistent snapshot, written
back into an empty store, or deleted.

The rows travel as plain JSON values (`encode_value` / `decode_value`): datetimes as ISO
8601 in UTC, dates as ISO dates, the compressed samples as base64. Ids are kept, so a
restore gives back the same rows with the same links between them. The store's revision
counter is not the runner's data and does not travel.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Double, Integer, LargeBinary, Table, func, select
from sqlalchemy.orm import Session

from backstride.store import plans as _plans  # noqa: F401  (registers the plan tables)
from backstride.store.access import StoreAccess
from backstride.store.errors import InputError
from backstride.store.tables import AthleteRow, Base, StoreRevisionRow, UTCDateTime

JsonValue = str | int | float | bool | None
Row = dict[str, JsonValue]

# Every table of the runner's data, parents before children.
TABLES: tuple[Table, ...] = tuple(
    t for t in Base.metadata.sorted_tables if t.name != StoreRevisionRow.__tablename__
)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def column_kind(table: Table, name: str) -> str:
    """How a column's values are written in JSON: datetime, date, bytes, float, int,
    bool or text."""
    kind = table.c[name].type
    if isinstance(kind, UTCDateTime | DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, LargeBinary):
        return "bytes"
    if isinstance(kind, Double):
        return "float"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    return "text"


def encode_value(value: Any) -> JsonValue:
    """A column value as a JSON value (see the module's docstring)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # "nan", "inf": JSON has no word for them
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def decode_value(kind: str, value: JsonValue) -> Any:
    """A JSON value back as the column's value; ValueError when it is not one."""
    if value is None:
        return None
    if kind == "datetime":
        parsed = datetime.fromisoformat(str(value))
        if parsed.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone")
        return parsed
    if kind == "date":
        return date.fromisoformat(str(value))
    if kind == "bytes":
        return base64.b64decode(str(value), validate=True)
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise ValueError(f"{value!r} is not a number")
        return float(value)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{value!r} is not a whole number")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true or false")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value


@dataclass(frozen=True)
class TableRows:
    """One table's rows, as JSON values."""

    name: str
    rows: list[Row]


class EverythingStore(StoreAccess):
    """Read out, load and delete every row the runner owns (mixed into `Store`)."""

    def dump_everything(self) -> Iterator[TableRows]:
        """Every table's rows in one read transaction: what a running server writes
        meanwhile is either all in or all out."""
        with self._read("read everything for the export") as session:
            _snapshot(session)
            for table in TABLES:
                order = [c for c in table.primary_key.columns]
                result = session.execute(select(table).order_by(*order))
                rows = [
                    {key: encode_value(value) for key, value in row._mapping.items()}
                    for row in result
                ]
                yield TableRows(table.name, rows)

    def holds_data(self) -> bool:
        """True when anything but the default athlete of a new store is here."""
        with self._read("look for data") as session:
            for table in TABLES:
                count = session.scalar(select(func.count()).select_from(table)) or 0
                if table.name == AthleteRow.__tablename__:
                    if count > 1:
                        return True
                elif count:
                    return True
        return False

    def load_everything(self, tables: Sequence[TableRows]) -> dict[str, int]:
        """Write `tables` into this store, which holds no data yet (its default athlete
        gives way to the one in `tables`). All or nothing; the rows written per table."""
        if self.holds_data():
            raise InputError("this database already holds data: restore into a new one")
        by_name = {t.name: t for t in tables}
        unknown = sorted(set(by_name) - set(TABLES_BY_NAME))
        if unknown:
            raise InputError(f"the archive has tables this backstride does not know: {unknown}")
        written: dict[str, int] = {}
        with self._write("restore the archive") as session:
            for table in reversed(TABLES):
                session.execute(table.delete())
            for table in TABLES:
                rows = by_name.get(table.name, TableRows(table.name, [])).rows
                values = [_decoded(table, i, row) for i, row in enumerate(rows, start=1)]
                if values:
                    session.execute(table.insert(), values)
                written[table.name] = len(values)
            if session.get_bind().dialect.name == "postgresql":
                _move_sequences(session)
        self._forget_athlete()
        return written

    def delete_everything(self) -> dict[str, int]:
        """Delete every row the runner owns; the rows deleted per table. On SQLite the
        freed pages are wiped too, so nothing can be read back out of the file."""
        deleted: dict[str, int] = {}
        with self._write("delete everything") as session:
            for table in reversed(TABLES):
                result = session.execute(table.delete())
                deleted[table.name] = int(getattr(result, "rowcount", 0) or 0)
        self._forget_athlete()
        self._vacuum()
        return deleted

    # Provided by Store.
    def _forget_athlete(self) -> None:
        raise NotImplementedError

    def _vacuum(self) -> None:
        raise NotImplementedError


def _snapshot(session: Session) -> None:
    """Make the session's reads one snapshot (PostgreSQL; SQLite's read transaction
    already is one once it has read)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _decoded(table: Table, number: int, row: Mapping[str, JsonValue]) -> dict[str, Any]:
    unknown = sorted(set(row) - set(table.c.keys()))
    if unknown:
        raise InputError(f"{table.name} row {number}: unknown fields {unknown}")
    values: dict[str, Any] = {}
    for name in (column.key for column in table.columns):
        if name not in row:
            continue
        try:
            values[name] = decode_value(column_kind(table, name), row[name])
        except ValueError as exc:
            raise InputError(f"{table.name} row {number}, {name}: {exc}") from None
    return values


def _move_sequences(session: Session) -> None:
    """PostgreSQL: the next id of each table comes after the restored ones."""
    for table in TABLES:
        if "id" not in table.c:
            continue
        session.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, "id"),
                    func.coalesce(select(func.max(table.c.id)).scalar_subquery(), 0) + 1,
                    False,
                )
            )
        )
