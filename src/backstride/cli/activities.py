"""`backstride activities`: what has been imported; `backstride activity show|edit ID`: one
activity with its laps, and its corrections."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride.cli.context import console, parse_date, print_json, print_replanned, workspace
from backstride.cli.render import activities_table, laps_table
from backstride.domain import Sport
from backstride.services.activities import (
    LapOut,
    activity,
    activity_laps,
    activity_out,
    list_activities,
)
from backstride.services.edit_activity import ActivityEdit, edit_activity

activity_app = typer.Typer(help="One activity: see it with its laps, or correct it.")


def register(app: typer.Typer) -> None:
    app.command("activities")(activities_command)
    app.add_typer(activity_app, name="activity")


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


@activity_app.command("show")
def show_command(
    ctx: typer.Context,
    activity_id: Annotated[int, typer.Argument(help="The activity's number (see `activities`).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """One activity in your units, with the laps your watch recorded; --json for scripts."""
    with workspace(ctx) as ws:
        shown = activity(ws, activity_id)
        laps = activity_laps(ws, activity_id)
        out = activity_out(ws, shown)
        athlete = ws.athlete()
    if json_out:
        print_json({"activity": out, "laps": [LapOut.of(lap) for lap in laps]})
        return
    console.print(activities_table([shown], athlete.units, ZoneInfo(athlete.time_zone)))
    if shown.rpe is not None:
        console.print(f"Effort: {shown.rpe:g}/10")
    if shown.notes:
        console.print(f"Notes: {shown.notes}", soft_wrap=True, markup=False)
    if laps:
        console.print(laps_table(laps, athlete.units, shown.is_run))
    else:
        console.print("No laps in this activity's file.")


@activity_app.command("edit")
def edit_command(
    ctx: typer.Context,
    activity_id: Annotated[int, typer.Argument(help="The activity's number (see `activities`).")],
    name: Annotated[str | None, typer.Option(help='A name; "" removes it.')] = None,
    sport: Annotated[Sport | None, typer.Option(help="What it was.")] = None,
    rpe: Annotated[float | None, typer.Option(help="How hard it felt, 0-10.")] = None,
    notes: Annotated[str | None, typer.Option(help='Notes; "" removes them.')] = None,
    run_type: Annotated[
        str | None, typer.Option(help="easy, long, speed, race, or auto (detect again).")
    ] = None,
    shoe: Annotated[str | None, typer.Option(help="The shoes it was run in.")] = None,
) -> None:
    """Correct an activity's name, sport, effort, notes, run type or shoes; then re-plan."""
    with workspace(ctx) as ws:
        edited = edit_activity(
            ws,
            activity_id,
            ActivityEdit(
                run_type=run_type,
                shoe=shoe,
                name=name,
                sport=sport.value if sport else None,
                rpe=rpe,
                notes=notes,
            ),
        )
    said = ", ".join(edited.changed) or "nothing: it already says so"
    console.print(f"Changed {said}.", soft_wrap=True, markup=False)
    print_replanned(edited.replanned)
