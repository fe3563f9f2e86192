"""FIT record messages as columns: one float64 array per field we keep.

A long run is thousands of record messages; turning each into a dictionary
and back into arrays costs more than decoding the file. The fast decoder
collects the raw unpacked values per message definition and converts whole
columns at once with numpy; the SDK path converts its dictionaries. Both give
the same `RecordColumns`, which `common.build_activities` reads.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_NAN = float("nan")

# FIT record field -> our column. Enhanced fields win over their 16-bit twins,
# which hold the same value in less range.
COLUMN_OF: dict[str, str] = {
    "distance": "distance",
    "speed": "speed",
    "enhanced_speed": "speed",
    "heart_rate": "heart_rate",
    "cadence": "cadence",
    "fractional_cadence": "fractional_cadence",
    "altitude": "altitude",
    "enhanced_altitude": "altitude",
    "position_lat": "position_lat",
    "position_long": "position_long",
}
_PRIORITY = {"enhanced_speed": 1, "enhanced_altitude": 1}


@dataclass(frozen=True, eq=False)
class RecordColumns:
    """Record messages in file order.

    `time` is seconds since the FIT epoch (1989-12-31 UTC), NaN for a record
    with no timestamp. Each column in `values` is as long as `time`, NaN where
    a record lacks the field; a column never recorded is absent.
    """

    time: FloatArray
    values: dict[str, FloatArray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.time)

    @staticmethod
    def empty() -> RecordColumns:
        return RecordColumns(np.empty(0))

    @staticmethod
    def from_messages(records: Sequence[Mapping[str, Any]]) -> RecordColumns:
        """Columns from record dictionaries shaped as Garmin's SDK gives them."""
        builder = ColumnBuilder()
        for record in records:
            builder.add_message(record)
        return builder.build()

    def select(self, mask: npt.NDArray[np.bool_]) -> RecordColumns:
        return RecordColumns(self.time[mask], {k: v[mask] for k, v in self.values.items()})


def _fit_seconds(value: object) -> float:
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return (stamp - FIT_EPOCH).total_seconds()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float("nan")


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@dataclass
class RecordBatch:
    """Raw values of records that share one simple definition: unpacked tuples (`rows`), or,
    when the batch has a `layout`, where each record's bytes begin in the file (`offsets`),
    read all at once as a numpy structured array when the columns are built."""

    steps: tuple[tuple[int, str, Any, float, float, bool], ...]  # (column index, name, ...)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    layout: np.dtype[Any] | None = None  # field i of the unpacked tuple is named f"f{i}"
    offsets: list[int] = field(default_factory=list)


_NUMPY_CODE = {
    "b": "i1", "B": "u1", "h": "i2", "H": "u2", "i": "i4", "I": "u4",
    "q": "i8", "Q": "u8", "f": "f4", "d": "f8", "?": "u1",
}  # fmt: skip


def struct_layout(fmt: str) -> np.dtype[Any] | None:
    """The numpy structured dtype reading what `struct.Struct(fmt)` unpacks: value i as
    field f"{i}"; None for a format it cannot express (it then stays on the tuple path)."""
    endian = {"<": "<", ">": ">", "!": ">"}.get(fmt[:1])
    if endian is None:
        return None
    names: list[str] = []
    formats: list[str] = []
    offsets: list[int] = []
    at = 0
    for count_text, code in re.findall(r"(\d*)([a-zA-Z?])", fmt[1:]):
        count = int(count_text) if count_text else 1
        if code == "x":
            at += count
        elif code == "s":
            names.append(f"f{len(names)}")
            formats.append(f"V{count}")  # raw bytes (S would drop trailing NULs)
            offsets.append(at)
            at += count
        elif code in _NUMPY_CODE:
            size = int(_NUMPY_CODE[code][1:])
            for _ in range(count):
                names.append(f"f{len(names)}")
                formats.append(endian + _NUMPY_CODE[code])
                offsets.append(at)
                at += size
        else:
            return None
    return np.dtype({"names": names, "formats": formats, "offsets": offsets, "itemsize": at})


