"""`backstride log run|pain|checkin|session|routine`: what the runner records by hand."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape

from backstride.cli.context import (
    console,
    errors,
    fail,
    parse_choice,
    parse_date,
    parse_number,
    parse_optional_number,
    parse_time,
    print_replanned,
    styled,
    workspace,
)
from backstride.cli.screen import AnswersOption, NoneApplyOption, collect_answers, print_screened
from backstride.domain.backcare import PainTiming, SessionKind
from backstride.ingest.dedup import Outcome
from backstride.services.check_in import CheckInEntry, check_in, check_in_words
from backstride.services.log_pain import LOCATIONS, PainEntry, log_pain, place_pain
from backstride.services.log_run import RunEntry, log_run
from backstride.services.log_session import SessionEntry, log_session
from backstride.services.record_routine import RoutineEntry, confirm_routines
from backstride.units import format_distance, format_duration, parse_distance, parse_duration

log_app = typer.Typer(
    help="Record runs, pain, daily check-ins, sessions and warm-ups by hand.", no_args_is_help=True
)
DateOption = Annotated[
    str | None, typer.Option("--date", help="Local date, YYYY-MM-DD (default today).")
]


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")


def _day(text: str | None) -> date | None:
    return parse_date(text, "--date")


@log_app.command("run")
def log_run_command(
    ctx: typer.Context,
    on: Annotated[str, typer.Option("--date", help="Local date, YYYY-MM-DD.")],
    distance: Annotated[str, typer.Option(help="e.g. 5km, 3.1mi (a bare number: your units).")],
    duration: Annotated[str, typer.Option(help="e.g. 30:00, 1:05:30 or 45min.")],
    at: Annotated[str, typer.Option("--time", help="Local start time, HH:MM.")] = "07:00",
    shoe: Annotated[str | None, typer.Option(help="Name of the shoes you wore.")] = None,
    rpe: Annotated[
        float | None, typer.Option(min=0, max=10, help="How hard it felt, 0 (rest) to 10 (max).")
    ] = None,
    treadmill: Annotated[bool, typer.Option(help="A treadmill run.")] = False,
    name: Annotated[str | None, typer.Option(help="A name for the run.")] = None,
    notes: Annotated[str | None, typer.Option(help="Anything to remember.")] = None,
) -> None:
    """Log a run you did without a watch."""
    run_date = _day(on)
    start = parse_time(at) or time(7, 0)
    assert run_date is not None
    with workspace(ctx) as ws:
        units = ws.athlete().units
        try:
            distance_m = parse_distance(distance, units)
            duration_s = parse_duration(duration)
        except ValueError as exc:
            fail(str(exc))
        entry = RunEntry(run_date, distance_m, duration_s, start, shoe, rpe, treadmill, name, notes)
        logged = log_run(ws, entry)
    what = f"{format_distance(distance_m, units, digits=2)} in {format_duration(duration_s)}"
    if logged.outcome is Outcome.NEW:
        console.print(f"Logged a run on {run_date}: {what}.")
    elif logged.outcome is Outcome.DUPLICATE:
        console.print(f"That run on {run_date} ({what}) is already logged; nothing changed.")
    else:
        console.print(
            f"That run on {run_date} was already imported; your details were added to it."
        )
    print_replanned(logged.replanned)


@log_app.command("pain")
def log_pain_command(
    ctx: typer.Context,
    score: Annotated[str, typer.Option(help="Pain now, 0 (none) to 10 (worst imaginable).")],
    when: Annotated[
        str, typer.Option(help="before, during, after (a run), next-morning or other.")
    ] = "other",
    run_id: Annotated[
        int | None, typer.Option("--run", help="The run it is about (an activity id).")
    ] = None,
    on: DateOption = None,
    at: Annotated[str | None, typer.Option("--time", help="Local time, HH:MM.")] = None,
    where: Annotated[
        str | None, typer.Option(help="lower, middle, upper (back), buttock or leg.")
    ] = None,
    radiating: Annotated[
        bool, typer.Option("--radiating", help="The pain spreads (e.g. down a leg).")
    ] = False,
    numbness: Annotated[
        bool,
        typer.Option("--numbness", help="Numbness or pins and needles came with it (anywhere)."),
    ] = False,
    note: Annotated[str | None, typer.Option(help="Anything to remember.")] = None,
    screen: Annotated[
        bool, typer.Option("--screen", help="Also answer the emergency red-flag questions 1-5.")
    ] = False,
    answers: AnswersOption = None,
    none_apply: NoneApplyOption = False,
) -> None:
    """Log a pain score; without --run it goes with the nearest run of that day."""
    entry = PainEntry(
        score=parse_number(score, "--score"),
        timing=PainTiming(parse_choice(when, "--when", tuple(t.value for t in PainTiming))),
        location=parse_choice(where, "--where", LOCATIONS) if where is not None else None,
        radiating=radiating,
        numbness=numbness,
        note=note,
        run_id=run_id,
        day=_day(on),
        clock=parse_time(at),
    )
    with workspace(ctx) as ws:
        placed = place_pain(ws, entry)
        given = None
        if placed.changed_character or screen or answers is not None or none_apply:
            given = collect_answers(placed.questions, answers, none_apply)
            if given is None and screen:
                fail(
                    "no terminal to ask on: pass --answers 1=no,...,5=no or --none-apply "
                    "with --screen (nothing was saved)"
                )
        logged = log_pain(ws, placed, given)
        zone = ZoneInfo(ws.athlete().time_zone)
    report = logged.report
    about = f" about activity {report.activity_id}" if report.activity_id else ""
    local = report.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    console.print(f"Logged pain {report.score:g}/10 ({report.timing.value}) at {local}{about}.")
    if logged.advice:
        console.print(logged.advice)
    if logged.answered:
        print_screened(logged.answered, logged.positives)
    elif logged.changed_character:
        errors.print(
            styled(
                "[yellow]note:[/] your pain changed character "
                f"({escape(logged.changed_character)}): answer the red-flag questions with "
                "`backstride screen`; status reminds you until then."
            ),
            soft_wrap=True,
        )
    print_replanned(logged.replanned)


@log_app.command("checkin")
def log_checkin_command(
    ctx: typer.Context,
    on: DateOption = None,
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
    entry = CheckInEntry(
        _day(on),
        parse_optional_number(sleep_hours, "--sleep-hours"),
        parse_optional_number(sleep_quality, "--sleep-quality"),
        parse_optional_number(stiffness, "--stiffness"),
        ate_enough,
    )
    with workspace(ctx) as ws:
        checked = check_in(ws, entry)
    saved = checked.saved
    console.print(f"Check-in for {saved.on}: {check_in_words(saved)}.")
    print_replanned(checked.replanned)


@log_app.command("session")
def log_session_command(
    ctx: typer.Context,
    kind: Annotated[
        str, typer.Option(help="core, strength, cycling, swimming, yoga, walk or other.")
    ],
    minutes: Annotated[str, typer.Option(help="How long, in minutes.")],
    on: DateOption = None,
    at: Annotated[str | None, typer.Option("--time", help="Local start time, HH:MM.")] = None,
    exercises: Annotated[
        str | None,
        typer.Option(help="e.g. plank,side-plank,back-extension,ball-pike,glute-bridge."),
    ] = None,
    rpe: Annotated[str | None, typer.Option(help="How hard it felt, 0-10.")] = None,
) -> None:
    """Log a core, strength or cross-training session."""
    entry = SessionEntry(
        kind=SessionKind(parse_choice(kind, "--kind", tuple(k.value for k in SessionKind))),
        minutes=parse_number(minutes, "--minutes"),
        day=_day(on),
        clock=parse_time(at),
        exercises=tuple((exercises or "").split(",")),
        rpe=parse_optional_number(rpe, "--rpe"),
    )
    with workspace(ctx) as ws:
        logged = log_session(ws, entry)
    saved = logged.saved
    extra = f" ({', '.join(saved.exercises)})" if saved.exercises else ""
    console.print(f"Logged {saved.minutes:g} min of {saved.kind.value}{extra} on {saved.on}.")
    print_replanned(logged.replanned)


@log_app.command("routine")
def log_routine_command(
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
    entry = RoutineEntry(
        run_id,
        confirm,
        parse_optional_number(warm_up, "--warm-up"),
        warm_up_kind,
        parse_optional_number(cool_down, "--cool-down"),
        cool_down_kind,
    )
    with workspace(ctx) as ws:
        confirmed = confirm_routines(ws, entry)
    record = confirmed.record

    def said(minutes: float | None, kind: str | None) -> str:
        if not minutes:
            return "none"
        return f"{minutes:g} min" + (f" ({kind})" if kind else "")

    console.print(
        f"Run {run_id}: warm-up {said(record.warm_up_min, record.warm_up_kind)}, "
        f"cool-down {said(record.cool_down_min, record.cool_down_kind)} (confirmed)."
    )
    print_replanned(confirmed.replanned)
