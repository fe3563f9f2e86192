"""The routine player: the list, a step-by-step player page (static/player.js), and
recording a routine as done (as `backstride routine run --record`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from backstride.services.record_routine import (
    OtherSide,
    pain_limit,
    record_routine,
    routine_named,
)
from backstride.services.routines import (
    RoutineDetailOut,
    RoutineOut,
    routine_detail,
    routine_list,
)
from backstride.web.deps import WorkspaceDep, checked_token_header
from backstride.web.errors import ERROR_RESPONSES
from backstride.web.render import render
from backstride.web.routines.schemas import RoutineDoneIn, RoutineDoneOut

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["routines"])


@pages.get("/routines", response_class=HTMLResponse)
def routines_page(request: Request) -> HTMLResponse:
    return render(request, "routines.html", "routines", title="Routines", routines=routine_list())


@pages.get("/routines/{name}", response_class=HTMLResponse)
def player_page(request: Request, ws: WorkspaceDep, name: str) -> HTMLResponse:
    detail = routine_detail(name, pain_limit(ws))
    return render(
        request,
        "player.html",
        "routines",
        title=detail.title,
        routine=detail,
        steps=detail.steps,
        timeline_json=detail.model_dump_json(include={"name", "timeline"}).replace("</", "<\\/"),
    )


@api.get("/routines", summary="Every routine: name, kind and length")
def list_routines() -> list[RoutineOut]:
    return routine_list()


@api.get("/routines/{name}", summary="One routine, step by step and as the player's timeline")
def get_routine(ws: WorkspaceDep, name: str) -> RoutineDetailOut:
    return routine_detail(name, pain_limit(ws))


@api.post(
    "/routines/{name}/done",
    summary="Record a routine as done (as `backstride routine run --record`)",
    dependencies=[Depends(checked_token_header)],
)
def post_done(ws: WorkspaceDep, name: str, given: RoutineDoneIn | None = None) -> RoutineDoneOut:
    # the player records what it guided: a run with nothing on record had no other side
    routine = routine_named(name)
    run_id = given.run_id if given else None
    played = given.played() if given else None
    return RoutineDoneOut.of(record_routine(ws, routine, run_id, OtherSide.NONE_DONE, played))
