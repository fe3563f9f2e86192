"""`backstride plan new|show|why|export|list`: the training plan, and the re-plan hook."""

from __future__ import annotations

import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from backstride.cli.context import (
    console,
    errors,
    fail,
    opened_store,
    parse_date,
    print_json,
    rules_config,
    rules_config_path,
    styled,
    today_in,
)
from backstride.domain import Units
from backstride.plan import (
    Plan,
    PlanChange,
    PlanError,
    PlanProfile,
    parse_days,
    parse_goal,
)
from backstride.plan.adapt import why
from backstride.plan.describe import session_text
from backstride.plan.fit import to_fit_workouts
from backstride.plan.ics import to_ics
from backstride.plan.model import causes, session_json
from backstride.planning import confirmed, propose, replan
from backstride.rules import REGISTRY, ConfigError, RulesConfig, load_config
from backstride.store import Store
from backstride.units import format_distance, parse_distance

plan_app = typer.Typer(
    help="The training plan: made from your history, kept to every rule, adapted to your back.",
    no_args_is_help=True,
)
SHOWN_WEEKS = 2  # `plan new` and `plan show` print this many weeks
FIT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-\d+-(easy|long|speed|race)\.fit$")


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")


# -- the re-plan hook ----------------------------------------------------------


def replan_after(
    ctx: typer.Context, store: Store | None = None, *, out: Console | None = None
) -> None:
    """Re-plan the coming days after the history changed, and say what changed.

    Every command that adds pain, a check-in, a session, runs or red-flag answers
    calls this once, with its open store or none. Without an active plan it does
    nothing; a broken rules config skips the re-plan with a warning (what was
    logged stays logged).
    """
    if store is None:
        with opened_store(ctx) as opened:
            replan_after(ctx, opened, out=out)
        return
    if store.active_plan() is None:
        return
    path = rules_config_path(ctx)
    try:
        config = load_config(path.read_text(encoding="utf-8")) if path.exists() else None
    except (ConfigError, OSError, UnicodeDecodeError) as exc:
        errors.print(
            styled(f"[yellow]warning:[/] plan not re-planned: {escape(f'{path}: {exc}')}"),
            soft_wrap=True,
        )
        return
    result = replan(store, config or RulesConfig(), today_in(store.athlete().time_zone))
    out = out or console
    if result.problem:
        errors.print(styled(f"[yellow]warning:[/] {escape(result.problem)}"), soft_wrap=True)
    if result.changes:
        out.print(styled("[bold]Plan re-planned:[/]"))
        for c in result.changes:
            out.print(f"  {c.on} {c.rule}: {c.what}", soft_wrap=True)
        out.print("  (details: `backstride plan why DATE`)")


# -- rendering -----------------------------------------------------------------


def _week_number(plan: Plan, day: date) -> int | None:
    for n, w in enumerate(plan.weeks, 1):
        if w.start <= day < w.start + timedelta(days=7):
            return n
    return None


