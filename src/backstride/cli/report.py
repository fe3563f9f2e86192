"""`backstride report`: the printable report for a physiotherapist or doctor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backstride.cli.context import (
    EXIT_FAILED,
    console,
    fail,
    parse_date,
    print_json,
    workspace,
)
from backstride.report import render_html, render_pdf
from backstride.services import insights as service


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def _write(path: Path, data: bytes, what: str) -> None:
    """Write next to the target and rename, so a failed write never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        fail(f"cannot write the {what} to {path}: {exc.strerror or exc}", EXIT_FAILED)
    console.print(f"Wrote the {what} to {path}.", soft_wrap=True)


def report_command(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Option("--from", help="First local date (default: 12 weeks before --to)."),
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="Last local date (default today).")
    ] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write the report as PDF here.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the report as HTML here.")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the report's figures as JSON (SI units).")
    ] = False,
) -> None:
    """A report for your physiotherapist or doctor: load, pain, red flags, rule findings,
    plan changes, routines, shoes, insights and your notes over a period (not a diagnosis)."""
    if pdf is None and html is None and not json_out:
        fail("say where the report goes: --pdf FILE, --html FILE or --json")
    since, until = parse_date(first, "--from"), parse_date(last, "--to")
    for path in (pdf, html):
        if path is not None and not path.parent.is_dir():
            fail(f"cannot write to {path}: there is no folder {path.parent}")
    with workspace(ctx) as ws:
        doc = service.report(ws, since, until)
    if json_out:
        print_json(doc.to_json())
    if html is not None:
        _write(html, render_html(doc).encode("utf-8"), "report (HTML)")
    if pdf is not None:
        _write(pdf, render_pdf(doc), "report (PDF)")
