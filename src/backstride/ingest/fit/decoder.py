"""Fast FIT decoding: only the messages an activity is made of.

Reads file_id, activity, session, lap and record messages into the same
dictionaries Garmin's SDK gives (`sdk` is the reference this module is
tested against, field by field) and hands them to
`common.build_activities`. Every other message is skipped by its size.

Beyond the SDK it reads compressed-timestamp headers (old Forerunners) and
files whose header overstates their data size (Strava's Android app). Chained
files are read whole; every file's CRC is checked.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from backstride.domain import Activity
from backstride.ingest.errors import IngestError, damage
from backstride.ingest.fit.common import build_activities
from backstride.ingest.fit.crc import crc16
from backstride.ingest.fit.fields import (
    ACTIVITY,
    FILE_ID,
    LAP,
    RECORD,
    SCALE,
    SESSION,
    TIMESTAMP_FIELD,
    WANTED,
    Accumulators,
    Message,
    Plan,
    compile_plan,
    decode_full,
    decode_simple,
    to_datetime,
)
from backstride.ingest.fit.records import (
    ColumnBuilder,
    RecordBatch,
    RecordColumns,
    struct_layout,
)

_U16 = struct.Struct("<H")
_DATA_SIZE = struct.Struct("<I")
_GLOBAL = {True: struct.Struct("<H"), False: struct.Struct(">H")}
_STAMP = {True: struct.Struct("<I"), False: struct.Struct(">I")}
_Reader = tuple[Callable[[bytes, int], tuple[Any, ...]], int]  # (unpack_from, offset)
_Carried = tuple[Callable[[bytes, int], tuple[Any, ...]], int, Any, tuple[int, int]]
_STRUCT_CODE = {
    "i1": "b", "u1": "B", "i2": "h", "u2": "H", "i4": "i", "u4": "I",
    "i8": "q", "u8": "Q", "f4": "f", "f8": "d",
}  # fmt: skip


class _State:
    """What carries from one message to the next, and across chained files."""

    __slots__ = (
        "accumulators",
        "batches",
        "fast",
        "last_kind",
        "last_timestamp",
        "messages",
        "plans",
        "records",
    )

    def __init__(self, data: bytes) -> None:
        self.plans: dict[int, Plan] = {}
        self.records = ColumnBuilder(data)  # record messages, kept as columns
        self.batches: dict[int, RecordBatch] = {}  # local type -> its record batch (simple plans)
        # local type -> its batch read at the end, and how to read a record's timestamp
        self.fast: dict[
            int, tuple[RecordBatch, _Reader | None, tuple[_Carried, ...], _RunReader]
        ] = {}
        self.accumulators: Accumulators = {}
        self.last_timestamp: int | None = None
        self.messages: dict[int, list[Message]] = {num: [] for num in WANTED}
        self.last_kind: int | None = None  # the message list appended to last


def decode_messages(data: bytes) -> tuple[dict[int, list[Message]], RecordColumns]:
    """The wanted messages of a FIT file by global message number, as the SDK gives
    them, and its record messages as columns."""
    if len(data) < 12:
        raise IngestError("truncated FIT file: shorter than a FIT header")
    try:
        return _decode_checked(data)
    except IngestError:
        recovered = _recover(data)
        if recovered is None:
            raise
        return recovered


def _decode_checked(data: bytes) -> tuple[dict[int, list[Message]], RecordColumns]:
    state = _State(data)
    start = 0
    while start < len(data):
        header_size, end = _file_header(data, start)
        if end + 2 > len(data):
            raise IngestError(
                f"truncated FIT file: the header announces {end + 2 - start} bytes, "
                f"{len(data) - start} are there"
            )
        if _U16.unpack_from(data, end)[0] != crc16(memoryview(data)[start:end]):
            raise IngestError("corrupt FIT file: its CRC does not match (damaged or cut short)")
        _read_records(data, start + header_size, end, state)
        start = end + 2
    return state.messages, state.records.build()


def _recover(data: bytes) -> tuple[dict[int, list[Message]], RecordColumns] | None:
    """The messages of a file two known writers leave without a valid CRC, or None.

    Some devices (a Sigma cycling computer here) write whole messages up to the
    last byte and no CRC. Strava's Android app, when it crashes, leaves garbage
    after its last good record and a header that overstates the size; what
    precedes the first undecodable message is kept, less that message's
    predecessor, which the garbage already begins in.
    """
    header_size, _ = _file_header(data, 0)
    state = _State(data)
    try:
        _read_records(data, header_size, len(data), state)
    except IngestError:
        file_ids = state.messages[FILE_ID]
        maker = file_ids[0].get("manufacturer") if file_ids else None
        if maker != "strava" or not len(state.records) or not state.messages[SESSION]:
            return None
        if state.last_kind == RECORD:
            state.records.pop()
        elif state.last_kind is not None:
            state.messages[state.last_kind].pop()
    return state.messages, state.records.build()


def _file_header(data: bytes, start: int) -> tuple[int, int]:
    """The header size and the end of the data of the file that begins at `start`."""
    header_size = data[start]
    if (
        header_size not in (12, 14)
        or len(data) < start + 12
        or data[start + 8 : start + 12] != b".FIT"
    ):
        where = "" if start == 0 else f" of the file chained at byte {start}"
        raise IngestError(f"not a FIT file: no valid FIT header{where}")
    return header_size, start + header_size + _DATA_SIZE.unpack_from(data, start + 4)[0]


def _read_definition(data: bytes, pos: int, end: int, state: _State) -> int:
    header = data[pos]
    if pos + 6 > end:
        raise IngestError(f"corrupt FIT file: definition message cut short at byte {pos}")
    little = data[pos + 2] == 0
    mesg_num = _GLOBAL[little].unpack_from(data, pos + 3)[0]
    count = data[pos + 5]
    pos += 6
    stop = pos + 3 * count
    if stop > end:
        raise IngestError(f"corrupt FIT file: definition message cut short at byte {pos}")
    fields = tuple((data[i], data[i + 1], data[i + 2]) for i in range(pos, stop, 3))
    pos = stop
    extra = 0
    if header & 0x20:
        if pos + 1 > end:
            raise IngestError(f"corrupt FIT file: definition message cut short at byte {pos}")
        dev_count = data[pos]
        stop = pos + 1 + 3 * dev_count
        if stop > end:
            raise IngestError(f"corrupt FIT file: definition message cut short at byte {pos}")
        extra = sum(data[i + 1] for i in range(pos + 1, stop, 3))
        pos = stop
    local = header & 0x0F
    plan = state.plans[local] = compile_plan(mesg_num, little, fields, extra)
    state.fast.pop(local, None)
    if mesg_num == RECORD and plan.simple and plan.unpacker is not None:
        steps = [
            (i, spec.name, spec.invalid, spec.scale, spec.offset, spec.kind == SCALE)
            for i, spec in enumerate(plan.specs)
        ]
        # Records with nothing to carry from one to the next are read all at once at the
        # end (their offsets are kept); only the timestamp is read as they come.
        layout = struct_layout(plan.unpacker.format)
        # one batch per definition (the same definition again, under any local type, adds
        # to it)
        definition = (little, mesg_num, fields, extra)
        batch = state.batches[local] = state.records.batch(definition, steps, layout)
        fields_at = None if batch.layout is None else batch.layout.fields
        if fields_at is not None:
            stamp = None
            stamp_column = None
            if plan.timestamp_index is not None:
                stamp_type, stamp_at = fields_at[f"f{plan.timestamp_index}"][:2]
                stamp = (_STAMP[little].unpack_from, stamp_at)
                stamp_column = (stamp_type, stamp_at)
            # accumulated fields carry to later messages: read each as it comes
            carried = []
            columns = []
            for index, key in plan.accumulated:
                kind, at = fields_at[f"f{index}"][:2]
                one = struct.Struct(("<" if little else ">") + _STRUCT_CODE[kind.str[1:]])
                carried.append((one.unpack_from, at, plan.specs[index].invalid, key))
                columns.append((kind, at, plan.specs[index].invalid, key))
            run = _RunReader(batch, plan.size + 1, stamp_column, columns)
            state.fast[local] = (batch, stamp, tuple(carried), run)
    else:
        state.batches.pop(local, None)
    return pos


# Record headers looked at per numpy step when a run of records is measured.
_RUN_CHUNK = 1024


def _run_length(data: bytes, start: int, end: int, stride: int, header: int) -> int:
    """How many whole messages of `stride` bytes, from `start` on, begin with `header`: a
    run of records of one definition, as a watch writes them second after second."""
    count = 0
    while True:
        fits = min(_RUN_CHUNK, (end - start) // stride)
        if fits <= 0:
            return count
        heads = np.ndarray((fits,), np.uint8, buffer=data, offset=start, strides=(stride,))
        other = np.flatnonzero(heads != header)
        if other.size:
            return count + int(other[0])
        count += fits
        start += fits * stride


class _RunReader:
    """Adds a run of records of one definition at once: what the hot loop does for each
    record (keep its offset, read its timestamp, carry its accumulated fields), with numpy
    over the run. The records' other fields are read at the end, like every kept record."""

    __slots__ = ("batch", "columns", "stamp", "stride")

    def __init__(
        self,
        batch: RecordBatch,
        stride: int,
        stamp: tuple[np.dtype[Any], int] | None,
        columns: Sequence[tuple[np.dtype[Any], int, Any, tuple[int, int]]],
    ) -> None:
        self.batch = batch
        self.stride = stride
        self.stamp = stamp
        self.columns = tuple(columns)

    def _column(self, data: bytes, body: int, count: int, kind: np.dtype[Any], at: int) -> Any:
        return np.ndarray((count,), kind, buffer=data, offset=body + at, strides=(self.stride,))

    def add(self, data: bytes, body: int, count: int, state: _State) -> int:
        """Add `count` records, the first one's body at `body`; the position after them."""
        records = state.records
        times = records.times
        batch = self.batch
        first = len(times)
        batch.positions.extend(range(first, first + count))
        batch.offsets.extend(range(body, body + count * self.stride, self.stride))
        for kind, at, invalid, key in self.columns:
            values = self._column(data, body, count, kind, at)
            valid = np.flatnonzero(values != invalid)
            if valid.size:
                last = int(values[valid[-1]])
                state.accumulators[key] = [last, last]
        if self.stamp is None:
            times.extend([float("nan")] * count)
        else:
            stamps = self._column(data, body, count, *self.stamp)
            seconds = stamps.astype(np.float64)
            missing = stamps == 0xFFFFFFFF
            if missing.any():
                seconds[missing] = np.nan
                present = np.flatnonzero(~missing)
                if present.size:
                    state.last_timestamp = int(stamps[present[-1]])
            else:
                state.last_timestamp = int(stamps[-1])
            times.extend(seconds.tolist())
        records.last = batch
        state.last_kind = RECORD
        return body - 1 + count * self.stride


