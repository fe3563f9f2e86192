"""The Shoes page and /api/shoes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from backstride.services.manage_shoes import GearOut, gear_list
from backstride.web.deps import WorkspaceDep
from backstride.web.errors import ERROR_RESPONSES
from backstride.web.render import render
from backstride.web.shoes.views import shoe_view

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["shoes"])


@pages.get("/shoes", response_class=HTMLResponse)
def shoes_page(request: Request, ws: WorkspaceDep) -> HTMLResponse:
    units = ws.athlete().units
    items = gear_list(ws)
    shoes = [shoe_view(g, units) for g in items if g.is_shoe]
    other = [shoe_view(g, units) for g in items if not g.is_shoe]
    shoes.sort(key=lambda s: (s.state == "retired", -s.percent))
    return render(request, "shoes.html", "shoes", title="Shoes", shoes=shoes, other=other)


@api.get("/shoes", summary="Shoes and gear: distance, replacement distance, state")
def list_shoes(ws: WorkspaceDep) -> list[GearOut]:
    return gear_list(ws)
