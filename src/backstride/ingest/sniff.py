"""Tell a file's format from its first bytes, never from its name; and the one list of the
names activity files go by (a name only decides whether unreadable content is a failure or
a photo in a folder of runs)."""

from __future__ import annotations

import enum
import re


class Kind(enum.StrEnum):
    FIT = "fit"
    GPX = "gpx"
    TCX = "tcx"
    GZIP = "gzip"
    ZIP = "zip"
    UNKNOWN = "unknown"


# The one list of activity-file suffixes; the others are made from it.
ACTIVITY_SUFFIXES: tuple[str, ...] = (".fit", ".gpx", ".tcx")
# An activity file as exports hold it: plain or gzipped.
ACTIVITY_FILE_SUFFIXES: tuple[str, ...] = ACTIVITY_SUFFIXES + tuple(
    f"{suffix}.gz" for suffix in ACTIVITY_SUFFIXES
)
# What a runner may point `backstride import` at or upload: those, any gzip, any zip.
IMPORTABLE_SUFFIXES: tuple[str, ...] = (*ACTIVITY_SUFFIXES, ".gz", ".zip")

_XML_ROOT = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?(gpx|TrainingCenterDatabase)\b")


_NAME = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_PROLOG_ENDS = ((b"<?", b"?>"), (b"<!--", b"-->"))


def xml_root_name(data: bytes) -> bytes | None:
    """The root element's local name, past however long a prolog (declaration, comments,
    processing instructions, a DOCTYPE) comes first; None when `data` is not XML text."""
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while at < len(data) and data[at] in b" \t\r\n":
            at += 1
        for start, end in _PROLOG_ENDS:
            if data.startswith(start, at):
                close = data.find(end, at + len(start))
                if close < 0:
                    return None
                at = close + len(end)
                break
        else:
            if data.startswith(b"<!DOCTYPE", at):
                subset = data.find(b"[", at, data.find(b">", at) + 1 or len(data))
                close = data.find(b"]>", subset) + 1 if subset >= 0 else data.find(b">", at)
                if close <= 0:
                    return None
                at = close + 1
                continue
            match = _NAME.match(data, at)
            return match.group(1) if match else None


def sniff(head: bytes) -> Kind:
    """The kind of file whose first bytes (at least 12; all of it for XML whose root comes
    after a long prolog) are `head`."""
    if len(head) >= 12 and head[8:12] == b".FIT" and head[0] in (12, 14):
        return Kind.FIT
    if head[:2] == b"\x1f\x8b":
        return Kind.GZIP
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return Kind.ZIP
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        root = xml_root_name(head)
        if root in (b"gpx", b"TrainingCenterDatabase"):
            return Kind.GPX if root == b"gpx" else Kind.TCX
        match = _XML_ROOT.search(head, 0, 4096)
        if match:
            return Kind.GPX if match.group(1) == b"gpx" else Kind.TCX
    return Kind.UNKNOWN
