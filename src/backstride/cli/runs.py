"""`backstride runs` (type, warm-up, cool-down and shoes per run) and `backstride run-type`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from backstride.cli.context import (
    console,
    fail,
    parse_date,
    print_json,
    print_replanned,
    workspace,
)
from backstride.domain.backcare import RunType
from backstride.services.log_run import set_run_type
from backstride.services.runs import list_runs
from backstride.units import format_distance, format_duration


def register(app: typer.Typer) -> None:
    app.command("runs")(runs_command)
    app.command("run-type")(run_type_command)


def _routine(minutes: float | None, kind: str | None) -> str:
    if minutes is None:
        return "?"
    if minutes == 0:
        return "none"
    return f"{minutes:g} min" + (f" {kind}" if kind else "")


def runs_command(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="First local date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last local date, YYYY-MM-DD.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """Each run with its type (easy, long, speed), speed work, warm-up, cool-down and shoes."""
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with workspace(ctx) as ws:
        runs = list_runs(ws, first, last)
        units = ws.athlete().units
    if json_out:
        print_json(runs)
        return
    table = Table(title=f"{len(runs)} runs", title_justify="left")
    for name in ("id", "date", "distance", "time", "type", "speed", "warm-up", "cool-down", "shoe"):
        table.add_column(name)
    for r in runs:
        mark = "*" if r.run_type_source == "runner" else ""
        check = " ✓" if r.routines_confirmed else ""
        table.add_row(
            str(r.id),
            r.date.isoformat(),
            format_distance(r.distance_m, units, digits=1),
            format_duration(r.moving_s),
            r.run_type.value + mark,
            f"{r.speed_work_s / 60:.0f} min",
            _routine(r.warm_up_min, r.warm_up_kind) + check,
            _routine(r.cool_down_min, r.cool_down_kind) + check,
            ", ".join([r.shoe or "", *r.gear]).strip(", "),
        )
    console.print(table)
    console.print("* your own run type; ✓ warm-up and cool-down confirmed by you")


def run_type_command(
    ctx: typer.Context,
    run_id: Annotated[int, typer.Argument(help="The run (an activity id).")],
    run_type: Annotated[
        str, typer.Argument(help="easy, long or speed; 'auto' goes back to detection.")
    ],
) -> None:
    """Say what a run was (easy, long or speed) when detection got it wrong."""
    choice = run_type.strip().lower()
    if choice not in {"auto", *(t.value for t in RunType)}:
        fail(f"run type {run_type!r} must be easy, long, speed or auto")
    with workspace(ctx) as ws:
        typed = set_run_type(ws, run_id, None if choice == "auto" else RunType(choice))
    console.print(
        f"Run {run_id} is "
        + ("classified automatically again." if choice == "auto" else f"a {choice} run.")
    )
    print_replanned(typed.replanned)
