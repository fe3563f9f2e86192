"""The root `backstride` command and its global options."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from backstride import __version__, clock
from backstride.cli import (
    activities,
    data,
    demo,
    importing,
    insights,
    log,
    plan,
    report,
    routine,
    runs,
    screen,
    serve,
    settings,
    shoes,
    status,
)
from backstride.cli.context import EXIT_FAILED, Options, errors, fail
from backstride.cli.welcome import welcome_or_help

app = typer.Typer(
    name="backstride",
    help="Keep running with a bad back: import your runs, track shoes and pain, "
    "check every week against the back-care rules.",
    no_args_is_help=False,  # `backstride` alone: a welcome on an empty database, else help
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"backstride {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="SQLite file to use (default: your data folder; "
            "BACKSTRIDE_DATABASE_URL takes any SQLAlchemy URL).",
            envvar=None,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """backstride: running with a bad back, one rule at a time."""
    try:
        clock.check()
    except clock.ClockError as exc:
        fail(str(exc))
    ctx.obj = Options(db=db)
    if ctx.invoked_subcommand is None:
        welcome_or_help(ctx)


importing.register(app)
activities.register(app)
log.register(app)
shoes.register(app)
runs.register(app)
screen.register(app)
status.register(app)
settings.register(app)
demo.register(app)
serve.register(app)
plan.register(app)
routine.register(app)
insights.register(app)
report.register(app)
data.register(app)


DEBUG_VARIABLE = "BACKSTRIDE_DEBUG"


def main() -> None:
    """The `backstride` command: a bug is one line (the traceback with BACKSTRIDE_DEBUG=1)."""
    try:
        app()
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        errors.print(
            f"backstride hit a bug: {bug_summary(exc)}; "
            f"run again with {DEBUG_VARIABLE}=1 for details",
            soft_wrap=True,
        )
        sys.exit(EXIT_FAILED)


def bug_summary(exc: BaseException) -> str:
    """The kind of failure and the start of its message, on one line."""
    first = str(exc).splitlines()[0] if str(exc) else ""
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return text[:160]
