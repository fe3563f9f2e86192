"""The JSON API under /api: what every page does, described by the OpenAPI document.

Routes parse input, call one core or store function, and shape the answer;
errors are raised as `ApiError` and rendered in one place (`errors.py`).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from starlette.concurrency import run_in_threadpool

from backstride.domain.activity import Activity, Sport
from backstride.domain.backcare import SHOE_REPLACE_AT_M
from backstride.rules import REGISTRY, status
from backstride.rules.engine import check_week
from backstride.store import Store
from backstride.training.days import local_date, week_start_of
from backstride.web.chart_views import LOAD_CAVEAT, load_info, pain_weeks
from backstride.web.deps import (
    AthleteDep,
    DiaryDep,
    HistoryDep,
    RulesConfigDep,
    SettingsDep,
    StoreDep,
    TodayDep,
    checked_token_header,
)
from backstride.web.errors import ApiError
from backstride.web.schemas import (
    ERROR_RESPONSES,
    ActivityDetailOut,
    ActivityOut,
    ActivityPage,
    FindingOut,
    ImportReportOut,
    RoutineOut,
    RuleLineOut,
    SampleSeries,
    SettingsIn,
    SettingsOut,
    ShoeOut,
    StatusOut,
    WeekDistance,
    WeekFiguresOut,
    WeeklyDistanceOut,
    WeekOut,
)
from backstride.web.schemas_more import LoadDayOut, LoadOut, MonotonyOut, PainChartOut, PainWeekOut
from backstride.web.uploads import import_saved, save_uploads
from backstride.web.views import routine_views, rule_lines, weekly_distance

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

SAMPLE_COLUMNS = ("speed_m_s", "heart_rate_bpm", "cadence_spm", "altitude_m", "distance_m")
FIRST_DAY = date(1980, 1, 1)
LAST_DAY = date(2200, 1, 1)
DayQuery = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)]


@router.get("/status", tags=["rules"], summary="Today's answer: may I run, how far, how")
def get_status(
    history: HistoryDep, config: RulesConfigDep, today: TodayDep, day: DayQuery = None
) -> StatusOut:
    answer = status(history, config, day or today)
    return StatusOut(
        today=answer.today,
        answer=answer.answer,
        severity=answer.severity.value,
        red_flags=[FindingOut.of(f) for f in answer.red_flags],
        pain=[FindingOut.of(f) for f in answer.pain],
        this_week=[FindingOut.of(f) for f in answer.this_week],
        shoes=[FindingOut.of(f) for f in answer.shoes],
        if_you_run_today=[FindingOut.of(f) for f in answer.if_you_run_today],
        week=WeekFiguresOut.of(answer.week),
    )


@router.get("/week", tags=["rules"], summary="Every rule's state for one week")
def get_week(
    history: HistoryDep, config: RulesConfigDep, today: TodayDep, day: DayQuery = None
) -> WeekOut:
    week = check_week(history, config, week_start_of(day or today, config.first_weekday))
    findings = week.findings
    return WeekOut(
        week_start=week.week_start,
        week_end=week.week_end,
        figures=WeekFiguresOut.of(week.figures),
        rules=[
            RuleLineOut(
                rule=line.rule,
                title=line.title,
                state=line.state,
                source=line.source,
                strength=line.strength,
                findings=[FindingOut.of(f) for f in findings if f.rule == line.rule],
            )
            for line in rule_lines(findings)
        ],
    )


@router.get("/activities", tags=["activities"], summary="Activities, newest first")
def list_activities(
    store: StoreDep,
    athlete: AthleteDep,
    since: DayQuery = None,
    until: DayQuery = None,
    sport: Sport | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> ActivityPage:
    if since is not None and until is not None and since > until:
        raise ApiError(422, "invalid", "since must be on or before until", "query.since")
    found = store.activities(since=since, until=until, sport=sport)
    found.reverse()
    page = found[offset : offset + limit]
    return ActivityPage(
        total=len(found),
        offset=offset,
        limit=limit,
        items=[ActivityOut.of(a, local_date(a, athlete.time_zone)) for a in page],
    )


def activity_or_404(store: Store, activity_id: int) -> Activity:
    """The activity with its samples, or the one 404 answer."""
    activity = store.activity(activity_id) if 0 < activity_id < 2**62 else None
    if activity is None:
        raise ApiError(404, "not-found", f"there is no activity {activity_id}", "activity_id")
    return activity


@router.get("/activities/{activity_id}", tags=["activities"], summary="One activity")
def get_activity(store: StoreDep, athlete: AthleteDep, activity_id: int) -> ActivityDetailOut:
    activity = activity_or_404(store, activity_id)
    samples = activity.samples
    return ActivityDetailOut(
        activity=ActivityOut.of(activity, local_date(activity, athlete.time_zone)),
        sample_count=len(samples) if samples is not None else 0,
        columns=list(samples.columns()) if samples is not None else [],
        routines=[
            RoutineOut(name=r.name, state=r.state, text=r.text) for r in routine_views(activity)
        ],
    )


@router.get(
    "/activities/{activity_id}/samples/{column}",
    tags=["activities"],
    summary="One sample column against time (NaN as null)",
)
def get_samples(store: StoreDep, activity_id: int, column: str) -> SampleSeries:
    if column not in SAMPLE_COLUMNS:
        raise ApiError(
            422, "invalid", f"column must be one of {', '.join(SAMPLE_COLUMNS)}", "column"
        )
    samples = activity_or_404(store, activity_id).samples
    values = getattr(samples, column) if samples is not None else None
    if samples is None or values is None:
        raise ApiError(
            404, "not-found", f"activity {activity_id} has no {column} samples", "column"
        )
    return SampleSeries(
        time_s=[float(t) for t in samples.time_s],
        values=[float(v) if math.isfinite(v) else None for v in values],
    )


@router.get("/shoes", tags=["shoes"], summary="Shoes and gear with their distance")
def list_shoes(store: StoreDep) -> list[ShoeOut]:
    return [ShoeOut.of(item, SHOE_REPLACE_AT_M) for item in store.gear_items()]


@router.get("/charts/weekly-distance", tags=["charts"], summary="Running distance per week")
def get_weekly_distance(
    store: StoreDep,
    athlete: AthleteDep,
    config: RulesConfigDep,
    today: TodayDep,
    weeks: Annotated[int, Query(ge=1, le=260)] = 26,
) -> WeeklyDistanceOut:
    since = week_start_of(today, config.first_weekday) - timedelta(weeks=weeks)
    runs = store.activities(since=since, sport=Sport.RUN)
    totals = weekly_distance(runs, athlete.time_zone, config.first_weekday, today, weeks)
    return WeeklyDistanceOut(
        weeks=[WeekDistance(week_start=week, distance_m=metres) for week, metres in totals]
    )


@router.get(
    "/charts/pain",
    tags=["charts"],
    summary="Weekly distance with weekly average pain and next-morning pain",
)
def get_pain_chart(
    store: StoreDep,
    history: DiaryDep,
    athlete: AthleteDep,
    config: RulesConfigDep,
    today: TodayDep,
    weeks: Annotated[int, Query(ge=1, le=260)] = 26,
) -> PainChartOut:
    since = week_start_of(today, config.first_weekday) - timedelta(weeks=weeks)
    runs = store.activities(since=since, sport=Sport.RUN)
    totals = weekly_distance(runs, athlete.time_zone, config.first_weekday, today, weeks)
    return PainChartOut(
        weeks=[
            PainWeekOut(
                week_start=w.week_start,
                distance_m=w.distance_m,
                average_pain=w.average,
                next_morning_pain=w.next_morning,
                reports=w.reports,
            )
            for w in pain_weeks(history, totals, config.first_weekday)
        ]
    )


@router.get(
    "/charts/load",
    tags=["charts"],
    summary="Load information: ACWR by day and monotony by week (never a block)",
)
def get_load(
    history: HistoryDep,
    config: RulesConfigDep,
    today: TodayDep,
    weeks: Annotated[int, Query(ge=1, le=260)] = 26,
) -> LoadOut:
    since = week_start_of(today, config.first_weekday) - timedelta(weeks=weeks)
    params = {**config.params(REGISTRY["acwr"]), **config.params(REGISTRY["monotony"])}
    info = load_info(history, config.first_weekday, today, since, params)
    return LoadOut(
        caveat=LOAD_CAVEAT,
        acwr=[
            LoadDayOut(date=p.day, acute=p.acute, chronic=p.chronic, ratio=p.ratio)
            for p in info.acwr
        ],
        monotony=[
            MonotonyOut(
                week_start=m.week_start,
                weekly_load=m.weekly_load,
                monotony=m.monotony,
                strain=m.strain,
            )
            for m in info.monotony
        ],
    )


@router.post(
    "/imports",
    tags=["import"],
    summary="Import uploaded FIT, GPX, TCX files (also .gz) and export zips",
    status_code=200,
    dependencies=[Depends(checked_token_header)],
)
async def post_import(
    store: StoreDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="Files or export zips")],
) -> ImportReportOut:
    saved = await save_uploads(files, settings.max_upload_bytes)
    report = await run_in_threadpool(import_saved, store, saved, settings.import_workers)
    return ImportReportOut.of(report)


@router.get("/settings", tags=["settings"], summary="Units and time zone")
def get_settings(athlete: AthleteDep) -> SettingsOut:
    return SettingsOut(name=athlete.name, units=athlete.units, time_zone=athlete.time_zone)


@router.put(
    "/settings",
    tags=["settings"],
    summary="Change units or time zone",
    dependencies=[Depends(checked_token_header)],
)
def put_settings(store: StoreDep, change: SettingsIn) -> SettingsOut:
    athlete = store.update_athlete(units=change.units, time_zone=change.time_zone)
    return SettingsOut(name=athlete.name, units=athlete.units, time_zone=athlete.time_zone)
