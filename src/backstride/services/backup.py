"""The runner's data in their hands: export everything as one archive, restore it into an
empty database, delete everything.

The archive is a zip file (format documented in the README, "Your data"):

- `backstride-export.json`: what the archive is (`format`, `version`), when it was made,
  the schema revision, and per table its row count and each column's kind;
- `tables/<table>.jsonl`: one JSON object per row, one line each, ids kept (datetimes
  ISO 8601 in UTC, dates ISO, recorded samples base64 of the store's compressed form);
- `rules.toml`: the runner's rules config, when they have one.

The export reads in one transaction, so a server running meanwhile is safe: what it writes
is either all in or all out.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast
from zoneinfo import ZoneInfo

from backstride import __version__
from backstride.services.errors import Invalid
from backstride.services.workspace import Workspace
from backstride.store.everything import TABLES, TABLES_BY_NAME, Row, TableRows, column_kind

FORMAT = "backstride-export"
VERSION = 1
MANIFEST = "backstride-export.json"
RULES = "rules.toml"
MEMBER_CAP = 4 * 1024**3  # no table of one runner comes near 4 GiB uncompressed

# What each table holds, in the runner's words (for what delete and restore report).
TABLE_WORDS: dict[str, str] = {
    "athlete": "runner profile",
    "gear": "shoes and other gear",
    "activity": "activities",
    "activity_samples": "recorded tracks (samples)",
    "activity_lap": "laps",
    "source_file": "imported file records",
    "activity_gear": "gear worn on activities",
    "run_routine": "warm-up and cool-down records",
    "pain_report": "pain reports",
    "check_in": "check-ins",
    "training_session": "core and cross-training sessions",
    "red_flag_answer": "red-flag answers",
    "plan": "plans",
    "plan_change": "plan changes",
    "trash": "deleted records kept for undo",
    "deleted_file": "deleted activities' file records",
}


@dataclass(frozen=True)
class Counted:
    """What an export, restore or delete touched: rows per table, in the runner's words."""

    rows: dict[str, int]
    rules_file: bool
    path: Path | None = None

    def lines(self) -> list[str]:
        """One line per kind of record that had any, biggest first."""
        counted = sorted(((n, t) for t, n in self.rows.items() if n), reverse=True)
        return [f"{n:,} {TABLE_WORDS.get(t, t)}" for n, t in counted]


def export_everything(ws: Workspace, path: Path) -> Counted:
    """Write everything the runner owns to the archive at `path` (atomically: a failed
    export leaves no half file)."""
    if not path.parent.is_dir():
        raise Invalid(f"cannot write to {path}: there is no folder {path.parent}", "file")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as out:
            counted = write_archive(ws, out)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise Invalid(f"cannot write to {path}: {exc.strerror or exc}", "file") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Counted(counted.rows, counted.rules_file, path)


def write_archive(ws: Workspace, out: IO[bytes]) -> Counted:
    """The archive, written to the binary file object `out`."""
    rows: dict[str, int] = {}
    stamp = ws.now().astimezone(ZoneInfo(ws.athlete().time_zone)).timetuple()[:6]
    rules_text = ws.rules_path.read_text("utf-8") if ws.rules_path.is_file() else None
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in ws.store.dump_everything():
            info = zipfile.ZipInfo(f"tables/{table.name}.jsonl", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as member:
                for row in table.rows:
                    member.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
            rows[table.name] = len(table.rows)
        if rules_text is not None:
            archive.writestr(zipfile.ZipInfo(RULES, stamp), rules_text, zipfile.ZIP_DEFLATED)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "backstride": __version__,
            "exported_at": ws.now().isoformat(),
            "tables": {
                t.name: {
                    "rows": rows.get(t.name, 0),
                    "columns": {c.key: column_kind(t, c.key) for c in t.columns},
                }
                for t in TABLES
            },
            "rules_file": rules_text is not None,
        }
        archive.writestr(
            zipfile.ZipInfo(MANIFEST, stamp), json.dumps(manifest, indent=2), zipfile.ZIP_DEFLATED
        )
    return Counted(rows, rules_text is not None)


def restore_everything(ws: Workspace, path: Path) -> Counted:
    """Load the archive at `path` into this runner's store, which must hold no data yet.
    All or nothing: a bad archive is refused with one line and nothing is written."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise Invalid(f"there is no file {path}", "file") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise Invalid(f"{path} is not a backstride export: {exc}", "file") from None
    with archive:
        tables, rules_text = _read_archive(archive, path)
    written = ws.store.load_everything(tables)
    wrote_rules = False
    if rules_text is not None and not ws.rules_path.exists():
        ws.rules_path.parent.mkdir(parents=True, exist_ok=True)
        ws.rules_path.write_text(rules_text, "utf-8")
        wrote_rules = True
    ws.forget()
    return Counted(written, wrote_rules, path)


def _read_archive(archive: zipfile.ZipFile, path: Path) -> tuple[list[TableRows], str | None]:
    names = set(archive.namelist())
    if MANIFEST not in names:
        raise Invalid(f"{path} is not a backstride export (no {MANIFEST} in it)", "file")
    for info in archive.infolist():
        if info.file_size > MEMBER_CAP:
            raise Invalid(f"{path}: {info.filename} is too big to be a backstride table", "file")
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (ValueError, zipfile.BadZipFile) as exc:
        raise Invalid(f"{path}: {MANIFEST} cannot be read: {exc}", "file") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Invalid(f"{path} is not a backstride export", "file")
    if manifest.get("version") != VERSION:
        raise Invalid(
            f"{path} is a version {manifest.get('version')} export; this backstride reads "
            f"version {VERSION}",
            "file",
        )
    listed = manifest.get("tables")
    if not isinstance(listed, dict):
        raise Invalid(f"{path}: {MANIFEST} lists no tables", "file")
    tables: list[TableRows] = []
    for name in listed:
        if name not in TABLES_BY_NAME:
            raise Invalid(f"{path}: unknown table {name!r}", "file")
        member = f"tables/{name}.jsonl"
        if member not in names:
            raise Invalid(f"{path}: {member} is missing", "file")
        tables.append(TableRows(name, list(_rows(archive, member, path))))
    rules_text = archive.read(RULES).decode("utf-8", "replace") if RULES in names else None
    return tables, rules_text


def _rows(archive: zipfile.ZipFile, member: str, path: Path) -> Iterator[Row]:
    try:
        with archive.open(member) as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError:
                    raise Invalid(f"{path}: {member} line {number} is not JSON", "file") from None
                if not isinstance(row, dict):
                    raise Invalid(f"{path}: {member} line {number} is not a row", "file")
                yield cast(Row, row)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise Invalid(f"{path}: {member} cannot be read: {exc}", "file") from None


def delete_everything(ws: Workspace) -> Counted:
    """Delete every record the runner owns and their rules file; what was removed."""
    deleted = ws.store.delete_everything()
    had_rules = ws.rules_path.is_file()
    if had_rules:
        ws.rules_path.unlink()
    ws.forget()
    return Counted(deleted, had_rules)
