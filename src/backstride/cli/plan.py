"""`backstride plan new|show|why|export|list`: the training plan."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from backstride.cli.context import (
    console,
    errors,
    fail,
    parse_date,
    print_json,
    styled,
    workspace,
)
from backstride.domain import Units
from backstride.plan import Plan, SessionType
from backstride.plan.describe import goal_in_words
from backstride.plan.model import PlanError, causes, parse_goal
from backstride.routines import routine_title
from backstride.services.export_plan import plan_calendar, plan_workouts
from backstride.services.make_plan import PlanMade, PlanRequest, make_plan
from backstride.services.show_plan import (
    PlanDayOut,
    PlanOut,
    active_plan,
    current_week,
    plan_days,
    plan_history,
    week_number,
    week_words,
)
from backstride.units import format_distance

plan_app = typer.Typer(
    help="The training plan: made from your history, kept to every rule, adapted to your back.",
    no_args_is_help=True,
)
SHOWN_WEEKS = 2  # `plan new` and `plan show` print this many weeks
FIT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-\d+-(easy|long|speed|race)\.fit$")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")


# -- rendering -----------------------------------------------------------------


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _goal_words(label: str, units: Units) -> str:
    """A stored goal ('race:10k@2027-03-13') in words; as it is when it cannot be read."""
    try:
        return goal_in_words(parse_goal(label, units), units)
    except PlanError:
        return label


def week_table(plan: Plan, days: list[PlanDayOut], n: int, units: Units, today: date) -> Table:
    """Plan week `n` (1-based) as a table: every session, its routines and any change."""
    week = plan.weeks[n - 1]
    first = min((d.date for d in days if d.date >= week.start), default=week.start)
    so_far = (
        f" ({format_distance(week.done_m, units, digits=1)} of it run before the plan)"
        if week.done_m > 0
        else ""
    )
    opens = f", planned from {first:%a %d %b}" if first > week.start else ""
    title = (
        f"Week {n} of {len(plan.weeks)} from {week.start} ({week_words(week.block)}{opens}): "
        f"about {format_distance(week.target_m, units, digits=1)}{so_far}. "
        f"Posture: {week.posture_cue}"
    )
    table = Table(title=title, title_justify="left")
    for name in ("day", "session", "routines", "changed by"):
        table.add_column(name)
    for day in days:
        if day.week != n:
            continue
        mark = " (today)" if day.date == today else ""
        rules = ", ".join(sorted({c.rule for c in day.changes}))
        for s in day.sessions:
            details = "; ".join((s.effort, *s.notes) if s.kind is SessionType.RUN else s.notes)
            table.add_row(
                f"{day.date:%a %d %b}{mark}" if s.slot == 0 else "",
                styled(escape(s.text) + (f"\n[dim]{escape(details)}[/]" if details else "")),
                ", ".join(routine_title(name) for name in s.routines),
                rules,
            )
    return table


def _print_weeks(plan: Plan, numbers: list[int], units: Units, today: date) -> None:
    if plan.stopped_on is not None:
        console.print(
            styled(
                f"[bold red]The plan is stopped from {plan.stopped_on}:[/] a red flag needs a "
                "clinician's assessment; record the clearance with `backstride screen clear` "
                "and the plan resumes."
            ),
            soft_wrap=True,
        )
    days = plan_days(plan, units, numbers)
    for n in numbers:
        console.print(week_table(plan, days, n, units, today))


# -- commands --------------------------------------------------------------------


@plan_app.command("new")
def new_command(
    ctx: typer.Context,
    goal_text: Annotated[
        str,
        typer.Option(
            "--goal",
            help="weekly:25km (a weekly distance) or race:10k@2027-03-15 (5k, 10k, "
            "half, marathon or a distance, on a date).",
        ),
    ],
    days: Annotated[
        str | None, typer.Option(help="Days you can run, e.g. mon,wed,fri,sat.")
    ] = None,
    long_run_day: Annotated[
        str | None, typer.Option(help="The day for the long run, e.g. sat.")
    ] = None,
    weeks: Annotated[
        int | None, typer.Option(help="Length of a weekly-distance plan (default 12 weeks).")
    ] = None,
    start_week: Annotated[
        str | None,
        typer.Option(help="Without recent runs: your own first-week distance, e.g. 8km."),
    ] = None,
    confirm_start: Annotated[
        bool,
        typer.Option(
            "--confirm-start", help="Without recent runs: accept the cautious start proposed."
        ),
    ] = False,
    anyway: Annotated[
        bool,
        typer.Option(
            "--anyway",
            help="A race that cannot be reached safely by its date: keep the plan that "
            "stops short of it (it says so) instead of refusing.",
        ),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Make a plan towards a goal from your recent runs; it replaces the active plan.

    A race that cannot be reached safely by its date is refused (exit 1) with the earliest
    safe date and the safe alternatives; nothing is saved unless you add --anyway."""
    request = PlanRequest(
        goal_text, days, long_run_day, weeks, start_week, confirm_start, anyway=anyway
    )
    with workspace(ctx) as ws:
        made = make_plan(ws, request)
        if made.needs_confirmation and _ask_start(made):
            made = make_plan(ws, replace(request, confirm_start=True))
        units = ws.athlete().units
        today = ws.today()
    plan, result = made.plan, made.result
    if made.refused:
        if json_out:
            print_json(
                PlanOut.of(plan, units, saved=False, warnings=result.warnings, result=result)
            )
        else:
            _print_refusal(made)
        raise typer.Exit(1)
    if json_out:
        print_json(
            PlanOut.of(plan, units, saved=made.saved, warnings=result.warnings, result=result)
        )
    else:
        for line in result.warnings:
            if line not in plan.notices:
                errors.print(styled(f"[yellow]warning:[/] {escape(line)}"), soft_wrap=True)
        _print_notices(plan)
        for v in made.violations:  # the generator keeps every rule: this never prints
            errors.print(
                styled(f"[red]rule broken:[/] {v.rule} on {v.on}: {escape(v.message)}"),
                soft_wrap=True,
            )
        if plan.weeks:
            _print_weeks(plan, list(range(1, min(SHOWN_WEEKS, len(plan.weeks)) + 1)), units, today)
        if made.saved:
            console.print(
                f"Plan saved: {goal_in_words(plan.goal, units)}, {len(plan.weeks)} weeks from "
                f"{plan.start}. "
                "See it with `backstride plan show`.",
                soft_wrap=True,
            )
    if not made.saved:
        errors.print(
            "nothing saved: you have no runs in the last 6 weeks; accept this cautious start "
            "with --confirm-start, or set your own with --start-week 8km",
            soft_wrap=True,
        )
        raise typer.Exit(1)


