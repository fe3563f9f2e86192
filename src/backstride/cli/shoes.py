"""`backstride shoes`: pairs of shoes and other gear, with their mileage."""

from __future__ import annotations

from typing import Annotated

import typer

from backstride.cli.context import console, fail, opened_store, print_json
from backstride.cli.render import gear_json, gear_table
from backstride.units import parse_distance

shoes_app = typer.Typer(help="Shoes and other gear, with their mileage.", no_args_is_help=False)


def register(app: typer.Typer) -> None:
    app.add_typer(shoes_app, name="shoes")


@shoes_app.callback(invoke_without_command=True)
def shoes_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (metres).")] = False,
) -> None:
    """List shoes and gear with the distance run in them (starting distance included)."""
    if ctx.invoked_subcommand is not None:
        return
    with opened_store(ctx) as store:
        athlete = store.athlete()
        gear = store.gear()
    if json_out:
        print_json([gear_json(g) for g in gear])
        return
    if not gear:
        console.print(
            "No shoes yet: they come from your exports, or add a pair with "
            "`backstride shoes add NAME`."
        )
        return
    console.print(gear_table(gear, athlete.units))


@shoes_app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name, e.g. 'Brooks Ghost 15'.")],
    start_distance: Annotated[
        str, typer.Option(help="Distance already run in them, e.g. 120km or 75mi.")
    ] = "0km",
    kind: Annotated[str, typer.Option(help="shoe, brace, socks, ...")] = "shoe",
) -> None:
    """Add a pair of shoes (or another item of gear)."""
    if not name.strip():
        fail("a shoe needs a name")
    with opened_store(ctx) as store:
        units = store.athlete().units
        try:
            metres = (
                0.0
                if start_distance.strip() in ("0", "0km", "0mi")
                else parse_distance(start_distance, units)
            )
        except ValueError as exc:
            fail(str(exc))
        gear = store.add_gear(name.strip(), kind=kind, start_distance_m=metres)
    console.print(f"Added {gear.kind} {gear.name!r}.")
