"""`backstride demo`: a realistic history in a throwaway database, served in the browser."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride import clock
from backstride.cli.context import console, fail
from backstride.cli.render import activities_table
from backstride.cli.serve import serve
from backstride.cli.shoes import gear_table
from backstride.demo import demo_diary, demo_runs, save_diary, write_strava_export
from backstride.demo.history import DEMO_ZONE
from backstride.services.activities import list_activities
from backstride.services.change_settings import change_profile
from backstride.services.import_files import import_files
from backstride.services.manage_shoes import gear_list
from backstride.services.workspace import Workspace
from backstride.store import open_store
from backstride.web.server import DEFAULT_HOST, DEFAULT_PORT


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    folder: Annotated[
        Path | None,
        typer.Option(help="Keep the demo export and database here (default: a temporary folder)."),
    ] = None,
    weeks: Annotated[int, typer.Option(min=4, max=520, help="Weeks of history.")] = 78,
    serve_app: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve",
            help="Serve the web app on the demo history until Ctrl+C (--no-serve: only "
            "import it and print it).",
        ),
    ] = True,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = DEFAULT_HOST,
    port: Annotated[
        int,
        typer.Option(min=1, max=65535, help="Port to serve on; a free one if it is taken."),
    ] = DEFAULT_PORT,
) -> None:
    """Make 18 months of sample running, import it as a Strava export and serve it in the
    browser (with --no-serve: print it)."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="backstride-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.db"
    if database.exists():
        fail(f"{database} exists already; choose an empty --folder")
    console.print(f"Writing {weeks} weeks of sample running as a Strava export ...")
    today = clock.today(DEMO_ZONE)
    runs = demo_runs(today, weeks=weeks)
    export = write_strava_export(runs, folder / "strava-export.zip")
    url = f"sqlite:///{database}"
    with open_store(url) as store:
        ws = Workspace.of(store)
        athlete = change_profile(ws, name="Demo runner", time_zone=DEMO_ZONE).athlete
        report = import_files(ws, [export]).report
        diary = save_diary(store, demo_diary(runs, today, weeks=weeks))  # the sample diary
        recent = list_activities(ws, shaped=False).activities[-15:]
        gear = gear_list(ws)
    console.print(
        f"Imported {report.imported} activities ({report.duplicates} duplicates, "
        f"{report.files_failed} failed) from {export}, and {diary} diary entries (pain, "
        "check-ins, core sessions, screenings).",
        soft_wrap=True,
    )
    command = _command_name()
    if serve_app:
        console.print(f"The demo database is {database}.", soft_wrap=True)
        serve(url, host, port, any_free_port=True)
        console.print(f"Serve it again with: {command} --db {database} serve", soft_wrap=True)
        return
    console.print(activities_table(recent, athlete.units, ZoneInfo(athlete.time_zone)))
    console.print(gear_table(gear, athlete.units))
    console.print(f"\nThe demo database is {database}. Look around with:")
    console.print(
        f"  {command} --db {database} activities --since {today.replace(day=1)}",
        soft_wrap=True,
    )
    console.print(f"  {command} --db {database} shoes", soft_wrap=True)
    console.print(f"  {command} --db {database} serve", soft_wrap=True)


def _command_name() -> str:
    """How the runner started us, so the hints can be pasted as they are."""
    started = Path(sys.argv[0])
    if started.name == "backstride" and shutil.which("backstride") != str(started.resolve()):
        return os.path.relpath(started) if not started.is_absolute() else str(started)
    return "backstride"
