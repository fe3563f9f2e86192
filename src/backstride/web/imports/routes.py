"""The Import page (a form that works without JavaScript, and drag and drop through
static/import.js) and /api/imports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as FormFile

from backstride.services.import_files import Imported
from backstride.web.deps import CheckedFormDep, SettingsDep, WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES
from backstride.web.imports.schemas import ImportReportOut, links
from backstride.web.imports.uploads import ACCEPT, import_saved, save_uploads
from backstride.web.render import render
from backstride.web.server import WebSettings

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["import"])


def _page(request: Request, settings: WebSettings, imported: Imported | None) -> HTMLResponse:
    return render(
        request,
        "import.html",
        "import",
        title="Import",
        report=imported.report if imported else None,
        replanned=imported.replanned if imported else None,
        links=links(imported) if imported else {},
        max_mb=settings.max_upload_bytes // (1024 * 1024),
        accept=ACCEPT,
    )


@pages.get("/import", response_class=HTMLResponse)
def import_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    return _page(request, settings, None)


@pages.post("/import", response_class=HTMLResponse)
async def import_form(
    request: Request, ws: WorkspaceDep, settings: SettingsDep, form: CheckedFormDep
) -> HTMLResponse:
    files = [f for f in form.getlist("files") if isinstance(f, FormFile) and f.filename]
    saved = await save_uploads(files, settings.max_upload_bytes)
    imported = await run_in_threadpool(import_saved, ws, saved, settings.import_workers)
    return _page(request, settings, imported)


@api.post(
    "/imports",
    summary="Import uploaded FIT, GPX, TCX files (also .gz) and export zips, then re-plan",
    status_code=200,
    dependencies=[Depends(checked_token_header)],
)
async def post_import(
    ws: WorkspaceDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="Files or export zips")],
) -> ImportReportOut:
    saved = await save_uploads(files, settings.max_upload_bytes)
    imported = await run_in_threadpool(import_saved, ws, saved, settings.import_workers)
    return ImportReportOut.of(imported)
