"""`backstride demo`: a realistic history, imported into a throwaway database."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride.cli.context import console, fail
from backstride.cli.render import activities_table, gear_table
from backstride.demo import demo_runs, write_strava_export
from backstride.demo.history import DEMO_ZONE
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    folder: Annotated[
        Path | None,
        typer.Option(help="Keep the demo export and database here (default: a temporary folder)."),
    ] = None,
    weeks: Annotated[int, typer.Option(min=4, max=520, help="Weeks of history.")] = 78,
) -> None:
    """Make 18 months of sample running, import it as a Strava export and show it."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="backstride-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.db"
    if database.exists():
        fail(f"{database} exists already; choose an empty --folder")
    console.print(f"Writing {weeks} weeks of sample running as a Strava export ...")
    export = write_strava_export(demo_runs(date.today(), weeks=weeks), folder / "strava-export.zip")
    with open_store(f"sqlite:///{database}") as store:
        store.update_athlete(name="Demo runner", time_zone=DEMO_ZONE)
        report = import_paths(store, [export])
        athlete = store.athlete()
        recent = store.activities()[-15:]
        gear = store.gear()
    console.print(
        f"Imported {report.imported} activities ({report.duplicates} duplicates, "
        f"{report.files_failed} failed) from {export}."
    )
    console.print(activities_table(recent, athlete.units, ZoneInfo(athlete.time_zone)))
    console.print(gear_table(gear, athlete.units))
    command = _command_name()
    console.print(f"\nThe demo database is {database}. Look around with:")
    console.print(
        f"  {command} --db {database} activities --since {date.today().replace(day=1)}",
        soft_wrap=True,
    )
    console.print(f"  {command} --db {database} shoes", soft_wrap=True)


def _command_name() -> str:
    """How the runner started us, so the hints can be pasted as they are."""
    started = Path(sys.argv[0])
    if started.name == "backstride" and shutil.which("backstride") != str(started.resolve()):
        return os.path.relpath(started) if not started.is_absolute() else str(started)
    return "backstride"
