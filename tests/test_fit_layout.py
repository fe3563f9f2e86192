"""The numpy layout that reads a FIT record definition's bytes reads what `struct` unpacks."""

from __future__ import annotations

import random
import struct

import numpy as np
import pytest

from backstride.ingest.fit.records import struct_layout

pytestmark = pytest.mark.clock_free


@pytest.mark.parametrize(
    "fmt", ["<BHIiqQfd3s2x", ">hHbB4sIdf", "<I", ">2xIH", "<BBBBHHIIff", ">qQ5s"]
)
def test_layout_reads_what_struct_unpacks(fmt: str) -> None:
    layout = struct_layout(fmt)
    assert layout is not None
    one = struct.Struct(fmt)
    assert layout.itemsize == one.size
    chance = random.Random(fmt)
    rows = [bytes(chance.randrange(256) for _ in range(one.size)) for _ in range(50)]
    table = np.frombuffer(b"".join(rows), dtype=layout)
    for row, read in zip(rows, table, strict=True):
        expected = one.unpack(row)
        got = tuple(read[f"f{i}"] for i in range(len(expected)))
        for want, have in zip(expected, got, strict=True):
            if isinstance(want, bytes):
                assert bytes(have) == want
            elif isinstance(want, float) and want != want:
                assert have != have
            else:
                assert want == have


def test_a_format_numpy_cannot_read_is_left_to_struct() -> None:
    assert struct_layout("@I") is None  # native alignment
    assert struct_layout("<Ie") is None  # half floats are not in FIT
