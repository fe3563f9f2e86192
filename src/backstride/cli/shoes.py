"""`backstride shoes`: pairs of shoes and other gear, their mileage and when to replace them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from backstride.cli.context import (
    console,
    fail,
    opened_store,
    parse_day,
    print_json,
    rules_config,
    today_in,
)
from backstride.domain import Sport, Units
from backstride.rules import REGISTRY, RulesConfig
from backstride.store import GearItem
from backstride.units import format_distance, parse_distance

shoes_app = typer.Typer(
    help="Shoes and other gear: mileage, replacement, rotation.", no_args_is_help=False
)
ROTATION_DAYS = 30  # a pair worn in the last 30 days is in rotation


def register(app: typer.Typer) -> None:
    app.add_typer(shoes_app, name="shoes")


def shoe_limits(item: GearItem, config: RulesConfig) -> tuple[float, float]:
    """Replace-at and remind-from distances (metres) for a shoe under this config."""
    params = config.params(REGISTRY["shoe-mileage"])
    replace_at = item.replace_at_m or params["replace_at_m"]
    return replace_at, replace_at * params["remind_from_pct"] / 100


def gear_status(item: GearItem, config: RulesConfig) -> str:
    """retired, replace (worn or over the threshold), replace-soon (from 90%), ok."""
    if item.gear.retired:
        return "retired"
    if not item.is_shoe:
        return "ok"
    replace_at, remind_at = shoe_limits(item, config)
    if item.worn or item.gear.distance_m >= replace_at - 1e-9:
        return "replace"
    if item.gear.distance_m >= remind_at - 1e-9:
        return "replace-soon"
    return "ok"


def _last_used(item: GearItem, zone: ZoneInfo) -> date | None:
    return item.last_used_utc.astimezone(zone).date() if item.last_used_utc else None


def in_rotation(item: GearItem, zone: ZoneInfo, today: date) -> bool:
    used = _last_used(item, zone)
    return (
        not item.gear.retired and used is not None and used >= today - timedelta(days=ROTATION_DAYS)
    )


def gear_item_json(
    item: GearItem, config: RulesConfig, zone: ZoneInfo, today: date
) -> dict[str, object]:
    """The documented JSON shape of one item of gear (metres)."""
    used = _last_used(item, zone)
    return {
        "id": item.gear.id,
        "name": item.gear.name,
        "kind": item.gear.kind,
        "distance_m": item.gear.distance_m,
        "start_distance_m": item.gear.start_distance_m,
        "activities": item.gear.activity_count,
        "retired": item.gear.retired,
        "replace_at_m": shoe_limits(item, config)[0] if item.is_shoe else None,
        "worn": item.worn,
        "worn_on": item.worn_on.isoformat() if item.worn_on else None,
        "default": item.is_default,
        "status": gear_status(item, config),
        "in_rotation": in_rotation(item, zone, today),
        "last_used": used.isoformat() if used else None,
    }


def gear_items_table(
    items: list[GearItem], config: RulesConfig, units: Units, zone: ZoneInfo, today: date
) -> Table:
    table = Table(title="Shoes and gear", title_justify="left")
    for name in ("name", "kind", "distance", "replace at", "runs", "last used", "status"):
        table.add_column(name)
    for item in items:
        state = gear_status(item, config)
        notes = [state] if state != "ok" else []
        if item.worn:
            notes.append("reported worn")
        if in_rotation(item, zone, today):
            notes.append("in rotation")
        if item.is_default:
            notes.append("default")
        used = _last_used(item, zone)
        table.add_row(
            item.gear.name,
            item.gear.kind,
            format_distance(item.gear.distance_m, units, digits=1),
            format_distance(shoe_limits(item, config)[0], units, digits=0) if item.is_shoe else "",
            str(item.gear.activity_count),
            used.isoformat() if used else "",
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
    config = rules_config(ctx)
    with opened_store(ctx) as store:
        athlete = store.athlete()
        items = store.gear_items()
    zone = ZoneInfo(athlete.time_zone)
    today = today_in(athlete.time_zone)
    if json_out:
        print_json([gear_item_json(i, config, zone, today) for i in items])
        return
    if not items:
        console.print(
            "No shoes yet: they come from your exports, or add a pair with "
            "`backstride shoes add NAME`."
        )
        return
    console.print(gear_items_table(items, config, athlete.units, zone, today))


def _distance(text: str | None, units: Units, option: str) -> float | None:
    if text is None:
        return None
    if text.strip() in ("0", "0km", "0mi"):
        return 0.0
    try:
        return parse_distance(text, units)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def _replace_at(text: str | None, units: Units) -> float | None:
    metres = _distance(text, units, "--replace-at")
    if metres is not None and not 50_000 <= metres <= 2_000_000:
        fail(f"--replace-at {text} is out of range: between 50 km (31 mi) and 2000 km (1243 mi)")
    return metres


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
    if not name.strip():
        fail("a shoe needs a name")
    with opened_store(ctx) as store:
        units = store.athlete().units
        metres = _distance(start_distance, units, "--start-distance") or 0.0
        limit = _replace_at(replace_at, units)
        gear = store.add_gear(
            name.strip(), kind=kind, start_distance_m=metres, replace_at_m=limit, default=default
        )
    console.print(f"Added {gear.kind} {gear.name!r}" + (" as the default." if default else "."))


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
    with opened_store(ctx) as store:
        units = store.athlete().units
        reset = replace_at is not None and replace_at.strip().lower() == "default"
        limit = None if reset else _replace_at(replace_at, units)
        start = _distance(start_distance, units, "--start-distance")
        gear = store.update_gear(
            name, replace_at_m=limit, clear_replace_at=reset, start_distance_m=start
        )
    console.print(f"Updated {gear.name!r}: {format_distance(gear.distance_m, units, 1)} so far.")


@shoes_app.command("retire")
def retire_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name (any case).")],
    undo: Annotated[bool, typer.Option("--undo", help="Put the pair back in use.")] = False,
) -> None:
    """Retire a pair: no more reminders; it stays in the history."""
    with opened_store(ctx) as store:
        gear = store.update_gear(name, retired=not undo)
    console.print(f"{gear.name!r} is {'back in use' if undo else 'retired'}.")


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
    with opened_store(ctx) as store:
        day = parse_day(on, "--date", today_in(store.athlete().time_zone))
        gear = store.update_gear(name, worn=not undo, worn_on=day)
    console.print(
        f"{gear.name!r} is no longer flagged worn."
        if undo
        else f"{gear.name!r} is flagged worn since {day}: status will remind you to replace it."
    )


@shoes_app.command("default")
def default_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name (any case).")],
    none: Annotated[bool, typer.Option("--none", help="No default pair at all.")] = False,
) -> None:
    """Make a pair the default: runs imported or logged without shoes get it."""
    with opened_store(ctx) as store:
        gear = store.update_gear(name, default=not none)
    console.print(
        f"{gear.name!r} is no longer the default." if none else f"{gear.name!r} is the default."
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
    ids = list(activity_ids or [])
    if not ids and since is None and until is None:
        fail("name the runs: give activity ids, or --since and/or --until")
    with opened_store(ctx) as store:
        athlete = store.athlete()
        today = today_in(athlete.time_zone)
        if since is not None or until is not None:
            first = parse_day(since, "--since", today) if since else None
            last = parse_day(until, "--until", today) if until else None
            if first and last and first > last:
                fail(f"--since {first} is after --until {last}")
            ids += [
                a.id
                for a in store.activities(since=first, until=last, sport=Sport.RUN)
                if a.id is not None
            ]
        changed = store.assign_gear(name, ids, only_without_shoes=unassigned)
    console.print(f"{name.strip()!r} is now on {changed} more activities.")
