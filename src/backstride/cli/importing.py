"""`backstride import PATH...`: files, folders and exports, then the re-plan."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from backstride.cli.context import (
    EXIT_FAILED,
    console,
    errors,
    print_json,
    print_replanned,
    styled,
    workspace,
)
from backstride.ingest.pipeline import ImportReport
from backstride.services.import_files import import_files


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)


def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="FIT, GPX or TCX files (also .gz), folders, or a Strava or Garmin export zip.",
            show_default=False,
        ),
    ],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, max=32, help="Decoder processes.")
    ] = None,
    log_progress: Annotated[
        bool,
        typer.Option(
            "--log-progress",
            help="A line on stderr as each file is done and saved ('N of M files'), "
            "for logs and scripts.",
        ),
    ] = False,
    include_deleted: Annotated[
        bool,
        typer.Option(
            "--include-deleted",
            help="Bring back activities you deleted when their files come again.",
        ),
    ] = False,
) -> None:
    """Import every activity from files, folders and exports. Safe to run twice; what you
    deleted stays deleted."""
    show_bar = not quiet and not json_out and console.is_terminal
    with workspace(ctx) as ws:
        progress = Progress(
            TextColumn("importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            disable=not show_bar,
            transient=True,
        )
        with progress:
            task = progress.add_task("import", total=None)
            files = [0]

            def total_hint(total: int) -> None:
                files[0] = total
                progress.update(task, total=total)

            def done_one(done: int, _bytes: int) -> None:
                progress.update(task, completed=done)
                if log_progress:
                    sys.stderr.write(f"{done} of {files[0]} files\n")
                    sys.stderr.flush()

            try:
                imported = import_files(
                    ws,
                    paths,
                    workers=workers,
                    progress=done_one,
                    total_hint=total_hint,
                    include_deleted=include_deleted,
                )
            except KeyboardInterrupt:
                errors.print(
                    "interrupted: everything imported so far is saved; "
                    "run the same command again to finish."
                )
                raise typer.Exit(130) from None
    report = imported.report
    if json_out:
        print_json(report.as_dict())
    else:
        _print_report(report, quiet)
    print_replanned(imported.replanned, errors if json_out else None)
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


def _print_report(report: ImportReport, quiet: bool) -> None:
    if not quiet:
        for line in report.warnings:
            errors.print(styled(f"[yellow]warning:[/] {escape(line)}"), soft_wrap=True)
    for line in report.failed:
        errors.print(styled(f"[red]failed:[/] {escape(line)}"), soft_wrap=True)
    parts = [
        f"{report.imported} imported",
        f"{report.merged} merged with the same run from another source",
        f"{report.duplicates} duplicates",
        f"{report.skipped} skipped (not activities)",
        f"{report.files_failed} failed",
    ]
    if report.deleted:
        parts.insert(3, f"{report.deleted} deleted by you (kept out; --include-deleted)")
    console.print("; ".join(parts) + ".", soft_wrap=True)
