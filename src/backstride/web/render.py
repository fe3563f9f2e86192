"""A page: its template, the nav marker, this session's form token, and the red-flag
banner (every page shows an active red flag until a clinician's clearance is recorded)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from backstride.services.screen import active_red_flags
from backstride.services.workspace import Workspace


def render(
    request: Request, template: str, page: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """`template` with `context`, under the nav entry `page`."""
    ws = Workspace.of(request.app.state.store)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        template,
        {
            "page": page,
            "csrf_token": request.state.csrf_token,
            "active_flags": active_red_flags(ws),
            **context,
        },
        status_code=status_code,
    )
    return response
