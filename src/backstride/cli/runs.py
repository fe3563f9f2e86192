"""`backstride runs` (type, warm-up, cool-down and shoes per run) and `backstride run-type`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from backstride.cli.context import console, fail, opened_store, parse_date, print_json, rules_config
from backstride.domain.backcare import RunType
from backstride.history import load_history
from backstride.training.weekly import RunFact, training_days
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


def run_json(
    run: RunFact, overridden: bool, confirmed: bool, extra: list[str]
) -> dict[str, object]:
    return {
        "id": run.activity.id,
        "date": run.day.isoformat(),
        "distance_m": run.distance_m,
        "moving_s": run.moving_s,
        "run_type": run.run_type.value,
        "run_type_source": "runner" if overridden else "detected",
        "speed_work_s": run.speed_s,
        "warm_up_min": run.warm_up.minutes if run.warm_up else None,
        "warm_up_kind": run.warm_up.kind if run.warm_up else None,
        "cool_down_min": run.cool_down.minutes if run.cool_down else None,
        "cool_down_kind": run.cool_down.kind if run.cool_down else None,
        "routines_confirmed": confirmed,
        "shoe": run.activity.gear,
        "gear": extra,
    }


def runs_command(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="First local date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last local date, YYYY-MM-DD.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """Each run with its type (easy, long, speed), speed work, warm-up, cool-down and shoes."""
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    config = rules_config(ctx)
    with opened_store(ctx) as store:
        history = load_history(store)
        extra = store.extra_gear()
    log = training_days(history, config.first_weekday)
    overridden = {o.activity_id for o in history.overrides}
    confirmed = {r.activity_id for r in history.routines if r.confirmed}
    runs = [
        r for r in log.runs if (first is None or r.day >= first) and (last is None or r.day <= last)
    ]
    if json_out:
        print_json(
            [
                run_json(
                    r,
                    r.activity.id in overridden,
                    r.activity.id in confirmed,
                    extra.get(r.activity.id or 0, []),
                )
                for r in runs
            ]
        )
        return
    table = Table(title=f"{len(runs)} runs", title_justify="left")
    for name in ("id", "date", "distance", "time", "type", "speed", "warm-up", "cool-down", "shoe"):
        table.add_column(name)
    for r in runs:
        mark = "*" if r.activity.id in overridden else ""
        check = " ✓" if r.activity.id in confirmed else ""
        table.add_row(
            str(r.activity.id),
            r.day.isoformat(),
            format_distance(r.distance_m, history.units, digits=1),
            format_duration(r.moving_s),
            r.run_type.value + mark,
            f"{r.speed_s / 60:.0f} min",
            _routine(
                r.warm_up.minutes if r.warm_up else None, r.warm_up.kind if r.warm_up else None
            )
            + check,
            _routine(
                r.cool_down.minutes if r.cool_down else None,
                r.cool_down.kind if r.cool_down else None,
            )
            + check,
            ", ".join([r.activity.gear or "", *extra.get(r.activity.id or 0, [])]).strip(", "),
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
    with opened_store(ctx) as store:
        store.set_run_type(run_id, None if choice == "auto" else RunType(choice))
    console.print(
        f"Run {run_id} is "
        + ("classified automatically again." if choice == "auto" else f"a {choice} run.")
    )
