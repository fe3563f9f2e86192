"""The Your data page (export, restore, the trash, delete everything) and the API that
deletes and brings back records: shells over `services.backup` and
`services.delete_record`."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as FormFile

from backstride.services import backup
from backstride.services.delete_record import (
    Deleted,
    TrashedOut,
    check_in_id,
    delete_record,
    gear_id,
    trash,
    undo,
)
from backstride.services.show_plan import PlanChangeOut, changes_out
from backstride.services.workspace import Workspace
from backstride.web.deps import CheckedFormDep, SettingsDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES, ApiError
from backstride.web.params import DayPath, IdPath
from backstride.web.render import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["your data"])

CONFIRM_WORDS = "delete everything"
CHUNK = 1024 * 1024


class CountedOut(BaseModel):
    """What a restore or a delete touched: rows per table, and in the runner's words."""

    rows: dict[str, int]
    said: list[str]
    rules_file: bool

    @classmethod
    def of(cls, counted: backup.Counted) -> CountedOut:
        return cls(rows=counted.rows, said=counted.lines(), rules_file=counted.rules_file)


class DeleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: str = Field(max_length=40, description=f"The words {CONFIRM_WORDS!r}")


class TrashedChangeOut(BaseModel):
    """A record deleted or brought back, and what the re-plan changed."""

    item: TrashedOut
    plan_changes: list[PlanChangeOut]


def _page(
    request: Request, ws: Workspace, *, said: list[str] | None = None, what: str = ""
) -> HTMLResponse:
    zone = ZoneInfo(ws.athlete().time_zone)
    return render(
        request,
        "data.html",
        "data",
        title="Your data",
        empty=not ws.store.holds_data(),
        said=said,
        what=what,
        confirm_words=CONFIRM_WORDS,
        trash=[(t, f"{t.deleted_at.astimezone(zone):%a %d %b %H:%M}") for t in trash(ws)],
    )


def _export_file(ws: Workspace) -> FileResponse:
    folder = Path(tempfile.mkdtemp(prefix="backstride-export-"))
    path = folder / f"backstride-export-{ws.today().isoformat()}.zip"
    backup.export_everything(ws, path)

    def cleanup() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    return FileResponse(
        path, media_type="application/zip", filename=path.name, background=BackgroundTask(cleanup)
    )