def _print_refusal(made: PlanMade) -> None:
    """Why the race is refused, the earliest safe date and what is safe instead."""
    result = made.result
    errors.print(styled(f"[bold red]refused:[/] {escape(result.refusal or '')}"), soft_wrap=True)
    if result.earliest_safe is not None:
        errors.print(f"The earliest safe date: {result.earliest_safe:%a %d %b %Y}.", soft_wrap=True)
    if result.alternatives:
        errors.print("Safe instead:", soft_wrap=True)
        for alt in result.alternatives:
            errors.print(f"  {alt.text}: --goal {alt.goal}", soft_wrap=True)
    errors.print(
        "Nothing saved. To keep a plan that stops short of the race, add --anyway.",
        soft_wrap=True,
    )


def _print_notices(plan: Plan) -> None:
    """What the plan leaves out and why (a race it stops short of), in words."""
    for notice in plan.notices:
        console.print(styled(f"[bold yellow]Not in this plan:[/] {escape(notice)}"), soft_wrap=True)


def _ask_start(made: PlanMade) -> bool:
    if not sys.stdin.isatty():
        return False
    plan = made.plan
    first = plan.weeks[0].target_m if plan.weeks else plan.baseline_week_m
    return typer.confirm(
        f"Start at about {format_distance(first, plan.profile.units, digits=1)} in the first week?",
        default=True,
    )


def _weeks_shown(
    plan: Plan, today: date, week: int | None, day: date | None, every: bool
) -> list[int]:
    total = len(plan.weeks)
    if week is not None:
        if not 1 <= week <= max(total, 1):
            fail(f"--week {week} is out of range: the plan has {total} weeks")
        return [week]
    if day is not None:
        n = week_number(plan, day)
        if n is None:
            fail(f"--date {day} is outside the plan ({plan.start} to {plan.end})")
        return [n]
    if every or not total:
        return list(range(1, total + 1))
    first = current_week(plan, today)
    return list(range(first, min(total, first + SHOWN_WEEKS - 1) + 1))


