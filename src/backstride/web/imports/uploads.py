"""Uploaded files go through the same use case as `backstride import` (import, then
re-plan).

Each upload is written to a fresh temporary folder under a safe name, imported, and the
folder removed. The request body size is limited by `security.LocalSafety`; each file
is limited again here while it is copied.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import UploadFile

from backstride.ingest.sniff import IMPORTABLE_SUFFIXES
from backstride.services.import_files import Imported, import_files
from backstride.services.workspace import Workspace
from backstride.web.errors import ApiError
from backstride.web.security import size_text

MAX_FILES = 1000
CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# what the file picker offers: the importer's own suffixes, in both cases for phones' pickers
ACCEPT = ",".join(s for suffix in IMPORTABLE_SUFFIXES for s in (suffix, suffix.upper()))


@dataclass(frozen=True)
class SavedUpload:
    folder: Path
    paths: tuple[Path, ...]
    names: tuple[str, ...]


def safe_name(name: str | None, index: int) -> str:
    """A file name that cannot leave the folder: the last path part, safe characters only."""
    base = re.split(r"[\\/]", name or "")[-1]
    clean = _UNSAFE.sub("_", base).strip("._")[:120]
    return f"{index:04d}-{clean or 'upload'}"


async def save_uploads(files: Sequence[UploadFile], max_bytes: int) -> SavedUpload:
    """Copy the uploads into a new temporary folder; refuse empty or oversized uploads."""
    if not files:
        raise ApiError(422, "invalid", "choose at least one file to import", "files")
    if len(files) > MAX_FILES:
        raise ApiError(
            422, "invalid", f"at most {MAX_FILES} files at once; zip them or use the CLI", "files"
        )
    folder = Path(tempfile.mkdtemp(prefix="backstride-upload-"))
    paths: list[Path] = []
    names: list[str] = []
    total = 0
    try:
        for index, upload in enumerate(files):
            target = folder / safe_name(upload.filename, index)
            with target.open("wb") as out:
                while chunk := await upload.read(CHUNK):
                    total += len(chunk)
                    if total > max_bytes:
                        raise ApiError(
                            413,
                            "too-large",
                            f"the upload is larger than {size_text(max_bytes)}: "
                            "import it with `backstride import` instead",
                        )
                    out.write(chunk)
            paths.append(target)
            names.append(upload.filename or target.name)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        for upload in files:
            await upload.close()
    return SavedUpload(folder, tuple(paths), tuple(names))


def _readable(line: str, saved: SavedUpload) -> str:
    """Report lines name the file the runner chose, not the temporary copy."""
    for path, name in zip(saved.paths, saved.names, strict=True):
        line = line.replace(str(path), name)
    return line.replace(f"{saved.folder}/", "")


def import_saved(ws: Workspace, saved: SavedUpload, workers: int | None) -> Imported:
    """Import the saved files and re-plan (blocking: run it in a worker thread), then
    delete them."""
    try:
        imported = import_files(ws, list(saved.paths), workers=workers)
    finally:
        shutil.rmtree(saved.folder, ignore_errors=True)
    report = imported.report
    report.failed = [_readable(line, saved) for line in report.failed]
    report.warnings = [_readable(line, saved) for line in report.warnings]
    return imported
