"""One entry point for every activity file: the format is sniffed, then one
parser per format is chosen from a table."""

from __future__ import annotations

import gzip
import importlib
from collections.abc import Callable, Mapping

from backstride.domain import Activity
from backstride.ingest.archive import gunzip
from backstride.ingest.errors import IngestError
from backstride.ingest.sniff import Kind, sniff

Parser = Callable[[bytes, str], list[Activity]]

# Format -> module whose `parse(data, source_file)` reads it. Imported lazily so a
# worker process only loads what it needs.
PARSERS: dict[Kind, str] = {
    Kind.FIT: "backstride.ingest.fit.decoder",
    Kind.GPX: "backstride.ingest.gpx",
    Kind.TCX: "backstride.ingest.tcx",
}


def parser_for(kind: Kind, table: Mapping[Kind, str] | None = None) -> Parser:
    """The parser for `kind`: a module's `parse`, or `module:function`."""
    module_name, _, attribute = {**PARSERS, **(table or {})}[kind].partition(":")
    module = importlib.import_module(module_name)
    parse: Parser = getattr(module, attribute or "parse")
    return parse


def unwrap(data: bytes) -> tuple[Kind, bytes]:
    """The content kind and the bytes, with one layer of gzip removed."""
    kind = sniff(data)
    if kind is Kind.GZIP:
        try:
            data = gunzip(data)
        except (EOFError, OSError, gzip.BadGzipFile) as exc:
            raise IngestError(f"corrupt gzip data: {exc}") from None
        kind = sniff(data)
        if kind in (Kind.GZIP, Kind.ZIP):
            raise IngestError("gzip holds another archive; unpack it first")
    return kind, data


def parse_any(
    data: bytes, source_file: str, table: Mapping[Kind, str] | None = None
) -> list[Activity]:
    """Every activity in one FIT, GPX or TCX file (gzipped or not).

    `table` overrides the parser modules (the benchmarks compare decoders with it).
    """
    if not data:
        raise IngestError("empty file")
    kind, data = unwrap(data)
    if kind is Kind.ZIP:
        raise IngestError("a zip archive inside an activity file; import the archive itself")
    if kind not in PARSERS:
        raise IngestError("unsupported file: not FIT, GPX or TCX content")
    return parser_for(kind, table)(data, source_file)
