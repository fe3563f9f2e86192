"""The routine player: the list, a step-by-step player page (static/player.js), and
recording a routine as done (as `backstride routine run --record`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from backstride.domain.backcare import Session, SessionKind
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


def _todays_run(store: Store, today: date) -> int | None:
    runs = [a for a in store.activities(since=today, until=today) if a.is_run and a.id]
    return runs[-1].id if runs else None


def record_done(
    store: Store, config: RulesConfig, routine: Routine, run_id: int | None, today: date
) -> Recorded:
    """Record the routine as done: a core or rest routine as a session; a warm-up or
    cool-down on the run (given, or today's), keeping the other side as it is."""
    minutes = round(routine_seconds(routine) / 60, 1)
    if routine.kind in (RoutineKind.CORE, RoutineKind.REST):
        if routine.kind is RoutineKind.CORE:
            kind = SessionKind.CORE
            names = tuple(s.name.lower().replace(" ", "-")[:40] for s in routine.steps)
        else:
            kind = SessionKind.YOGA if "yoga" in routine.name else SessionKind.WALK
            names = ()
        store.add_session(Session(today, kind, minutes, names, datetime.now(UTC), None))
        said = f"Logged {minutes:g} min of {kind.value} ({routine.title}) on {today:%a %d %b}."
        return Recorded(True, said, replan_now(store, config, today))
    run = run_id if run_id is not None else _todays_run(store, today)
    if run is None:
        return Recorded(
            False,
            f"Done. No run today to record the {routine.title.lower()} on: it is recorded "
            "when you log it with your run.",
            Replan(),
        )
    logs = store.routine_logs()
    now = logs[run].record if run in logs else None
    warm_up = routine.kind is RoutineKind.WARM_UP
    if warm_up:
        store.log_routine(
            run,
            warm_up_min=minutes,
            warm_up_kind=routine.name,
            cool_down_min=now.cool_down_min if now else 0.0,
            cool_down_kind=now.cool_down_kind if now else None,
        )
    else:
        store.log_routine(
            run,
            warm_up_min=now.warm_up_min if now else 0.0,
            warm_up_kind=now.warm_up_kind if now else None,
            cool_down_min=minutes,
            cool_down_kind=routine.name,
        )
    return Recorded(
        True, f"Recorded the {routine.title.lower()} ({minutes:g} min) on run {run}.", Replan()
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
