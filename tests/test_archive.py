"""Gzip and zip reading: real exports, and hostile archives built in the test."""

from __future__ import annotations

import gzip
import io
import re
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.ingest.archive import ZipLimits, gunzip, zip_members
from backstride.ingest.errors import IngestError

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

MIB = 1024 * 1024


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _read_all(source: bytes | Path, limits: ZipLimits | None = None) -> dict[str, bytes]:
    return {m.name: m.load() for m in zip_members(source, limits)}


def test_gunzip_round_trips_a_real_file_and_concatenated_members(corpus: Path) -> None:
    data = (corpus / "tcx" / "vkurup__tests__files__test.tcx").read_bytes()
    assert gunzip(gzip.compress(data)) == data
    assert gunzip(gzip.compress(data[:10]) + gzip.compress(data[10:])) == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x1f\x8bnot really gzip", "corrupt"),
        # mtime=0: the same bytes in every collecting process (xdist compares test ids)
        (gzip.compress(b"x" * 10_000, mtime=0)[:-12], "truncated"),
    ],
    ids=["empty", "corrupt", "truncated"],
)
def test_gunzip_rejects_broken_data_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message) as caught:
        gunzip(data)
    assert "\n" not in str(caught.value)


def test_gunzip_stops_at_the_size_limit() -> None:
    bomb = gzip.compress(b"\0" * (4 * MIB), compresslevel=9)
    with pytest.raises(IngestError, match="inflates past 1 MiB"):
        gunzip(bomb, limit=1 * MIB)


def test_gunzip_refuses_an_extreme_compression_ratio() -> None:
    bomb = gzip.compress(b"\0" * (24 * MIB), compresslevel=9)  # ~1000:1
    assert len(bomb) < 50_000
    with pytest.raises(IngestError, match="zip bomb"):
        gunzip(bomb)


def test_real_strava_export_lists_every_member(corpus: Path) -> None:
    path = corpus / "export" / "sample-strava-export.zip"
    members = _read_all(path)
    assert len(members) == 26
    assert "activities.csv" in members
    first = members["activities/9100007919.tcx.gz"]
    assert gunzip(first).lstrip().startswith(b"<?xml")


def test_nested_garmin_export_is_read_through(corpus: Path) -> None:
    path = corpus / "export" / "sample-garmin-export.zip"
    members = _read_all(path)
    nested = [n for n in members if "UploadedFiles_0-_Part1.zip!" in n]
    assert len(nested) >= 20
    assert all(members[n][8:12] == b".FIT" for n in nested if n.endswith(".fit"))
    assert not any(n.endswith("Part1.zip") for n in members)  # opened, not yielded


def test_members_load_lazily_while_iterating() -> None:
    archive = _zip({"a.gpx": b"<gpx/>", "b.tcx": b"<TrainingCenterDatabase/>"})
    names = [(m.name, m.size) for m in zip_members(archive)]
    assert names == [("a.gpx", 6), ("b.tcx", 25)]


@pytest.mark.parametrize("name", ["../evil.fit", "a/../../evil.fit", "/etc/passwd", "C:\\x.fit"])
def test_unsafe_member_paths_are_refused_by_name(name: str) -> None:
    archive = _zip({"ok.fit": b"fine", name: b"evil"})
    with pytest.raises(IngestError, match="unsafe path") as caught:
        _read_all(archive)
    assert repr(name) in str(caught.value)


def test_directories_and_symlinks_are_skipped() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("folder/", b"")
        link = zipfile.ZipInfo("link.fit")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("folder/run.fit", b"data")
    assert _read_all(buffer.getvalue()) == {"folder/run.fit": b"data"}


def test_nested_zips_are_read_to_a_bounded_depth() -> None:
    level3 = _zip({"deep.fit": b"deep"})
    level2 = _zip({"inner.zip": level3, "mid.fit": b"mid"})
    outer = _zip({"outer.zip": level2, "top.fit": b"top"})
    assert _read_all(outer) == {
        "outer.zip!inner.zip!deep.fit": b"deep",
        "outer.zip!mid.fit": b"mid",
        "top.fit": b"top",
    }
    with pytest.raises(IngestError, match="deeper than 2"):
        _read_all(outer, ZipLimits(max_depth=2))


def test_member_count_and_sizes_are_limited_by_bytes_actually_read() -> None:
    many = _zip({f"{i}.fit": b"x" for i in range(20)})
    with pytest.raises(IngestError, match="20 members"):
        _read_all(many, ZipLimits(max_members=10))
    big = _zip({"big.fit": bytes(range(256)) * 400})
    with pytest.raises(IngestError, match=re.escape("'big.fit' expands past")):
        _read_all(big, ZipLimits(max_member_bytes=50_000))
    three = _zip({f"{i}.fit": bytes(range(256)) * 100 for i in range(3)})
    with pytest.raises(IngestError, match=re.escape("in total at '2.fit'")):
        _read_all(three, ZipLimits(max_total_bytes=60_000))


def test_zip_bomb_member_is_refused() -> None:
    bomb = _zip({"bomb.fit": b"\0" * (24 * MIB)})
    assert len(bomb) < 50_000
    with pytest.raises(IngestError, match=re.escape("'bomb.fit' expands more than")):
        _read_all(bomb)


def test_a_header_that_lies_about_the_size_is_caught() -> None:
    archive = bytearray(_zip({"run.fit": b"A" * 5000}))
    # Claim 10 bytes in the central directory: the read must not trust it.
    central = archive.rfind(b"PK\x01\x02")
    archive[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(IngestError, match=re.escape("'run.fit'")):
        _read_all(bytes(archive))


def test_not_a_zip_is_one_line_error() -> None:
    with pytest.raises(IngestError, match="not a readable zip"):
        _read_all(b"PK\x03\x04 broken")


@settings(max_examples=100, deadline=None)
@given(
    cut=st.floats(0, 1),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=4)), max_size=4),
)
def test_mutated_zip_raises_only_ingest_error(cut: float, edits: list[tuple[float, bytes]]) -> None:
    nested = _zip({"inner.fit": b"inner" * 100})
    data = bytearray(_zip({"a.gpx": b"<gpx>" * 200, "n.zip": nested, "b.csv": b"x,y\n" * 50}))
    data = data[: int(len(data) * cut) + 1] if cut < 0.99 else data
    for where, replacement in edits:
        at = int(where * len(data))
        data[at : at + len(replacement)] = replacement
    try:
        _read_all(bytes(data))
    except IngestError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=100, deadline=None)
@given(cut=st.integers(0, 300), flip=st.integers(0, 299), value=st.integers(0, 255))
def test_mutated_gzip_raises_only_ingest_error(cut: int, flip: int, value: int) -> None:
    data = bytearray(gzip.compress(b"<gpx>" * 100))
    data = data[:cut] if cut < len(data) else data
    if flip < len(data):
        data[flip] = value
    try:
        gunzip(bytes(data))
    except IngestError as exc:
        assert "\n" not in str(exc)