def _read_records(data: bytes, pos: int, end: int, state: _State) -> None:
    plans = state.plans
    messages = state.messages
    accumulators = state.accumulators
    batches = state.batches
    fasts = state.fast
    records = state.records
    times = records.times
    nan = float("nan")
    while pos < end:
        header = data[pos]
        compressed = header & 0x80
        if not compressed and header & 0x40:
            pos = _read_definition(data, pos, end, state)
            continue
        local = (header >> 5) & 0x03 if compressed else header & 0x0F
        plan = plans.get(local)
        if plan is None:
            raise IngestError(
                f"corrupt FIT file: message at byte {pos} uses local type {local}, never defined"
            )
        body = pos + 1
        pos = body + plan.size
        if pos > end:
            raise IngestError(f"truncated FIT file: the message at byte {body - 1} is cut short")
        if compressed:
            _read_compressed(data, body, plan, header & 0x1F, state)
            continue
        fast = fasts.get(local)
        if fast is not None:
            kept, stamp_at, carried, run = fast
            stride = plan.size + 1
            if pos + stride <= end and data[pos] == header:
                # the next message is another record of this definition: a run, read at once
                count = _run_length(data, body - 1, end, stride, header)
                if count > 1:
                    pos = run.add(data, body, count, state)
                    continue
            # records.add_row for a batch read at the end, inlined: this is the hot loop
            kept.positions.append(len(times))
            kept.offsets.append(body)
            for read, at, invalid, key in carried:
                value = read(data, body + at)[0]
                if value != invalid:
                    accumulators[key] = [int(value), int(value)]
            stamp = 0xFFFFFFFF if stamp_at is None else stamp_at[0](data, body + stamp_at[1])[0]
            if stamp != 0xFFFFFFFF:
                state.last_timestamp = stamp
                times.append(float(stamp))
            else:
                times.append(nan)
            records.last = kept
            state.last_kind = RECORD
            continue
        unpack = plan.unpacker
        if unpack is None:
            if plan.timestamp is not None:
                stamp = plan.timestamp.unpack_from(data, body)[0]
                if stamp != 0xFFFFFFFF:
                    state.last_timestamp = stamp
            continue
        values = unpack.unpack_from(data, body)
        batch = batches.get(local)
        if batch is not None:
            # A record: its raw values go to the columns, converted all at once.
            index = plan.timestamp_index
            stamp = values[index] if index is not None else 0xFFFFFFFF
            if stamp != 0xFFFFFFFF:
                state.last_timestamp = stamp
            # records.add_row(batch, values, stamp), inlined: this is the hot loop
            batch.rows.append(values)
            batch.positions.append(len(times))
            times.append(float(stamp) if stamp != 0xFFFFFFFF else nan)
            records.last = batch
            for position, key in plan.accumulated:
                if values[position] != plan.specs[position].invalid:
                    accumulators[key] = [int(values[position]), int(values[position])]
            state.last_kind = RECORD
            continue
        if plan.simple:
            message = decode_simple(plan, values, accumulators)
        else:
            message = decode_full(plan, values, accumulators)
        index = plan.timestamp_index
        if index is not None and values[index] != 0xFFFFFFFF:
            state.last_timestamp = values[index]
        if plan.mesg_num == RECORD:
            records.add_message(message)
        else:
            messages[plan.mesg_num].append(message)
        state.last_kind = plan.mesg_num