class ColumnBuilder:
    """Collects records one by one (raw tuples or dictionaries), builds columns once."""

    def __init__(self, data: bytes = b"") -> None:
        self.times: list[float] = []
        self.batches: dict[Hashable, RecordBatch] = {}
        self.messages: list[tuple[int, Mapping[str, Any]]] = []
        self.last: RecordBatch | None = None
        self.data = data  # the file the batches' offsets point into

    def batch(
        self,
        key: Hashable,
        fields: Sequence[tuple[int, str, Any, float, float, bool]],
        layout: np.dtype[Any] | None = None,
    ) -> RecordBatch:
        """The batch for one definition. Each field: (index in the raw tuple, FIT
        name, invalid value, scale, offset, whether to scale). With a `layout`, records
        are added by their offset in `data` (the decoder appends to `offsets`)."""
        found = self.batches.get(key)
        if found is None:
            kept = [f for f in fields if f[1] in COLUMN_OF]
            kept.sort(key=lambda f: _PRIORITY.get(f[1], 0))
            found = self.batches[key] = RecordBatch(tuple(kept), layout=layout)
        return found

    def add_row(self, batch: RecordBatch, row: tuple[Any, ...], stamp: int) -> None:
        """One record's raw values; `stamp` is its FIT timestamp (0xFFFFFFFF: none)."""
        batch.rows.append(row)
        batch.positions.append(len(self.times))
        self.times.append(float(stamp) if stamp != 0xFFFFFFFF else _NAN)
        self.last = batch

    def add_message(self, record: Mapping[str, Any]) -> None:
        self.messages.append((len(self.times), record))
        self.times.append(_fit_seconds(record.get("timestamp")))
        self.last = None

    def pop(self) -> None:
        """Forget the record added last."""
        if not self.times:
            return
        if self.last is not None:
            if self.last.layout is not None:
                self.last.offsets.pop()
            else:
                self.last.rows.pop()
            self.last.positions.pop()
        else:
            self.messages.pop()
        self.times.pop()
        self.last = None

    def __len__(self) -> int:
        return len(self.times)

    def build(self) -> RecordColumns:
        n = len(self.times)
        time = np.array(self.times, dtype=np.float64) if n else np.empty(0)
        values: dict[str, FloatArray] = {}

        def column(name: str) -> FloatArray:
            found = values.get(name)
            if found is None:
                found = values[name] = np.full(n, np.nan)
            return found

        whole = np.frombuffer(self.data, dtype=np.uint8)
        for batch in self.batches.values():
            if not batch.steps or not (batch.rows or batch.offsets):
                continue
            where = np.array(batch.positions, dtype=np.intp)
            if batch.layout is not None:
                starts = np.array(batch.offsets, dtype=np.intp)[:, None]
                picked = whole[starts + np.arange(batch.layout.itemsize, dtype=np.intp)]
                table = picked.view(batch.layout).reshape(-1)
                raw_columns = {i: table[f"f{i}"].astype(np.float64) for i, *_ in batch.steps}
            else:
                raw = np.array(batch.rows, dtype=np.float64)
                raw_columns = {i: raw[:, i] for i, *_ in batch.steps}
            for index, name, invalid, scale, offset, scaled in batch.steps:
                data = raw_columns[index]
                valid = data != float(invalid)
                if not valid.any():
                    continue
                kept = data[valid]
                if scaled:
                    if scale != 1:
                        kept = kept / scale
                    kept = kept - offset
                column(COLUMN_OF[name])[where[valid]] = kept
        for position, record in self.messages:
            for name in ("speed", "altitude"):
                value = _number(record.get(f"enhanced_{name}"))
                if value is None:
                    value = _number(record.get(name))
                if value is not None:
                    column(name)[position] = value
            for name in (
                "distance",
                "heart_rate",
                "cadence",
                "fractional_cadence",
                "position_lat",
                "position_long",
            ):
                value = _number(record.get(name))
                if value is not None:
                    column(name)[position] = value
        return RecordColumns(time, values)