def week_table(plan: Plan, n: int, units: Units, today: date) -> Table:
    """Plan week `n` (1-based) as a table: every session, its routines and any change."""
    week = plan.weeks[n - 1]
    first = min((s.on for s in plan.sessions if s.on >= week.start), default=week.start)
    so_far = (
        f" ({format_distance(week.done_m, units, digits=1)} of it run before the plan)"
        if week.done_m > 0
        else ""
    )
    opens = f", planned from {first:%a %d %b}" if first > week.start else ""
    title = (
        f"Week {n} of {len(plan.weeks)} from {week.start} ({week.block.value}{opens}): "
        f"about {format_distance(week.target_m, units, digits=1)}{so_far}. "
        f"Posture: {week.posture_cue}"
    )
    table = Table(title=title, title_justify="left")
    for name in ("day", "session", "routines", "changed by"):
        table.add_column(name)
    for s in plan.sessions:
        if not week.start <= s.on < week.start + timedelta(days=7):
            continue
        mark = " (today)" if s.on == today else ""
        rules = sorted({c.rule for c in plan.changes_on(s.on)})
        details = "; ".join((s.effort, *s.notes) if s.is_run else s.notes)
        table.add_row(
            f"{s.on:%a %d %b}{mark}" if s.slot == 0 else "",
            styled(
                escape(session_text(s, units)) + (f"\n[dim]{escape(details)}[/]" if details else "")
            ),
            ", ".join(s.routines),
            ", ".join(rules),
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
    for n in numbers:
        console.print(week_table(plan, n, units, today))


def _current_week(plan: Plan, today: date) -> int:
    return _week_number(plan, today) or (1 if today < plan.start else len(plan.weeks))


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
    json_out: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Make a plan towards a goal from your recent runs; it replaces the active plan."""
    try:
        run_days = parse_days(days) if days is not None else None
        long_days = parse_days(long_run_day) if long_run_day is not None else None
    except PlanError as exc:
        fail(str(exc))
    if long_days is not None and len(long_days) != 1:
        fail(f"--long-run-day {long_run_day!r} must be one day, e.g. sat")
    long_day = long_days[0] if long_days else None
    if run_days is not None and long_day is not None and long_day not in run_days:
        fail(f"--long-run-day {long_run_day} is not one of --days {days}")
    if weeks is not None and not 1 <= weeks <= 104:
        fail(f"--weeks {weeks} is out of range; use 1 to 104")
    config = rules_config(ctx)
    with opened_store(ctx) as store:
        units = Units(store.athlete().units)
        today = today_in(store.athlete().time_zone)
        try:
            goal = parse_goal(goal_text, units)
        except PlanError as exc:
            fail(str(exc))
        try:
            start_m = parse_distance(start_week, units) if start_week is not None else None
        except ValueError as exc:
            fail(f"--start-week: {exc}")
        if goal.race_date is not None and goal.race_date <= today:
            fail(f"the race date {goal.race_date} is not in the future (today is {today})")
        profile = PlanProfile(units, run_days, long_day, weeks, start_m)
        try:
            proposal = propose(store, config, goal, profile, today)
            if proposal.result.needs_confirmation and (confirm_start or _ask_start(proposal.plan)):
                proposal = propose(store, config, goal, confirmed(profile, proposal), today)
        except PlanError as exc:
            fail(str(exc))
        plan, result = proposal.plan, proposal.result
        saved = not result.needs_confirmation
        if saved:
            store.save_new_plan(plan)
    if json_out:
        print_json({"saved": saved, "warnings": list(result.warnings), **plan.to_json()})
    else:
        for line in result.warnings:
            errors.print(styled(f"[yellow]warning:[/] {escape(line)}"), soft_wrap=True)
        for v in proposal.violations:  # the generator keeps every rule: this never prints
            errors.print(
                styled(f"[red]rule broken:[/] {v.rule} on {v.on}: {escape(v.message)}"),
                soft_wrap=True,
            )
        if plan.weeks:
            _print_weeks(plan, list(range(1, min(SHOWN_WEEKS, len(plan.weeks)) + 1)), units, today)
        if saved:
            console.print(
                f"Plan saved: {goal.label}, {len(plan.weeks)} weeks from {plan.start}. "
                "See it with `backstride plan show`.",
                soft_wrap=True,
            )
    if not saved:
        errors.print(
            "nothing saved: you have no runs in the last 6 weeks; accept this cautious start "
            "with --confirm-start, or set your own with --start-week 8km",
            soft_wrap=True,
        )
        raise typer.Exit(1)


def _ask_start(plan: Plan) -> bool:
    if not sys.stdin.isatty():
        return False
    first = plan.weeks[0].target_m if plan.weeks else plan.baseline_week_m
    return typer.confirm(
        f"Start at about {format_distance(first, plan.profile.units, digits=1)} in the first week?",
        default=True,
    )


def _active(store: Store) -> Plan:
    stored = store.active_plan()
    if stored is None:
        fail("there is no plan yet: make one with `backstride plan new --goal weekly:25km`")
    return stored.plan


def _parse_date(text: str, option: str) -> date:
    day = parse_date(text, option)
    assert day is not None
    return day


@plan_app.command("show")
def show_command(
    ctx: typer.Context,
    week: Annotated[int | None, typer.Option(help="Plan week number, from 1.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="The week holding this date, YYYY-MM-DD.")
    ] = None,
    all_weeks: Annotated[bool, typer.Option("--all", help="Every week of the plan.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the sessions as JSON (SI units).")
    ] = False,
) -> None:
    """The plan, week by week (default: this week and the next), with every change made."""
    if week is not None and on is not None:
        fail("give --week or --date, not both")
    day = _parse_date(on, "--date") if on is not None else None
    with opened_store(ctx) as store:
        plan = _active(store)
        units = Units(store.athlete().units)
        today = today_in(store.athlete().time_zone)
    total = len(plan.weeks)
    if week is not None and not 1 <= week <= max(total, 1):
        fail(f"--week {week} is out of range: the plan has {total} weeks")
    numbers: list[int]
    if week is not None:
        numbers = [week]
    elif day is not None:
        n = _week_number(plan, day)
        if n is None:
            fail(f"--date {day} is outside the plan ({plan.start} to {plan.end})")
        numbers = [n]
    elif all_weeks or json_out or not total:
        numbers = list(range(1, total + 1))
    else:
        first = _current_week(plan, today)
        numbers = list(range(first, min(total, first + SHOWN_WEEKS - 1) + 1))
    if json_out:
        print_json(
            [
                {**session_json(s, plan.changes_on(s.on)), "week": _week_number(plan, s.on)}
                for s in plan.sessions
                if _week_number(plan, s.on) in numbers or not total
            ]
        )
        return
    console.print(
        styled(
            f"[bold]{escape(plan.goal.label)}[/]: {total} weeks from {plan.start}, "
            f"made {plan.created_on}"
            + (f", {len(causes(plan.changes))} changes since" if plan.changes else "")
        ),
        soft_wrap=True,
    )
    _print_weeks(plan, numbers, units, today)


@plan_app.command("why")
def why_command(
    ctx: typer.Context,
    on: Annotated[str, typer.Argument(help="The day, YYYY-MM-DD.", show_default=False)],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Why a day looks as it does: each change with the rule that caused it and its source."""
    day = _parse_date(on, "DATE")
    with opened_store(ctx) as store:
        plan = _active(store)
        units = Units(store.athlete().units)
    changes = plan.changes_on(day)
    if json_out:
        print_json(
            {
                "date": day.isoformat(),
                "sessions": [session_json(s, []) for s in plan.on(day)],
                "changes": [_change_json(c) for c in changes],
                "explanation": why(plan, day),
            }
        )
        return
    sessions = "; ".join(session_text(s, units) for s in plan.on(day)) or "nothing planned"
    console.print(styled(f"[bold]{day:%a %d %b %Y}[/]: {escape(sessions)}"), soft_wrap=True)
    if not changes:
        for line in why(plan, day):
            console.print(f"  {line}", soft_wrap=True)
    for c in changes:
        console.print(styled(f"  [bold]{c.rule}[/]: {escape(c.what)}"), soft_wrap=True)
        console.print(f"    why: {c.why}", soft_wrap=True)
        console.print(f"    source: {_source(c.rule)}; re-planned on {c.made_on}", soft_wrap=True)


def _source(rule_id: str) -> str:
    """Where the rule comes from (its evidence or the practice), as the rules list it."""
    return REGISTRY[rule_id].source if rule_id in REGISTRY else "backstride"


def _change_json(c: PlanChange) -> dict[str, object]:
    return {
        "rule": c.rule,
        "what": c.what,
        "why": c.why,
        "source": _source(c.rule),
        "made_on": c.made_on.isoformat(),
    }


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
    with opened_store(ctx) as store:
        plan = _active(store)
        zone = store.athlete().time_zone
    try:
        if ics is not None:
            data = to_ics(plan, zone)
            ics.write_bytes(data)
            events = data.count(b"BEGIN:VEVENT")
            console.print(f"Wrote {events} events to {ics}.", soft_wrap=True)
        if fit is not None:
            workouts = to_fit_workouts(plan)
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
    with opened_store(ctx) as store:
        plans = store.plans()
    if json_out:
        print_json(
            [
                {
                    "goal": p.plan.goal.label,
                    "active": p.active,
                    "start": p.plan.start.isoformat(),
                    "end": p.plan.end.isoformat(),
                    "created_on": p.plan.created_on.isoformat(),
                    "replaced_utc": p.replaced_utc.isoformat() if p.replaced_utc else None,
                    "changes": [_change_json(c) for c in p.plan.changes],
                }
                for p in plans
            ]
        )
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
            f"{p.plan.goal.label}: {p.plan.start} to {p.plan.end}, made {p.plan.created_on}, "
            f"{len(causes(p.plan.changes))} changes ({state})",
            soft_wrap=True,
        )