def _read_compressed(data: bytes, body: int, plan: Plan, offset: int, state: _State) -> None:
    """A message whose timestamp is five bits of offset from the last full timestamp."""
    last = state.last_timestamp
    if last is None:
        raise IngestError("corrupt FIT file: a compressed timestamp comes before any timestamp")
    stamp = last + ((offset - last) & 0x1F)
    state.last_timestamp = stamp
    if plan.unpacker is None:
        return
    values = plan.unpacker.unpack_from(data, body)
    if plan.simple:
        message = decode_simple(plan, values, state.accumulators)
    else:
        message = decode_full(plan, values, state.accumulators)
    if TIMESTAMP_FIELD in plan.fields:
        message["timestamp"] = to_datetime(stamp)
    if plan.mesg_num == RECORD:
        state.records.add_message(message)
    else:
        state.messages[plan.mesg_num].append(message)
    state.last_kind = plan.mesg_num


def _first(items: list[Message]) -> Message | None:
    return items[0] if items else None


def parse(data: bytes, source_file: str) -> list[Activity]:
    """The activities in a FIT file; IngestError (one line) when it cannot be read."""
    try:
        messages, records = decode_messages(data)
        return build_activities(
            sessions=messages[SESSION],
            records=records,
            laps=messages[LAP],
            file_id=_first(messages[FILE_ID]),
            activity=_first(messages[ACTIVITY]),
            source_file=source_file,
            content_hash=hashlib.sha256(data).hexdigest(),
        )
    except IngestError:
        raise
    except Exception as error:  # any other failure on hostile bytes is still a bad file
        raise IngestError(f"corrupt FIT file: {damage(error)}") from None


__all__ = ["decode_messages", "parse"]
