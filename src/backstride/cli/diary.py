"""`backstride log pain|checkin|session|routine`: the back-care diary, by hand."""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape

from backstride import clock
from backstride.cli.context import console, errors, fail, opened_store, parse_day, styled, today_in
from backstride.cli.log import log_app
from backstride.cli.plan import replan_after
from backstride.cli.screen import AnswersOption, NoneApplyOption, collect_answers, save_answers
from backstride.diary import LOCATIONS, UnknownActivity, place_pain_report
from backstride.domain.backcare import CheckIn, PainTiming, Session, SessionKind
from backstride.rules import RED_FLAGS
from backstride.rules.redflags import EMERGENCY_FLAGS, changes_character
from backstride.store import InputError


def register(app: typer.Typer) -> None:
    """The diary commands live under `backstride log` (see cli/log.py)."""


def _number(text: str, option: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        fail(f"{option} {text!r} is not a number")
    if not math.isfinite(value) or not low <= value <= high:
        fail(f"{option} {text} is out of range: {low:g} to {high:g}")
    return value


def _clock(text: str | None) -> time | None:
    if text is None:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        fail(f"--time {text!r} is not a time; write it as HH:MM")


def _choice(text: str, option: str, allowed: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in allowed:
        fail(f"{option} {text!r} must be one of: {', '.join(allowed)}")
    return value


@log_app.command("pain")
def log_pain(
    ctx: typer.Context,
    score: Annotated[str, typer.Option(help="Pain now, 0 (none) to 10 (worst imaginable).")],
    when: Annotated[
        str, typer.Option(help="before, during, after (a run), next-morning or other.")
    ] = "other",
    run_id: Annotated[
        int | None, typer.Option("--run", help="The run it is about (an activity id).")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Local date, YYYY-MM-DD (default today).")
    ] = None,
    at: Annotated[str | None, typer.Option("--time", help="Local time, HH:MM.")] = None,
    where: Annotated[
        str | None, typer.Option(help="lower, middle, upper (back), buttock or leg.")
    ] = None,
    radiating: Annotated[
        bool, typer.Option("--radiating", help="The pain spreads (e.g. down a leg).")
    ] = False,
    note: Annotated[str | None, typer.Option(help="Anything to remember.")] = None,
    screen: Annotated[
        bool, typer.Option("--screen", help="Also answer the emergency red-flag questions 1-5.")
    ] = False,
    answers: AnswersOption = None,
    none_apply: NoneApplyOption = False,
) -> None:
    """Log a pain score; without --run it goes with the nearest run of that day."""
    value = _number(score, "--score", 0, 10)
    timing = PainTiming(_choice(when, "--when", tuple(t.value for t in PainTiming)))
    location = _choice(where, "--where", LOCATIONS) if where is not None else None
    if run_id is not None and on is not None:
        fail("give --run or --date, not both (a run has its own date)")
    local_time = _clock(at)
    with opened_store(ctx) as store:
        zone_name = store.athlete().time_zone
        today = today_in(zone_name)
        day = parse_day(on, "--date", today) if run_id is None else None
        try:
            report = place_pain_report(
                store,
                score=value,
                timing=timing,
                zone_name=zone_name,
                today=today,
                now=clock.now_utc(zone_name),
                location=location,
                radiating=radiating,
                note=note,
                run_id=run_id,
                day=day,
                clock=local_time,
            )
        except UnknownActivity as exc:
            fail(f"{exc}; see `backstride activities`")
        except InputError as exc:
            fail(str(exc))
        moment = report.at
        earlier = [r for r in store.pain_reports() if r.at <= moment]
        changed = changes_character(report, earlier)
        flags = RED_FLAGS if changed else EMERGENCY_FLAGS
        given = None
        if changed or screen or answers is not None or none_apply:
            given = collect_answers(flags, answers, none_apply)
            if given is None and screen:
                fail(
                    "no terminal to ask on: pass --answers 1=no,...,5=no or --none-apply "
                    "with --screen (nothing was saved)"
                )
        saved = store.add_pain_report(report)
        about = f" about activity {saved.activity_id}" if saved.activity_id else ""
        local = saved.at.astimezone(ZoneInfo(zone_name)).strftime("%Y-%m-%d %H:%M")
        console.print(f"Logged pain {value:g}/10 ({timing.value}) at {local}{about}.")
        if timing is PainTiming.DURING and value > 5:
            console.print(
                "Above 5 during a run: shorten or stop the run, and ease off the next one."
            )
        if given is not None:
            save_answers(store, given, clock.now_utc(zone_name))
        elif changed:
            errors.print(
                styled(
                    f"[yellow]note:[/] your pain changed character ({escape(changed)}): answer "
                    "the red-flag questions with `backstride screen`; status reminds you until "
                    "then."
                ),
                soft_wrap=True,
            )
        replan_after(ctx, store)


@log_app.command("checkin")
def log_checkin(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--date", help="Local date, YYYY-MM-DD (default today).")
    ] = None,
    sleep_hours: Annotated[str | None, typer.Option(help="Hours slept, 0-24.")] = None,
    sleep_quality: Annotated[
        str | None, typer.Option(help="How well you slept, 1 (badly) to 5 (very well).")
    ] = None,
    stiffness: Annotated[
        str | None, typer.Option(help="Morning stiffness, 0 (none) to 10 (worst).")
    ] = None,
    ate_enough: Annotated[
        bool | None, typer.Option("--ate-enough/--not-enough", help="Did you eat enough?")
    ] = None,
) -> None:
    """The daily check-in: sleep, morning stiffness, food. Logging a day again updates it."""
    if sleep_hours is None and sleep_quality is None and stiffness is None and ate_enough is None:
        fail("give at least one of --sleep-hours, --sleep-quality, --stiffness, --ate-enough")
    hours = _number(sleep_hours, "--sleep-hours", 0, 24) if sleep_hours is not None else None
    quality = None
    if sleep_quality is not None:
        quality_value = _number(sleep_quality, "--sleep-quality", 1, 5)
        if not quality_value.is_integer():
            fail(f"--sleep-quality {sleep_quality} must be a whole number from 1 to 5")
        quality = int(quality_value)
    stiff = _number(stiffness, "--stiffness", 0, 10) if stiffness is not None else None
    with opened_store(ctx) as store:
        day = parse_day(on, "--date", today_in(store.athlete().time_zone))
        saved = store.save_check_in(CheckIn(day, hours, quality, stiff, ate_enough))
    parts = []
    if saved.sleep_hours is not None:
        parts.append(f"slept {saved.sleep_hours:g} h")
    if saved.sleep_quality is not None:
        parts.append(f"sleep quality {saved.sleep_quality}/5")
    if saved.stiffness is not None:
        parts.append(f"stiffness {saved.stiffness:g}/10")
    if saved.ate_enough is not None:
        parts.append("ate enough" if saved.ate_enough else "did not eat enough")
    console.print(f"Check-in for {day}: {', '.join(parts)}.")
    replan_after(ctx)


@log_app.command("session")
def log_session(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Option(help="core, strength, cycling, swimming, yoga, walk or other.")
    ],
    minutes: Annotated[str, typer.Option(help="How long, in minutes.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Local date, YYYY-MM-DD (default today).")
    ] = None,
    at: Annotated[str | None, typer.Option("--time", help="Local start time, HH:MM.")] = None,
    exercises: Annotated[
        str | None,
        typer.Option(help="e.g. plank,side-plank,back-extension,ball-pike,glute-bridge."),
    ] = None,
    rpe: Annotated[str | None, typer.Option(help="How hard it felt, 0-10.")] = None,
) -> None:
    """Log a core, strength or cross-training session."""
    session_kind = SessionKind(_choice(kind, "--kind", tuple(k.value for k in SessionKind)))
    length = _number(minutes, "--minutes", 0, 600)
    if length <= 0:
        fail(f"--minutes {minutes} must be more than 0")
    effort = _number(rpe, "--rpe", 0, 10) if rpe is not None else None
    names = tuple(
        e.strip().lower().replace(" ", "-") for e in (exercises or "").split(",") if e.strip()
    )
    local_time = _clock(at)
    with opened_store(ctx) as store:
        zone_name = store.athlete().time_zone
        day = parse_day(on, "--date", today_in(zone_name))
        start = None
        if local_time is not None:
            start = datetime.combine(day, local_time, ZoneInfo(zone_name)).astimezone(UTC)
            if start > clock.now_utc(zone_name) + timedelta(minutes=1):
                fail(f"--time {at} on {day} is in the future")
        saved = store.add_session(Session(day, session_kind, length, names, start, effort))
    extra = f" ({', '.join(saved.exercises)})" if saved.exercises else ""
    console.print(f"Logged {saved.minutes:g} min of {saved.kind.value}{extra} on {day}.")
    replan_after(ctx)