async def _restore_upload(ws: Workspace, upload: FormFile | UploadFile, cap: int) -> backup.Counted:
    with tempfile.TemporaryDirectory(prefix="backstride-restore-") as folder:
        path = Path(folder) / "export.zip"
        size = 0
        try:
            with path.open("wb") as out:
                while chunk := await upload.read(CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise ApiError(
                            413, "too-large", "the archive is larger than uploads may be"
                        )
                    out.write(chunk)
        finally:
            await upload.close()
        return await run_in_threadpool(backup.restore_everything, ws, path)


@pages.get("/data", response_class=HTMLResponse)
def data_page(request: Request, ws: WorkspaceDep) -> HTMLResponse:
    return _page(request, ws)


@pages.get("/data/export.zip", response_class=FileResponse)
def export_download(ws: WorkspaceDep) -> FileResponse:
    return _export_file(ws)


@pages.post("/data/restore", response_class=HTMLResponse)
async def restore_form(
    request: Request, ws: WorkspaceDep, settings: SettingsDep, form: CheckedFormDep
) -> HTMLResponse:
    upload = form.get("archive")
    if not isinstance(upload, FormFile) or not upload.filename:
        raise ApiError(422, "invalid", "choose the archive to restore", "archive")
    counted = await _restore_upload(ws, upload, settings.max_upload_bytes)
    return _page(request, ws, said=counted.lines(), what="Restored")


@pages.post("/data/delete", response_class=HTMLResponse)
def delete_form(request: Request, ws: WorkspaceDep, form: CheckedFormDep) -> Response:
    typed = form.get("confirm")
    if not isinstance(typed, str) or typed.strip().lower() != CONFIRM_WORDS:
        raise ApiError(
            422, "invalid", f"nothing deleted: type {CONFIRM_WORDS!r} to confirm", "confirm"
        )
    counted = backup.delete_everything(ws)
    if not counted.lines():
        return RedirectResponse("/data", status_code=303)
    return _page(request, ws, said=counted.lines(), what="Deleted")


@api.get(
    "/export",
    summary="Everything you own as one zip archive of documented JSON",
    response_class=FileResponse,
)
def get_export(ws: WorkspaceDep) -> FileResponse:
    return _export_file(ws)


@api.post(
    "/restore",
    summary="Restore an archive from /api/export into a database with no data yet",
    dependencies=[Depends(checked_token_header)],
)
async def post_restore(
    ws: WorkspaceDep,
    settings: SettingsDep,
    archive: Annotated[UploadFile, File(description="An archive from /api/export")],
) -> CountedOut:
    return CountedOut.of(await _restore_upload(ws, archive, settings.max_upload_bytes))


@api.post(
    "/delete-everything",
    summary="Delete every record you own and your rules file (no undo)",
    dependencies=[Depends(checked_token_header)],
)
def post_delete_everything(ws: WorkspaceDep, given: DeleteIn) -> CountedOut:
    if given.confirm.strip().lower() != CONFIRM_WORDS:
        raise ApiError(
            422, "invalid", f"nothing deleted: confirm with {CONFIRM_WORDS!r}", "confirm"
        )
    return CountedOut.of(backup.delete_everything(ws))


# -- one record: delete into the trash, bring back -------------------------------------

DELETE_KINDS = {"activity", "pain", "check-in", "session", "gear"}


def _form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@pages.post("/data/delete-record")
def delete_record_form(request: Request, ws: WorkspaceDep, form: CheckedFormDep) -> HTMLResponse:
    kind, which = _form_text(form, "kind"), _form_text(form, "id")
    if kind not in DELETE_KINDS or not which.isdigit():
        raise ApiError(422, "invalid", "say which record to delete", "id")
    deleted = delete_record(ws, kind, int(which))
    return _page(request, ws, said=[f"{deleted.trashed.label}"], what="Deleted (in the trash)")


@pages.post("/data/undo")
def undo_form(request: Request, ws: WorkspaceDep, form: CheckedFormDep) -> HTMLResponse:
    which = _form_text(form, "id")
    restored = undo(ws, int(which) if which.isdigit() else None)
    return _page(request, ws, said=[restored.trashed.label], what="Brought back")


def _deleted(deleted: Deleted) -> TrashedChangeOut:
    return TrashedChangeOut(
        item=TrashedOut.of(deleted.trashed), plan_changes=changes_out(deleted.replanned.changes)
    )


WRITE = [Depends(checked_token_header)]


@api.delete(
    "/activities/{activity_id}",
    summary="Delete an activity (into the trash), then re-plan",
    dependencies=WRITE,
)
def delete_activity(ws: WorkspaceDep, activity_id: IdPath) -> TrashedChangeOut:
    return _deleted(delete_record(ws, "activity", activity_id))


@api.delete(
    "/pain/{pain_id}",
    summary="Delete a pain report (into the trash), then re-plan",
    dependencies=WRITE,
)
def delete_pain(ws: WorkspaceDep, pain_id: IdPath) -> TrashedChangeOut:
    return _deleted(delete_record(ws, "pain", pain_id))


@api.delete(
    "/check-ins/{day}",
    summary="Delete a day's check-in (into the trash), then re-plan",
    dependencies=WRITE,
)
def delete_check_in(ws: WorkspaceDep, day: DayPath) -> TrashedChangeOut:
    return _deleted(delete_record(ws, "check-in", check_in_id(ws, day)))


@api.delete(
    "/sessions/{session_id}",
    summary="Delete a session (into the trash), then re-plan",
    dependencies=WRITE,
)
def delete_session(ws: WorkspaceDep, session_id: IdPath) -> TrashedChangeOut:
    return _deleted(delete_record(ws, "session", session_id))


@api.delete(
    "/shoes/{name}",
    summary="Delete shoes or gear (into the trash), then re-plan",
    dependencies=WRITE,
)
def delete_shoes(ws: WorkspaceDep, name: str) -> TrashedChangeOut:
    return _deleted(delete_record(ws, "gear", gear_id(ws, name)))


@api.get("/trash", summary="What was deleted in the last 30 days, the latest first")
def get_trash(ws: WorkspaceDep) -> list[TrashedOut]:
    return trash(ws)


@api.post("/undo", summary="Bring back the latest deleted record, then re-plan", dependencies=WRITE)
def post_undo(ws: WorkspaceDep) -> TrashedChangeOut:
    restored = undo(ws)
    return TrashedChangeOut(
        item=TrashedOut.of(restored.trashed), plan_changes=changes_out(restored.replanned.changes)
    )


@api.post(
    "/trash/{trash_id}/restore",
    summary="Bring back one deleted record, then re-plan",
    dependencies=WRITE,
)
def post_restore_one(ws: WorkspaceDep, trash_id: IdPath) -> TrashedChangeOut:
    restored = undo(ws, trash_id)
    return TrashedChangeOut(
        item=TrashedOut.of(restored.trashed), plan_changes=changes_out(restored.replanned.changes)
    )
