"""`backstride activities`: what has been imported."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride.cli.context import console, fail, opened_store, parse_date, print_json
from backstride.cli.render import activities_table, activity_json
from backstride.domain import Sport


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
    if first and last and first > last:
        fail(f"--since {first} is after --until {last}")
    with opened_store(ctx) as store:
        athlete = store.athlete()
        found = store.activities(since=first, until=last, sport=sport)
        sources = store.source_files() if json_out else {}
    if json_out:
        print_json([activity_json(a, sources.get(a.id or 0, [])) for a in found])
        return
    console.print(activities_table(found, athlete.units, ZoneInfo(athlete.time_zone)))
