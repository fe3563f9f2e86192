"""Read gzip and zip containers without trusting them.

Exports are big and archives can be hostile, so every read is bounded by the
bytes actually produced, never by what a header claims: a decompressed size
limit and a compression ratio limit stop bombs; member paths that are absolute
or climb out with `..` make the archive refused; symlinks and directories are
skipped; nested zips (a Garmin export holds `UploadedFiles_0-_Part1.zip`) are
opened to a bounded depth. Members are yielded with a loader so a large export
never sits in memory all at once.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from backstride.ingest.errors import IngestError

MIB = 1024 * 1024
# No activity file comes near this: a day-long run recorded every second is ~20 MB.
GUNZIP_LIMIT_BYTES = 128 * MIB
# A plain activity file (FIT, GPX, TCX, maybe gzipped) larger than this is refused unread.
FILE_LIMIT_BYTES = GUNZIP_LIMIT_BYTES
# An export's own files (its JSON, CSV and nested zips) may be larger.
EXPORT_FILE_LIMIT_BYTES = 512 * MIB
# Deflate cannot exceed ~1032:1; real activity files stay well under 50:1.
MAX_RATIO = 200.0
# Below this size the ratio is not checked: small files of zeros compress hugely.
RATIO_FLOOR_BYTES = 8 * MIB
_CHUNK = 256 * 1024
# What zipfile and zlib raise on a broken archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
NESTED_SEPARATOR = "!"


def _check_ratio(produced: int, consumed: int, max_ratio: float, what: str) -> None:
    if produced > RATIO_FLOOR_BYTES and produced > max_ratio * max(consumed, 1):
        raise IngestError(f"{what} expands more than {max_ratio:.0f} times: refused as a zip bomb")


def gunzip(data: bytes, limit: int = GUNZIP_LIMIT_BYTES, max_ratio: float = MAX_RATIO) -> bytes:
    """The decompressed bytes of gzip `data` (every member), streamed so that no
    more than `limit` bytes are ever produced."""
    if not data:
        raise IngestError("empty gzip data")
    out = io.BytesIO()
    produced = 0
    rest = data
    while rest:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = rest
        try:
            while pending or not decompressor.eof:
                chunk = decompressor.decompress(pending, _CHUNK)
                pending = decompressor.unconsumed_tail
                produced += len(chunk)
                if produced > limit:
                    raise IngestError(f"gzip data inflates past {limit // MIB} MiB: refused")
                _check_ratio(produced, len(data) - len(pending), max_ratio, "gzip data")
                out.write(chunk)
                if decompressor.eof or (not chunk and not pending):
                    break
        except zlib.error as exc:
            raise IngestError(f"corrupt gzip data: {exc}") from None
        if not decompressor.eof:
            raise IngestError("truncated gzip data: the file ends before the gzip stream does")
        rest = decompressor.unused_data.lstrip(b"\x00")  # concatenated members, padding
    return out.getvalue()


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may hold. Sizes are bytes actually decompressed."""

    max_members: int = 200_000
    max_member_bytes: int = 512 * MIB
    max_total_bytes: int = 8 * 1024 * MIB
    max_ratio: float = MAX_RATIO
    max_depth: int = 3


@dataclass
class _Budget:
    limits: ZipLimits
    total: int = field(default=0)

    def spend(self, amount: int, name: str) -> None:
        self.total += amount
        if self.total > self.limits.max_total_bytes:
            limit = self.limits.max_total_bytes // MIB
            raise IngestError(f"zip expands past {limit} MiB in total at {name!r}: refused")


@dataclass(frozen=True)
class ZipMember:
    """One file in an archive; `load()` reads and checks its bytes on demand.

    `name` joins nested archives with '!': 'export.zip-member.zip!inner.fit'.
    """

    name: str
    size: int
    load: Callable[[], bytes]


_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts


