"""`backstride export --all`, `restore` and `delete --everything`: the runner's data in
their hands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from backstride.cli.context import console, fail, workspace
from backstride.services import backup

CONFIRM_WORDS = "delete everything"


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("restore")(restore_command)
    app.command("delete")(delete_command)


def _print(title: str, counted: backup.Counted, rules: str) -> None:
    console.print(title, soft_wrap=True)
    for line in counted.lines() or ["nothing: there was no data"]:
        console.print(f"  {line}", soft_wrap=True)
    if counted.rules_file:
        console.print(f"  {rules}", soft_wrap=True)


def export_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The archive to write (a .zip file).")],
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Everything you own: runs with their tracks, shoes, pain, "
            "check-ins, sessions, screening, plans and your rules file.",
        ),
    ] = False,
) -> None:
    """Write everything you own to one archive (zip of documented JSON), to keep or to
    restore with `backstride restore`. (The training plan's calendar: `plan export`.)"""
    if not everything:
        fail("say what to export: --all writes everything you own to FILE")
    with workspace(ctx) as ws:
        counted = backup.export_everything(ws, file)
    _print(f"Wrote everything to {file}:", counted, "your rules file")


def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An archive written by `backstride export --all`.")],
) -> None:
    """Restore an archive from `export --all` into a database that holds no data yet."""
    with workspace(ctx) as ws:
        counted = backup.restore_everything(ws, file)
    _print(f"Restored from {file}:", counted, "your rules file")


def delete_command(
    ctx: typer.Context,
    everything: Annotated[
        bool, typer.Option("--everything", help="Every record you own and your rules file.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help=f"Do not ask for {CONFIRM_WORDS!r} to be typed.")
    ] = False,
) -> None:
    """Delete all your data: runs, tracks, shoes, pain, check-ins, sessions, screening,
    plans and your rules file. There is no undo: `export --all` first to keep a copy."""
    if not everything:
        fail("say what to delete: --everything removes all your data")
    if not yes:
        if not sys.stdin.isatty():
            fail(f"nothing deleted: add --yes, or run it in a terminal and type {CONFIRM_WORDS!r}")
        typed = typer.prompt(f"This cannot be undone. Type {CONFIRM_WORDS!r} to go on")
        if typed.strip().lower() != CONFIRM_WORDS:
            fail("nothing deleted: the words did not match")
    with workspace(ctx) as ws:
        counted = backup.delete_everything(ws)
    _print("Deleted:", counted, "your rules file")