@log_app.command("routine")
def log_routine(
    ctx: typer.Context,
    run_id: Annotated[int, typer.Argument(help="The run (an activity id).")],
    confirm: Annotated[
        bool, typer.Option("--confirm", help="The detected warm-up and cool-down are right.")
    ] = False,
    warm_up: Annotated[
        str | None, typer.Option(help="Warm-up minutes (0 = none), correcting detection.")
    ] = None,
    warm_up_kind: Annotated[
        str | None, typer.Option(help="e.g. walk, jog, walk+jog, drills, yoga.")
    ] = None,
    cool_down: Annotated[str | None, typer.Option(help="Cool-down minutes (0 = none).")] = None,
    cool_down_kind: Annotated[
        str | None, typer.Option(help="e.g. walk, jog, stretch, foam-roll.")
    ] = None,
) -> None:
    """Confirm or correct a run's warm-up and cool-down (detected from the file)."""
    if not confirm and warm_up is None and cool_down is None:
        fail("give --confirm, or --warm-up and/or --cool-down minutes")
    warm = _number(warm_up, "--warm-up", 0, 120) if warm_up is not None else None
    cool = _number(cool_down, "--cool-down", 0, 120) if cool_down is not None else None
    with opened_store(ctx) as store:
        record = store.log_routine(
            run_id,
            warm_up_min=warm,
            warm_up_kind=warm_up_kind.strip().lower() if warm_up_kind else None,
            cool_down_min=cool,
            cool_down_kind=cool_down_kind.strip().lower() if cool_down_kind else None,
        )

    def said(minutes: float | None, kind: str | None) -> str:
        if not minutes:
            return "none"
        return f"{minutes:g} min" + (f" ({kind})" if kind else "")

    console.print(
        f"Run {run_id}: warm-up {said(record.warm_up_min, record.warm_up_kind)}, "
        f"cool-down {said(record.cool_down_min, record.cool_down_kind)} (confirmed)."
    )
