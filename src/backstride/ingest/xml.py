"""Safe XML parsing shared by the GPX and TCX readers.

Activity files come from anywhere, so the parser never expands entities
(billion laughs), never loads a DTD or anything over the network (external
entities such as ``file:///etc/passwd``), and keeps libxml2's limits on tree
depth and text size (``huge_tree`` off). It recovers from the small breakages
real exporters produce: Strava writes an undeclared ``gpxdata:`` prefix, Polar
puts whitespace before ``<?xml``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from lxml import etree

from backstride.ingest.errors import IngestError

_UTF8_BOM = b"\xef\xbb\xbf"
_LEADING_JUNK = b" \t\r\n\x00"


def _parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not thread-safe to share.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def strip_leading(data: bytes) -> bytes:
    """`data` without a UTF-8 byte-order mark and whitespace before the first tag."""
    start = 0
    while True:
        if data.startswith(_UTF8_BOM, start):
            start += len(_UTF8_BOM)
            continue
        if start < len(data) and data[start] in _LEADING_JUNK:
            start += 1
            continue
        return data[start:] if start else data


def parse_xml(data: bytes, what: str = "XML") -> etree._Element:
    """The root element of the XML document in `data`.

    Raises IngestError (one line naming `what`) when there is no document to
    read. UTF-16 documents with a byte-order mark are passed to libxml2 as is.
    """
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    text = data if utf16 else strip_leading(data)
    if not text:
        raise IngestError(f"empty {what} file")
    if not utf16 and not text.startswith(b"<"):
        raise IngestError(f"not {what}: the file does not start with '<'")
    parser = _parser()
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise IngestError(f"unreadable {what}: {first_line}") from None
    if any(_is_bomb(error) for error in parser.error_log):
        # libxml2 stopped at the entity and recovery would keep only what came before it.
        raise IngestError(
            f"refused: its XML entities expand without bound (a 'billion laughs' bomb); "
            f"{what} files never need them"
        )
    if root is None:
        raise IngestError(f"unreadable {what}: no element could be recovered")
    return root


# What libxml2 reports when entities would expand past its limits.
_BOMB_ERRORS = frozenset({"ERR_RESOURCE_LIMIT", "ERR_ENTITY_LOOP", "ERR_ENTITY_AMPLIFICATION"})


def _is_bomb(error: etree._LogEntry) -> bool:
    message = error.message.casefold()
    return error.type_name in _BOMB_ERRORS or ("entity" in message and "amplification" in message)


_LOCAL_NAMES: dict[object, str] = {}


def local_name(tag: object) -> str:
    """An element tag without its namespace or prefix; '' for comments and entities."""
    try:
        return _LOCAL_NAMES[tag]
    except KeyError:
        pass
    name = tag.rpartition("}")[2].rpartition(":")[2] if isinstance(tag, str) else ""
    if len(_LOCAL_NAMES) < 4096:  # a hostile file cannot grow the cache without bound
        _LOCAL_NAMES[tag] = name
    return name


def to_float(text: str | None) -> float | None:
    """A finite float from element text, or None."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime; naive times are taken as UTC."""
    if not text:
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def utc_offset_s(moment: datetime) -> int | None:
    """The UTC offset a timestamp was written with, None when it was written in UTC."""
    offset = moment.utcoffset()
    if offset is None or not offset:
        return None
    return int(offset.total_seconds())
