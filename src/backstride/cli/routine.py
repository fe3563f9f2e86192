"""`backstride routine list|show|run`: warm-ups, cool-downs, core and rest-day sessions.

`run` counts each step down on a terminal. With no terminal, or `--no-wait`, it
prints the steps and never sleeps, so scripts and tests cannot hang.
"""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from backstride import clock
from backstride.cli.context import console, fail, print_json, print_replanned, styled, workspace
from backstride.domain.backcare import SessionKind
from backstride.routines import (
    Phase,
    Routine,
    TimedStep,
    routine_seconds,
    routine_text,
    routine_timeline,
)
from backstride.services.errors import Invalid, NotFound
from backstride.services.record_routine import (
    ON_A_RUN,
    SideMissing,
    check_run_for,
    pain_limit,
    record_routine,
    routine_named,
    run_for,
    with_pain_limit,
)
from backstride.services.routines import RoutineDetailOut, routine_list

routine_app = typer.Typer(
    help="Warm-up, cool-down, core and rest-day routines, and a guided player.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(routine_app, name="routine")


def _routine(ctx: typer.Context, name: str) -> Routine:
    """The routine, its cues with the runner's own pain limit."""
    try:
        found = routine_named(name)
    except NotFound as exc:
        fail(str(exc))
    with workspace(ctx) as ws:
        return with_pain_limit(found, pain_limit(ws))


@routine_app.command("list")
def list_command(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every routine: its name, kind and how long it takes."""
    routines = routine_list()
    if json_out:
        print_json(routines)
        return
    table = Table(title=f"{len(routines)} routines", title_justify="left")
    for column in ("name", "kind", "minutes", "title"):
        table.add_column(column, justify="right" if column == "minutes" else "left")
    for r in routines:
        table.add_row(r.name, r.kind.value, f"{r.seconds / 60:.0f}", r.title)
    console.print(table)


@routine_app.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="e.g. warm-up, cool-down, core.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One routine, step by step, with its cues and the practice each step serves."""
    routine = _routine(ctx, name)
    if json_out:
        print_json(RoutineDetailOut.of(routine))
        return
    console.print(routine_text(routine), soft_wrap=True, markup=False)


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def _screen(step: TimedStep, left: int, n: int, total: int, upcoming: TimedStep | None) -> Text:
    style = "bold green" if step.phase is Phase.WORK else "bold cyan"
    text = Text()
    text.append(f"Step {n} of {total}   ", style="dim")
    text.append(f"{_clock(left)}\n", style="bold")
    text.append(f"{step.label}\n", style=style)
    for cue in step.cues:
        text.append(f"  · {cue}\n")
    if upcoming is not None:
        text.append(f"Next: {upcoming.label}", style="dim")
    return text


def _guide(timeline: list[TimedStep]) -> None:
    """Count every step down on the terminal (Ctrl-C stops)."""
    with Live(console=console, refresh_per_second=4, transient=False) as live:
        for i, step in enumerate(timeline):
            upcoming = timeline[i + 1] if i + 1 < len(timeline) else None
            for left in range(step.seconds, 0, -1):
                live.update(_screen(step, left, i + 1, len(timeline), upcoming))
                time.sleep(1)
            console.bell()


def _print_steps(timeline: list[TimedStep]) -> None:
    for i, step in enumerate(timeline, 1):
        cues = f" — {'; '.join(step.cues)}" if step.cues and step.phase is Phase.WORK else ""
        line = f"{i:>2}. {_clock(step.seconds):>5}  {step.label}{cues}"
        console.print(line, soft_wrap=True, markup=False)


@routine_app.command("run")
def run_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="e.g. warm-up, cool-down, core.")],
    no_wait: Annotated[
        bool, typer.Option("--no-wait", help="Print the steps without counting down.")
    ] = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Record it as done without asking (a core or rest routine as a session; "
            "a warm-up or cool-down on today's run or --run).",
        ),
    ] = False,
    run_id: Annotated[
        int | None, typer.Option("--run", help="The run a warm-up or cool-down belongs to.")
    ] = None,
) -> None:
    """Guide a routine step by step with a countdown; then record it as done."""
    routine = _routine(ctx, name)
    try:
        check_run_for(routine, run_id)
    except Invalid as exc:
        fail(str(exc))
    timeline = routine_timeline(routine)
    console.print(
        styled(
            f"[bold]{escape(routine.title)}[/] — about {routine_seconds(routine) / 60:.0f} min. "
            f"{escape(routine.summary)}"
        ),
        soft_wrap=True,
    )
    interactive = console.is_terminal and sys.stdin.isatty()
    if no_wait or not interactive:
        _print_steps(timeline)
    else:
        try:
            _guide(timeline)
        except KeyboardInterrupt:
            console.print("Stopped; nothing recorded.")
            raise typer.Exit(130) from None
        console.print(styled("[bold green]Done.[/]"))
    if not record and not interactive:
        return
    with workspace(ctx) as ws:
        run = run_for(ws, routine, run_id)
        if routine.kind in ON_A_RUN and run is None:
            if record:
                fail("no run today to record it on: give --run ID (see `backstride activities`)")
            return
        question = _question(routine, run, ws.athlete().time_zone)
        if not record and not typer.confirm(question, default=True):
            return
        try:
            done = record_routine(ws, routine, run)
        except SideMissing as exc:
            fail(
                f"{exc}: record it first with "
                f"`backstride log routine {exc.run_id} --{exc.side} MINUTES` (0 for none)"
            )
    if done.session is SessionKind.CORE:
        console.print(f"Logged {done.minutes:g} min of core ({routine.name}) on {done.day}.")
    elif done.session is not None:
        console.print(f"Logged {done.minutes:g} min of {done.session.value} on {done.day}.")
    elif done.run_id is not None:
        console.print(
            f"Recorded the {routine.title.lower()} ({done.minutes:g} min) on run {done.run_id}."
        )
    print_replanned(done.replanned)


def _question(routine: Routine, run: int | None, zone: str) -> str:
    if run is None:
        return f"Record {routine.title.lower()} as done today?"
    now = clock.now(zone)
    return f"Record {routine.title.lower()} on today's run {run} ({now:%d %b})?"
