"""The routine player: the list, a step-by-step player page (static/player.js), and
recording a routine as done (as `backstride routine run --record`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from backstride import clock
from backstride.diary import record_routine, todays_run
from backstride.routines import (
    Routine,
    RoutineError,
    RoutineKind,
    all_routines,
    load_routine,
    routine_seconds,
    routine_timeline,
)
from backstride.rules import RulesConfig
from backstride.store import Store
from backstride.web.deps import RulesConfigDep, StoreDep, TodayDep, checked_token_header
from backstride.web.diary import Replan, replan_now
from backstride.web.errors import ApiError
from backstride.web.pages import render
from backstride.web.plan_views import changes_out
from backstride.web.schemas import ERROR_RESPONSES
from backstride.web.schemas_more import (
    RoutineDetailOut,
    RoutineDoneIn,
    RoutineDoneOut,
    RoutineStepOut,
    RoutineSummaryOut,
)

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", responses=ERROR_RESPONSES, tags=["routines"])
KIND_ORDER = {k: i for i, k in enumerate(("warm-up", "cool-down", "core", "rest"))}


def routine_or_404(name: str) -> Routine:
    try:
        return load_routine(name.strip().lower()[:60])
    except RoutineError:
        raise ApiError(404, "not-found", f"there is no routine {name[:60]!r}", "name") from None


def summary_out(r: Routine) -> RoutineSummaryOut:
    return RoutineSummaryOut(
        name=r.name, title=r.title, kind=r.kind.value, seconds=routine_seconds(r), summary=r.summary
    )


def detail_out(r: Routine) -> RoutineDetailOut:
    return RoutineDetailOut(
        **summary_out(r).model_dump(),
        timeline=[
            RoutineStepOut(label=s.label, seconds=s.seconds, phase=s.phase.value, cues=list(s.cues))
            for s in routine_timeline(r)
        ],
    )


@dataclass(frozen=True)
class Recorded:
    recorded: bool
    message: str
    replanned: Replan


def record_done(
    store: Store, config: RulesConfig, routine: Routine, run_id: int | None, today: date
) -> Recorded:
    """Record the routine as done (`diary.record_routine`): a core or rest routine as a
    session, then re-plan; a warm-up or cool-down on the run (given, or today's)."""
    run = run_id if run_id is not None else todays_run(store, today)
    done = record_routine(
        store,
        routine,
        run,
        today,
        clock.now_utc(store.athlete().time_zone),
        none_logged_is_none_done=True,
    )
    if done.session is not None:
        said = (
            f"Logged {done.minutes:g} min of {done.session.value} ({routine.title}) "
            f"on {today:%a %d %b}."
        )
        return Recorded(True, said, replan_now(store, config, today))
    if done.run_id is None:
        return Recorded(
            False,
            f"Done. No run today to record the {routine.title.lower()} on: it is recorded "
            "when you log it with your run.",
            Replan(),
        )
    return Recorded(
        True,
        f"Recorded the {routine.title.lower()} ({done.minutes:g} min) on run {done.run_id}.",
        Replan(),
    )


@pages.get("/routines", response_class=HTMLResponse)
def routines_page(request: Request) -> HTMLResponse:
    routines = sorted(
        all_routines().values(), key=lambda r: (KIND_ORDER.get(r.kind.value, 9), r.name)
    )
    return render(
        request,
        "routines.html",
        "routines",
        title="Routines",
        routines=[summary_out(r) for r in routines],
    )


@pages.get("/routines/{name}", response_class=HTMLResponse)
def player_page(request: Request, name: str) -> HTMLResponse:
    routine = routine_or_404(name)
    detail = detail_out(routine)
    return render(
        request,
        "player.html",
        "routines",
        title=routine.title,
        routine=detail,
        steps=routine.steps,
        timeline_json=detail.model_dump_json(include={"name", "timeline"}).replace("</", "<\\/"),
    )


@api.get("/routines", summary="Every routine: name, kind and length")
def list_routines() -> list[RoutineSummaryOut]:
    return [summary_out(r) for r in all_routines().values()]


@api.get("/routines/{name}", summary="One routine as the player's timeline")
def get_routine(name: str) -> RoutineDetailOut:
    return detail_out(routine_or_404(name))


@api.post(
    "/routines/{name}/done",
    summary="Record a routine as done (as `backstride routine run --record`)",
    dependencies=[Depends(checked_token_header)],
)
def post_done(
    store: StoreDep,
    config: RulesConfigDep,
    today: TodayDep,
    name: str,
    given: RoutineDoneIn | None = None,
) -> RoutineDoneOut:
    routine = routine_or_404(name)
    run_id = given.run_id if given else None
    if run_id is not None:
        activity = store.activity(run_id, with_samples=False)
        if activity is None or not activity.is_run:
            raise ApiError(404, "not-found", f"there is no run {run_id}", "run_id")
        if routine.kind not in (RoutineKind.WARM_UP, RoutineKind.COOL_DOWN):
            raise ApiError(
                422, "invalid", "run_id goes with a warm-up or cool-down routine", "run_id"
            )
    done = record_done(store, config, routine, run_id, today)
    return RoutineDoneOut(
        recorded=done.recorded,
        message=done.message,
        plan_changes=changes_out(done.replanned.changes),
    )