def _not_a_file(info: zipfile.ZipInfo) -> bool:
    """A directory, a symlink, or a member with no name (zipfile's is_dir fails on that)."""
    return not info.filename or info.filename.endswith("/") or _is_symlink(info)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: _Budget
) -> bytes:
    limits = budget.limits
    if info.flag_bits & 0x1:
        raise IngestError(f"zip member {name!r} is encrypted: cannot read it")
    if info.file_size > limits.max_member_bytes:  # zipfile never reads past the declared size
        raise IngestError(
            f"zip member {name!r} expands past {_size(limits.max_member_bytes)} "
            f"(it declares {_size(info.file_size)}): refused before reading"
        )
    out = io.BytesIO()
    produced = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                produced += len(chunk)
                if produced > limits.max_member_bytes:
                    limit = limits.max_member_bytes // MIB
                    raise IngestError(f"zip member {name!r} expands past {limit} MiB: refused")
                _check_ratio(produced, info.compress_size, limits.max_ratio, f"zip member {name!r}")
                budget.spend(len(chunk), name)
                out.write(chunk)
    except IngestError:
        raise
    except ZIP_ERRORS as exc:
        raise IngestError(f"zip member {name!r} is corrupt: {exc}") from None
    return out.getvalue()


def _size(count: int) -> str:
    return f"{count // MIB:,} MiB" if count >= MIB else f"{count:,} bytes"


def read_capped(path: os.PathLike[str] | str, limit: int = FILE_LIMIT_BYTES) -> bytes:
    """A file's bytes, refused by its size before a byte is read (and cut at the limit
    should it grow while being read)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise IngestError(
                    f"file is {size // MIB:,} MiB, more than the {limit // MIB} MiB an activity "
                    "file can be: refused before reading"
                )
            data = handle.read(limit + 1)
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise IngestError(f"file grew past {limit // MIB} MiB while being read: refused")
    return data


def _open_zip(source: bytes | str | os.PathLike[str] | IO[bytes], name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except ZIP_ERRORS as exc:
        raise IngestError(f"{name} is not a readable zip: {exc}") from None


def _walk(
    archive: zipfile.ZipFile, prefix: str, depth: int, budget: _Budget
) -> Iterator[ZipMember]:
    limits = budget.limits
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise IngestError(f"zip {prefix or 'archive'} holds {len(infos)} members: refused")
    for info in infos:
        name = prefix + info.filename
        if _unsafe(info.filename):
            raise IngestError(f"zip member {name!r} has an unsafe path: refused")
        if _not_a_file(info):
            continue
        head = _peek(archive, info, name)
        if head.startswith(_ZIP_MAGIC):
            if depth >= limits.max_depth:
                raise IngestError(f"zip member {name!r} nests zips deeper than {limits.max_depth}")
            inner = _open_zip(_read_member(archive, info, name, budget), repr(name))
            with inner:
                yield from _walk(inner, name + NESTED_SEPARATOR, depth + 1, budget)
            continue

        def load(info: zipfile.ZipInfo = info, name: str = name) -> bytes:
            return _read_member(archive, info, name, budget)

        yield ZipMember(name=name, size=info.file_size, load=load)


def _peek(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    if info.flag_bits & 0x1 or info.file_size < 4:
        return b""
    try:
        with archive.open(info) as handle:
            return handle.read(4)
    except ZIP_ERRORS as exc:
        raise IngestError(f"zip member {name!r} is corrupt: {exc}") from None


def zip_members(
    source: bytes | str | os.PathLike[str] | IO[bytes], limits: ZipLimits | None = None
) -> Iterator[ZipMember]:
    """Every regular file in a zip (nested zips opened in place), in archive order.

    `source` is the archive's bytes, a path or a binary file. Load each member
    while iterating: the archive is closed once the iterator is exhausted.
    """
    budget = _Budget(limits or ZipLimits())
    with _open_zip(source, "archive") as archive:
        yield from _walk(archive, "", 1, budget)


def safe_members(
    archive: zipfile.ZipFile, label: str, limits: ZipLimits | None = None
) -> dict[str, Callable[[], bytes]]:
    """Random access to an open zip's regular files, every limit on.

    Members with unsafe paths refuse the whole archive; directories and
    symlinks are left out; each load checks sizes and ratios on the bytes
    actually read, against one budget for the archive.
    """
    budget = _Budget(limits or ZipLimits())
    infos = archive.infolist()
    if len(infos) > budget.limits.max_members:
        raise IngestError(f"zip {label} holds {len(infos)} members: refused")
    members: dict[str, Callable[[], bytes]] = {}
    for info in infos:
        if _unsafe(info.filename):
            raise IngestError(f"zip member {info.filename!r} has an unsafe path: refused")
        if _not_a_file(info):
            continue

        def load(info: zipfile.ZipInfo = info) -> bytes:
            return _read_member(archive, info, info.filename, budget)

        members[info.filename] = load
    return members
