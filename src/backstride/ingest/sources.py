"""What a runner points `backstride import` at, as a stream of export items.

A path can be an activity file, a folder (walked recursively), a Strava or
Garmin export (zip or unpacked folder), or any other zip of activity files.
Every source becomes `ExportItem`s: a loader for one file's bytes, plus what an
export says about it. Nothing is decoded here.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from backstride.ingest.archive import ZIP_ERRORS, read_capped, zip_members
from backstride.ingest.errors import IngestError
from backstride.ingest.exports import EXPORT_READERS, folder_is_export
from backstride.ingest.exports.tree import ExportItem, ExportTree, folder_tree, zip_tree
from backstride.ingest.sniff import IMPORTABLE_SUFFIXES, Kind, sniff


@dataclass(frozen=True)
class Source:
    """One item to import and whether content we cannot read counts as a failure."""

    item: ExportItem
    strict: bool  # named by the runner, or with an activity-file name


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4096)


def _file_item(path: Path, strict: bool) -> Source:
    return Source(ExportItem(str(path), partial(read_capped, path), None), strict)


def _zip_tree(archive: zipfile.ZipFile, label: str) -> ExportTree:
    return zip_tree(archive, label)


def _export_items(tree: ExportTree) -> Iterator[ExportItem] | None:
    """The items of the first export reader that recognises `tree`; None for a plain zip."""
    names = list(tree.members)
    for reader in EXPORT_READERS:
        if reader.detect(names):
            return reader.items(tree)
    return None


def _zip_sources(path: Path, stack: contextlib.ExitStack) -> Iterator[Source]:
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
        tree = _zip_tree(archive, str(path))
    except IngestError as exc:
        yield Source(ExportItem(str(path), None, None, error=f"{path}: {exc}"), True)
        return
    except ZIP_ERRORS as exc:
        yield Source(ExportItem(str(path), None, None, error=f"{path}: corrupt zip: {exc}"), True)
        return
    items = _export_items(tree)
    if items is not None:
        for item in items:
            yield Source(item, True)
        return
    # A plain zip of activity files: read it with every safety limit on.
    try:
        for member in zip_members(path):
            data = member.load()
            named_like_activity = member.name.casefold().endswith(IMPORTABLE_SUFFIXES)
            if sniff(data) is Kind.UNKNOWN and not named_like_activity:
                continue
            label = f"{path}!{member.name}"
            yield Source(ExportItem(label, _constant(data), None), True)
    except IngestError as exc:
        yield Source(ExportItem(str(path), None, None, error=f"{path}: {exc}"), True)


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _links_out(root: Path) -> Iterator[Source]:
    """One failure per symbolic link under `root` that leads out of it: never followed (a
    link inside the folder is not followed either, its target being read where it is)."""
    base = root.resolve()
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            if not path.is_symlink():
                continue
            try:
                target = path.resolve()
            except (OSError, RuntimeError):  # a loop of links
                target = None
            if target is None or not target.is_relative_to(base):
                where = f"{target}, outside {root}" if target is not None else "nowhere"
                error = f"{path}: a link to {where}: not followed"
                yield Source(ExportItem(str(path), None, None, error=error), True)


def _folder_sources(root: Path, stack: contextlib.ExitStack) -> Iterator[Source]:
    yield from _links_out(root)
    tree = folder_tree(root) if folder_is_export(root) else None
    if tree is not None:
        items = _export_items(tree)
        if items is not None:
            for item in items:
                yield Source(item, True)
            return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        yield from _path_sources(path, stack, named=False)


def _path_sources(path: Path, stack: contextlib.ExitStack, *, named: bool) -> Iterator[Source]:
    if path.is_dir():
        yield from _folder_sources(path, stack)
        return
    try:
        head = _head(path)
    except OSError as exc:
        yield Source(ExportItem(str(path), None, None, error=f"{path}: cannot read: {exc}"), True)
        return
    kind = sniff(head)
    if kind is Kind.ZIP:
        yield from _zip_sources(path, stack)
        return
    strict = named or path.name.casefold().endswith(IMPORTABLE_SUFFIXES)
    if kind is Kind.UNKNOWN and not strict:
        return  # a photo or a note in a folder of runs: not ours to judge
    yield _file_item(path, strict)


def sources(paths: list[Path], stack: contextlib.ExitStack) -> Iterator[Source]:
    """Every item under `paths`, lazily. Archives stay open until `stack` closes."""
    for path in paths:
        yield from _path_sources(path, stack, named=True)
