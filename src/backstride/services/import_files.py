"""Import files, folders and exports through the one importer, then re-plan.

The web's uploads and `backstride import` both come here, so an import from either
re-plans the coming days the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from backstride.ingest.pipeline import ImportReport, import_paths
from backstride.services.errors import Invalid
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace


@dataclass(frozen=True)
class Imported:
    report: ImportReport
    replanned: Replanned
    days: tuple[date, ...] = ()  # the local days of the activities this import stored

    @property
    def span(self) -> tuple[date, date] | None:
        """The first and the last day of what was stored, to link to them."""
        return (self.days[0], self.days[-1]) if self.days else None


def import_files(
    ws: Workspace,
    paths: Sequence[Path],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    total_hint: Callable[[int], None] | None = None,
    include_deleted: bool = False,
) -> Imported:
    """Import every activity under `paths` (each committed on its own: an interrupted
    import leaves a valid database), then re-plan. `progress(done, bytes)` after each
    file; `total_hint(files)` once they are counted. The files of activities the runner
    deleted stay out unless `include_deleted`."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise Invalid(f"no such file or folder: {', '.join(missing)}", "paths")
    last_before = ws.store.last_activity_id()
    report = import_paths(
        ws.store,
        list(paths),
        workers=workers,
        progress=progress,
        total_hint=total_hint,
        include_deleted=include_deleted,
    )
    days = tuple(ws.store.activity_days_after(last_before))
    return Imported(report, replan(ws), days)