@plan_app.command("show")
def show_command(
    ctx: typer.Context,
    week: Annotated[int | None, typer.Option(help="Plan week number, from 1.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="The week holding this date, YYYY-MM-DD.")
    ] = None,
    all_weeks: Annotated[bool, typer.Option("--all", help="Every week of the plan.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the days as JSON (SI units).")
    ] = False,
) -> None:
    """The plan, week by week (default: this week and the next), with every change made."""
    if week is not None and on is not None:
        fail("give --week or --date, not both")
    day = parse_date(on, "--date")
    with workspace(ctx) as ws:
        plan = active_plan(ws)
        units = ws.athlete().units
        today = ws.today()
    numbers = _weeks_shown(plan, today, week, day, all_weeks or (json_out and not week and not day))
    if json_out:
        print_json(plan_days(plan, units, numbers))
        return
    console.print(
        styled(
            f"[bold]{escape(_first_up(goal_in_words(plan.goal, units)))}[/]: "
            f"{len(plan.weeks)} weeks from {plan.start}, "
            f"made {plan.created_on}"
            + (f", {len(causes(plan.changes))} changes since" if plan.changes else "")
        ),
        soft_wrap=True,
    )
    _print_notices(plan)
    _print_weeks(plan, numbers, units, today)


@plan_app.command("why")
def why_command(
    ctx: typer.Context,
    on: Annotated[str, typer.Argument(help="The day, YYYY-MM-DD.", show_default=False)],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Why a day looks as it does: each change with the rule that caused it and its source."""
    day = parse_date(on, "DATE")
    assert day is not None
    with workspace(ctx) as ws:
        plan = active_plan(ws)
        shown = PlanDayOut.of(plan, day, ws.athlete().units)
    if json_out:
        print_json(shown)
        return
    sessions = "; ".join(s.text for s in shown.sessions) or "nothing planned"
    console.print(styled(f"[bold]{day:%a %d %b %Y}[/]: {escape(sessions)}"), soft_wrap=True)
    if not shown.changes:
        for line in shown.explanation:
            console.print(f"  {line}", soft_wrap=True)
    for c in shown.changes:
        console.print(styled(f"  [bold]{c.rule}[/]: {escape(c.what)}"), soft_wrap=True)
        console.print(f"    why: {c.why}", soft_wrap=True)
        console.print(f"    source: {c.source}; re-planned on {c.made_on}", soft_wrap=True)


@plan_app.command("export")
def export_command(
    ctx: typer.Context,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Write an iCalendar file (one event a session).")
    ] = None,
    fit: Annotated[
        Path | None, typer.Option("--fit", help="Write a FIT workout per run into this folder.")
    ] = None,
) -> None:
    """Send the plan to a calendar (.ics) and to a watch (FIT workouts); re-export updates."""
    if ics is None and fit is None:
        fail("give --ics FILE and/or --fit DIR")
    if fit is not None and fit.exists() and not fit.is_dir():
        fail(f"--fit {fit} is a file; give a folder")
    if ics is not None and ics.is_dir():
        fail(f"--ics {ics} is a folder; give a file name such as plan.ics")
    with workspace(ctx) as ws:
        calendar = plan_calendar(ws) if ics is not None else b""
        workouts = plan_workouts(ws) if fit is not None else {}
    try:
        if ics is not None:
            ics.write_bytes(calendar)
            events = calendar.count(b"BEGIN:VEVENT")
            console.print(f"Wrote {events} events to {ics}.", soft_wrap=True)
        if fit is not None:
            fit.mkdir(parents=True, exist_ok=True)
            stale = [p for p in fit.iterdir() if FIT_NAME.match(p.name) and p.name not in workouts]
            for path in stale:
                path.unlink()
            for name, body in workouts.items():
                (fit / name).write_bytes(body)
            gone = f"; removed {len(stale)} no longer planned" if stale else ""
            console.print(f"Wrote {len(workouts)} FIT workouts to {fit}{gone}.", soft_wrap=True)
    except OSError as exc:
        fail(f"cannot write the export: {exc}", 1)


@plan_app.command("list")
def list_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every plan you have had, newest first: the active one and those it replaced."""
    with workspace(ctx) as ws:
        plans = plan_history(ws)
        units = ws.athlete().units
    if json_out:
        print_json(plans)
        return
    if not plans:
        console.print("No plans yet: make one with `backstride plan new --goal weekly:25km`.")
    for p in plans:
        state = (
            "active"
            if p.active
            else f"replaced {p.replaced_utc:%Y-%m-%d}"
            if p.replaced_utc
            else ""
        )
        console.print(
            f"{_first_up(_goal_words(p.goal, units))}: {p.start} to {p.end}, "
            f"made {p.created_on}, "
            f"{len(p.changes)} changes ({state})",
            soft_wrap=True,
        )
