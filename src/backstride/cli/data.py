"""`backstride export --all`, `restore`, `delete` (one record, or `--everything`), `undo`,
`trash` and `diary`: the runner's data in their hands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride.cli.context import (
    console,
    fail,
    parse_date,
    print_json,
    print_replanned,
    workspace,
)
from backstride.domain.backcare import PainTiming
from backstride.services import backup
from backstride.services.delete_record import (
    check_in_id,
    delete_record,
    diary_entries,
    gear_id,
    trash,
    undo,
)
from backstride.services.edit_record import PainEdit, SessionEdit, edit_pain, edit_session

CONFIRM_WORDS = "delete everything"


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
    app.command("restore")(restore_command)
    app.command("delete")(delete_command)
    app.command("undo")(undo_command)
    app.command("trash")(trash_command)
    app.command("diary")(diary_command)
    app.add_typer(edit_app, name="edit")


# what `delete KIND` takes -> the store's kind
KIND_NAMES = {
    "activity": "activity",
    "run": "activity",
    "pain": "pain",
    "checkin": "check-in",
    "check-in": "check-in",
    "session": "session",
    "shoes": "gear",
    "shoe": "gear",
    "gear": "gear",
}


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
    kind: Annotated[
        str | None,
        typer.Argument(help="activity, pain, checkin, session or shoes", show_default=False),
    ] = None,
    which: Annotated[
        str | None,
        typer.Argument(
            help="The activity's number (`activities`), the pain report's or session's "
            "(`diary`), the check-in's date, or the shoes' name.",
            show_default=False,
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--everything", help="Every record you own and your rules file.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help=f"Do not ask for {CONFIRM_WORDS!r} to be typed.")
    ] = False,
) -> None:
    """Delete one record (into the trash: `backstride undo` brings it back for 30 days), or
    with --everything all your data and your rules file, with no undo."""
    if everything:
        if kind is not None:
            fail("--everything deletes everything: name no record with it")
        _delete_everything(ctx, yes)
        return
    if kind is None or which is None:
        fail("say what to delete: KIND and which one (see --help), or --everything")
    store_kind = KIND_NAMES.get(kind.strip().lower())
    if store_kind is None:
        fail(f"cannot delete {kind!r}: say activity, pain, checkin, session or shoes")
    with workspace(ctx) as ws:
        if store_kind == "check-in":
            day = parse_date(which, "the check-in's date")
            assert day is not None
            record_id = check_in_id(ws, day)
        elif store_kind == "gear":
            record_id = gear_id(ws, which)
        else:
            if not which.strip().isdigit():
                fail(f"{which!r} is not a number: see `backstride activities` or `diary`")
            record_id = int(which)
        deleted = delete_record(ws, store_kind, record_id)
    console.print(
        f"Deleted {deleted.trashed.label}. `backstride undo` brings it back.", soft_wrap=True
    )
    print_replanned(deleted.replanned)


def _delete_everything(ctx: typer.Context, yes: bool) -> None:
    if not yes:
        if not sys.stdin.isatty():
            fail(f"nothing deleted: add --yes, or run it in a terminal and type {CONFIRM_WORDS!r}")
        typed = typer.prompt(f"This cannot be undone. Type {CONFIRM_WORDS!r} to go on")
        if typed.strip().lower() != CONFIRM_WORDS:
            fail("nothing deleted: the words did not match")
    with workspace(ctx) as ws:
        counted = backup.delete_everything(ws)
    _print("Deleted:", counted, "your rules file")


def undo_command(
    ctx: typer.Context,
    which: Annotated[
        int | None,
        typer.Argument(
            help="The trash item's number (`trash`); default the latest.", show_default=False
        ),
    ] = None,
) -> None:
    """Bring back the record you deleted last (or the one named), as it was."""
    with workspace(ctx) as ws:
        restored = undo(ws, which)
    console.print(f"Brought back {restored.trashed.label}.", soft_wrap=True)
    print_replanned(restored.replanned)


def trash_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What you deleted in the last 30 days, which `backstride undo N` brings back."""
    with workspace(ctx) as ws:
        items = trash(ws)
        zone = ws.athlete().time_zone
    if json_out:
        print_json(items)
        return
    if not items:
        console.print("The trash is empty.")
    for item in items:
        when = item.deleted_at.astimezone(ZoneInfo(zone))
        console.print(f"  {item.id}  {item.label} (deleted {when:%d %b %H:%M})", soft_wrap=True)


def diary_command(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(help="First local date (default: 4 weeks ago).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Your pain reports, check-ins and sessions, each with its number (for `delete`)."""
    first = parse_date(since, "--since")
    with workspace(ctx) as ws:
        entries = diary_entries(ws, first)
    if json_out:
        print_json([e.__dict__ for e in entries])
        return
    if not entries:
        console.print("Nothing logged in that time.")
    for e in entries:
        console.print(f"  {e.kind:<8} {e.number:>5}  {e.when}  {e.what}", soft_wrap=True)


edit_app = typer.Typer(help="Correct a pain report or a session you logged (see `diary`).")


@edit_app.command("pain")
def edit_pain_command(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The pain report's number (`diary`).")],
    score: Annotated[float | None, typer.Option(help="Pain 0-10.")] = None,
    when: Annotated[
        str | None, typer.Option(help="before, during, after, next-morning or other.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note ('' clears it).")] = None,
    numbness: Annotated[
        bool | None, typer.Option("--numbness/--no-numbness", help="Numbness with it.")
    ] = None,
) -> None:
    """Correct a pain report; the plan is checked again."""
    timing = None
    if when is not None:
        try:
            timing = PainTiming(when.strip().lower())
        except ValueError:
            fail(f"--when {when!r} must be one of: {', '.join(t.value for t in PainTiming)}")
    with workspace(ctx) as ws:
        done = edit_pain(
            ws, number, PainEdit(score=score, timing=timing, note=note, numbness=numbness)
        )
    console.print(f"Corrected: pain {done.saved.score:g}/10 ({done.saved.timing.value}).")
    print_replanned(done.replanned)


@edit_app.command("session")
def edit_session_command(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The session's number (`diary`).")],
    minutes: Annotated[float | None, typer.Option(help="How long, in minutes.")] = None,
    rpe: Annotated[float | None, typer.Option(help="How hard it felt, 0-10.")] = None,
) -> None:
    """Correct a session; the plan is checked again."""
    with workspace(ctx) as ws:
        done = edit_session(ws, number, SessionEdit(minutes=minutes, rpe=rpe))
    saved = done.saved
    console.print(f"Corrected: {saved.kind.value} session of {saved.minutes:g} min.")
    print_replanned(done.replanned)
