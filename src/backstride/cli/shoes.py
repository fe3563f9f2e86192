"""`backstride shoes`: pairs of shoes and other gear, their mileage and when to replace them."""

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
from backstride.domain import Units
from backstride.services.manage_shoes import (
    GearChanged,
    GearEdit,
    GearOut,
    add_gear,
    assign_gear,
    change_gear,
    edit_gear,
    flag_worn,
    gear_list,
    make_default,
    retire_gear,
)
from backstride.units import format_distance, parse_distance

shoes_app = typer.Typer(
    help="Shoes and other gear: mileage, replacement, rotation.", no_args_is_help=False
)


def register(app: typer.Typer) -> None:
    app.add_typer(shoes_app, name="shoes")


def gear_table(items: list[GearOut], units: Units) -> Table:
    table = Table(title="Shoes and gear", title_justify="left")
    for name in ("name", "kind", "distance", "replace at", "runs", "last used", "status"):
        table.add_column(name)
    for item in items:
        notes = [item.status] if item.status != "ok" else []
        if item.worn:
            notes.append("reported worn")
        if item.in_rotation:
            notes.append("in rotation")
        if item.default:
            notes.append("default")
        table.add_row(
            item.name,
            item.kind,
            format_distance(item.distance_m, units, digits=1),
            format_distance(item.replace_at_m, units, digits=0) if item.is_shoe else "",
            str(item.activities),
            item.last_used.isoformat() if item.last_used else "",
            ", ".join(notes) or "ok",
        )
    return table


@shoes_app.callback(invoke_without_command=True)
def shoes_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (metres).")] = False,
) -> None:
    """List shoes and gear with their distance, replacement threshold and rotation."""
    if ctx.invoked_subcommand is None:
        _list(ctx, json_out)


@shoes_app.command("list")
def list_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (metres).")] = False,
) -> None:
    """List shoes and gear (the same as `backstride shoes`)."""
    _list(ctx, json_out)


def _list(ctx: typer.Context, json_out: bool) -> None:
    with workspace(ctx) as ws:
        items = gear_list(ws)
        units = ws.athlete().units
    if json_out:
        print_json(items)
        return
    if not items:
        console.print(
            "No shoes yet: they come from your exports, or add a pair with "
            "`backstride shoes add NAME`."
        )
        return
    console.print(gear_table(items, units))


def _distance(text: str | None, units: Units, option: str) -> float | None:
    if text is None:
        return None
    if text.strip() in ("0", "0km", "0mi"):
        return 0.0
    try:
        return parse_distance(text, units)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def _changed(changed: GearChanged, line: str) -> None:
    console.print(line, soft_wrap=True)
    print_replanned(changed.replanned)


@shoes_app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name, e.g. 'Brooks Ghost 15'.")],
    start_distance: Annotated[
        str, typer.Option(help="Distance already run in them, e.g. 120km or 75mi.")
    ] = "0km",
    kind: Annotated[str, typer.Option(help="shoe, brace, socks, ...")] = "shoe",
    replace_at: Annotated[
        str | None,
        typer.Option(help="Replace at this distance (default 250 mi / 402 km, from the config)."),
    ] = None,
    default: Annotated[
        bool, typer.Option("--default", help="New runs without shoes get this pair.")
    ] = False,
) -> None:
    """Add a pair of shoes (or another item of gear, such as a posture brace or socks)."""
    with workspace(ctx) as ws:
        units = ws.athlete().units
        changed = add_gear(
            ws,
            name,
            kind=kind,
            start_distance_m=_distance(start_distance, units, "--start-distance") or 0.0,
            replace_at_m=_distance(replace_at, units, "--replace-at"),
            default=default,
        )
    gear = changed.gear
    _changed(changed, f"Added {gear.kind} {gear.name!r}" + (" as the default." if default else "."))


@shoes_app.command("set")
def set_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name (any case).")],
    replace_at: Annotated[
        str | None, typer.Option(help="Replace at this distance, e.g. 500km; 'default' resets.")
    ] = None,
    start_distance: Annotated[
        str | None, typer.Option(help="Distance run in them before backstride knew them.")
    ] = None,
) -> None:
    """Change a shoe's replacement distance or starting distance."""
    reset = replace_at is not None and replace_at.strip().lower() == "default"
    with workspace(ctx) as ws:
        units = ws.athlete().units
        changed = change_gear(
            ws,
            name,
            replace_at_m=None if reset else _distance(replace_at, units, "--replace-at"),
            default_replace_at=reset,
            start_distance_m=_distance(start_distance, units, "--start-distance"),
        )
    gear = changed.gear
    _changed(changed, f"Updated {gear.name!r}: {format_distance(gear.distance_m, units)} so far.")


@shoes_app.command("rename")
def rename_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name now (any case).")],
    new_name: Annotated[str, typer.Argument(help="Its new name.")],
) -> None:
    """Rename a pair (its runs and mileage stay with it)."""
    with workspace(ctx) as ws:
        changed = edit_gear(ws, name, GearEdit(rename=new_name))
    _changed(changed, f"Renamed to {changed.gear.name!r}.")


@shoes_app.command("retire")
def retire_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name (any case).")],
    undo: Annotated[bool, typer.Option("--undo", help="Put the pair back in use.")] = False,
) -> None:
    """Retire a pair: no more reminders; it stays in the history."""
    with workspace(ctx) as ws:
        changed = retire_gear(ws, name, undo=undo)
    _changed(changed, f"{changed.gear.name!r} is {'back in use' if undo else 'retired'}.")


@shoes_app.command("worn")
def worn_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name (any case).")],
    on: Annotated[
        str | None, typer.Option("--date", help="When you noticed the wear (default today).")
    ] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take the flag back.")] = False,
) -> None:
    """Flag a pair as worn (visible wear, less comfort, a changed stride): replace it now."""
    with workspace(ctx) as ws:
        day = parse_date(on, "--date") or ws.today()
        changed = flag_worn(ws, name, on=day, undo=undo)
    gear = changed.gear
    _changed(
        changed,
        f"{gear.name!r} is no longer flagged worn."
        if undo
        else f"{gear.name!r} is flagged worn since {day}: status will remind you to replace it.",
    )


@shoes_app.command("default")
def default_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name (any case).")],
    none: Annotated[bool, typer.Option("--none", help="No default pair at all.")] = False,
) -> None:
    """Make a pair the default: runs imported or logged without shoes get it."""
    with workspace(ctx) as ws:
        changed = make_default(ws, name, none=none)
    gear = changed.gear
    _changed(
        changed,
        f"{gear.name!r} is no longer the default." if none else f"{gear.name!r} is the default.",
    )


@shoes_app.command("assign")
def assign_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's or gear's name (any case).")],
    activity_ids: Annotated[
        list[int] | None, typer.Argument(help="Activity ids (see `backstride activities`).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Every run from this local date.")] = None,
    until: Annotated[str | None, typer.Option(help="Every run up to this local date.")] = None,
    unassigned: Annotated[
        bool, typer.Option("--unassigned", help="Only runs that have no shoes yet.")
    ] = False,
) -> None:
    """Wear shoes (or a brace, socks) on runs: by id, or every run between two dates."""
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with workspace(ctx) as ws:
        assigned = assign_gear(
            ws, name, activity_ids or [], since=first, until=last, only_without_shoes=unassigned
        )
    console.print(f"{assigned.name!r} is now on {assigned.changed} more activities.")
    print_replanned(assigned.replanned)
