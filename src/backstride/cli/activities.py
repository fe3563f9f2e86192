"""`backstride activities`: what has been imported."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride.cli.context import console, parse_date, print_json, workspace
from backstride.cli.render import activities_table
from backstride.domain import Sport
from backstride.services.activities import list_activities


def register(app: typer.Typer) -> None:
    app.command("activities")(activities_command)


def activities_command(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="First local date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last local date, YYYY-MM-DD.")] = None,
    sport: Annotated[Sport | None, typer.Option(help="Only this sport.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """List activities, in your units; --json for scripts."""
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with workspace(ctx) as ws:
        found = list_activities(ws, since=first, until=last, sport=sport, shaped=json_out)
        athlete = ws.athlete()
    if json_out:
        print_json(found.items)
        return
    console.print(activities_table(found.activities, athlete.units, ZoneInfo(athlete.time_zone)))
