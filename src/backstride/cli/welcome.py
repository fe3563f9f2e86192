"""`backstride` on its own: on an empty database, the first steps (as the Welcome page
gives them); otherwise the commands."""

from __future__ import annotations

import typer

from backstride.cli.context import console, workspace
from backstride.rules import RED_FLAGS
from backstride.services.first_run import EXPORT_SOURCES, is_first_run


def welcome_or_help(ctx: typer.Context) -> None:
    ctx.find_root().meta["screening-offered"] = True  # the welcome's step 2 asks for it
    with workspace(ctx) as ws:
        first = is_first_run(ws)
    if not first:
        console.print(ctx.get_help(), markup=False)
        return
    lines = [
        "Welcome to backstride. It keeps your running within what your back can take: every",
        "week against the back-care rules, a plan that adapts to your pain, and the reason",
        "behind every change. Everything stays on this computer. Three steps:",
        "",
        "1. About you: your units, time zone and the day your week starts.",
        '     backstride profile --name "Sam" --units mi --time-zone Europe/London',
        "     backstride config set week_start monday",
        f"2. The {len(RED_FLAGS)} red-flag questions: signs that need a clinician before you run.",
        "     backstride screen",
        "3. Bring your running history, as the export comes (zipped):",
    ]
    for source in EXPORT_SOURCES:
        lines.append(f"   From {source.name}:")
        lines.extend(f"     - {step}" for step in source.steps)
    lines += [
        "   Then import the zip as it is:",
        "     backstride import ~/Downloads/export_12345678.zip",
        "   Watch files (FIT, GPX, TCX, also .gz) and folders of them import the same way.",
        "",
        "Or do all of it in your browser: backstride serve",
        "Every command: backstride --help",
    ]
    console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)
