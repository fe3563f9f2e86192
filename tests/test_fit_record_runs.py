"""Runs of records of one definition, read at once with numpy, give exactly what reading
them one by one gives: timestamps (missing ones too), every column, and the accumulated
distance that a later compressed record continues from."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from realfiles import corpus_files

from backstride.ingest.errors import IngestError
from backstride.ingest.fit import decoder
from backstride.ingest.fit.crc import crc16
from backstride.ingest.fit.records import RecordColumns

pytestmark = pytest.mark.clock_free

NO_TIME = 0xFFFFFFFF
NO_DISTANCE = 0xFFFFFFFF
NO_HEART_RATE = 0xFF
FIT_FILES = [f for f in corpus_files() if f.path.parent.name == "fit"]


def _definition(local: int, mesg_num: int, fields: list[tuple[int, int, int]]) -> bytes:
    head = struct.pack("<BBBHB", 0x40 | local, 0, 0, mesg_num, len(fields))
    return head + b"".join(struct.pack("<BBB", *f) for f in fields)


# record (20), local 0: timestamp u32, heart rate u8, distance u32 (accumulated, 1/100 m)
PLAIN = _definition(0, 20, [(253, 4, 0x86), (3, 1, 0x02), (5, 4, 0x86)])
# record, local 1: timestamp and compressed speed/distance (distance accumulates onto
# the last full distance, in 1/16 m with 12 bits)
COMPRESSED = _definition(1, 20, [(253, 4, 0x86), (8, 3, 0x0D)])
# event (21), local 2: timestamp, event, event type
EVENT = _definition(2, 21, [(253, 4, 0x86), (0, 1, 0x00), (1, 1, 0x00)])


def _fit(body: bytes) -> bytes:
    header = struct.pack("<BBHI4s", 12, 0x20, 2195, len(body), b".FIT")
    data = header + body
    return data + struct.pack("<H", crc16(data))


message = st.one_of(
    st.tuples(
        st.just("plain"),
        st.one_of(st.just(NO_TIME), st.integers(1_000_000_000, 1_000_100_000)),
        st.one_of(st.just(NO_HEART_RATE), st.integers(60, 200)),
        st.one_of(st.just(NO_DISTANCE), st.integers(0, 10_000_000)),
    ),
    st.tuples(
        st.just("compressed"), st.integers(1_000_000_000, 1_000_100_000), st.integers(0, 2**24 - 1)
    ),
    st.tuples(st.just("event"), st.integers(1_000_000_000, 1_000_100_000)),
    st.tuples(st.just("redefine")),
    st.tuples(st.just("offset"), st.integers(0, 31)),
)


def _file(messages: list[tuple[object, ...]]) -> bytes:
    body = bytearray(PLAIN + COMPRESSED + EVENT)
    for item in messages:
        kind = item[0]
        if kind == "plain":
            body += struct.pack("<BIBI", 0, *item[1:])
        elif kind == "compressed":
            body += struct.pack("<BI", 1, item[1]) + int(item[2]).to_bytes(3, "little")  # type: ignore[call-overload]
        elif kind == "event":
            body += struct.pack("<BIBB", 2, item[1], 0, 0)
        elif kind == "offset":  # a record whose time is 5 bits on from the last timestamp
            header = 0x80 | 1 << 5 | int(item[1])  # type: ignore[call-overload]
            body += struct.pack("<BI", header, NO_TIME) + bytes(3)
        else:
            body += PLAIN
    return _fit(bytes(body))


Decoded = tuple[dict[int, list[dict[str, object]]], RecordColumns] | str


def _decoded(data: bytes, runs: bool, monkeypatch: pytest.MonkeyPatch) -> Decoded:
    with monkeypatch.context() as patch:
        if not runs:
            patch.setattr(decoder, "_run_length", lambda *args: 1)
        else:
            patch.setattr(decoder, "_RUN_CHUNK", 3)  # runs cross many chunks
        try:
            messages, records = decoder.decode_messages(data)
        except IngestError as exc:
            return str(exc)
    return messages, records


def _assert_same(a: Decoded, b: Decoded) -> None:
    if isinstance(a, str) or isinstance(b, str):
        assert a == b  # the same refusal
        return
    (messages_a, records_a), (messages_b, records_b) = a, b
    assert messages_a == messages_b
    np.testing.assert_array_equal(records_a.time, records_b.time)
    assert records_a.values.keys() == records_b.values.keys()
    for name, column in records_a.values.items():
        np.testing.assert_array_equal(column, records_b.values[name])


@settings(max_examples=300, deadline=None)
@given(st.lists(message, min_size=1, max_size=60))
def test_runs_read_at_once_equal_records_read_one_by_one(
    messages: list[tuple[object, ...]],
) -> None:
    data = _file(messages)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same(_decoded(data, True, monkeypatch), _decoded(data, False, monkeypatch))


def test_a_long_run_is_read_as_runs() -> None:
    records = [("plain", 1_000_000_000 + i, 120, i * 300) for i in range(500)]
    data = _file([*records, ("compressed", 1_000_000_600, 5 << 12 | 100)])
    calls: list[int] = []
    real = decoder._run_length
    with pytest.MonkeyPatch.context() as monkeypatch:

        def counted(*args: object) -> int:
            calls.append(1)
            return real(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(decoder, "_run_length", counted)
        _, columns = decoder.decode_messages(data)
    assert len(calls) == 1  # one run of 500 records, not 500 steps
    assert columns.time[0] == 1_000_000_000 and columns.time[499] == 1_000_000_499
    distance = columns.values["distance"]
    assert distance[499] == 499 * 3.0
    # the compressed record's distance continues from the run's last distance (149,700 cm)
    assert distance[500] > distance[499]


@pytest.mark.corpus
@pytest.mark.parametrize("entry", FIT_FILES, ids=lambda f: f.path.name)
def test_corpus_files_decode_the_same_with_runs(
    entry: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = entry.path.read_bytes()  # type: ignore[attr-defined]
    _assert_same(_decoded(data, True, monkeypatch), _decoded(data, False, monkeypatch))
