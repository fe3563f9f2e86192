"""What every command shares: the runner's workspace, the console, one way to fail, the
re-plan report, and reading the options every command reads the same way."""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import BaseModel
from rich.console import Console, ConsoleOptions, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.text import Text

from backstride import clock
from backstride.rules import ConfigError
from backstride.services.errors import Invalid, NotFound
from backstride.services.replan import Replanned
from backstride.services.show_plan import NoPlan
from backstride.services.workspace import Workspace
from backstride.store import InputError, StoreError, open_store, resolve_url
from backstride.store.location import config_path

# Control characters a terminal would obey: C0 but tab and newline, DEL, and C1.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class SafeConsole(Console):
    """A console that prints the runner's and their files' text, never their escape
    sequences: an imported name holding `ESC[2J` or `ESC]0;` prints without the ESC.

    Rich's own styling travels in each segment's style, not its text, so it stays.
    """

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not _UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(_UNSAFE.sub("", segment.text), segment.style, segment.control)


# Markup off: runners' shoe names, notes and config keys may hold brackets. Styled
# lines are built with `styled()`, their variable parts escaped.
console = SafeConsole(highlight=False, markup=False)
errors = SafeConsole(stderr=True, highlight=False, markup=False)

EXIT_FAILED = 1
EXIT_USAGE = 2
# What to do next, said after a refusal about these inputs (the web says it its own way).
HINTS = {
    "run_id": "see `backstride activities`",
    "activity_id": "see `backstride activities`",
    "shoe": "add it with `backstride shoes add`",
}
NO_PLAN_HINT = "make one with `backstride plan new --goal weekly:25km`"


def styled(markup: str) -> Text:
    """A line with rich markup; escape every variable part put into it."""
    return Text.from_markup(markup)


@dataclass
class Options:
    db: Path | None = None


def options(ctx: typer.Context) -> Options:
    found = ctx.find_object(Options)
    return found if found is not None else Options()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One clear line on stderr, then exit."""
    errors.print(styled(f"[bold red]error:[/] {escape(message)}"), soft_wrap=True)
    raise typer.Exit(code)


def refusal(exc: InputError) -> str:
    """A refused input in one line, with what to do next where the command line knows."""
    if isinstance(exc, NoPlan):
        return f"{exc}: {NO_PLAN_HINT}"
    field = exc.field if isinstance(exc, Invalid) else None
    hint = HINTS.get(field or "") if isinstance(exc, NotFound) or field == "shoe" else None
    return f"{exc}; {hint}" if hint and "`" not in str(exc) else str(exc)


NOT_AT_FIRST_START = {"screen", "demo", "serve"}  # these ask, or show the web's own prompt


def _first_start(ctx: typer.Context) -> bool:
    """Whether to offer the red-flag questions before this command: on a terminal (input
    and output), once per command, and not for the commands that ask them otherwise."""
    root = ctx.find_root()
    words = ctx.command_path.split()[1:2]
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or set(words) & NOT_AT_FIRST_START:
        return False
    if isinstance(root.meta.get("screening-offered"), bool):
        return False
    root.meta["screening-offered"] = True
    return True


@contextmanager
def workspace(ctx: typer.Context) -> Iterator[Workspace]:
    """The runner's workspace over their store (created or upgraded on first use).

    A refused input or an unusable rules config is a usage error (exit 2), a database
    problem a failure (exit 1): each one line.
    """
    try:
        store = open_store(resolve_url(options(ctx).db))
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    try:
        ws = Workspace.of(store)
        if _first_start(ctx):
            from backstride.cli.screen import offer_screening  # screen imports this module

            offer_screening(ws)
        yield ws
    except InputError as exc:
        fail(refusal(exc), EXIT_USAGE)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    finally:
        store.close()


def rules_config_path(ctx: typer.Context) -> Path:
    """Where this runner's rules config lives (see `store.location.config_path`)."""
    return config_path(resolve_url(options(ctx).db))


def print_json(value: object) -> None:
    """JSON for scripts: a shape (or a list of them) as the API writes it, or plain data."""
    sys.stdout.write(json.dumps(_plain(value), indent=2, ensure_ascii=False) + "\n")


def _plain(value: object) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def print_replanned(result: Replanned, out: Console | None = None) -> None:
    """What the re-plan after a change did: each change with its rule, or why it did not."""
    out = out or console
    if result.problem:
        errors.print(styled(f"[yellow]warning:[/] {escape(result.problem)}"), soft_wrap=True)
    if result.changes:
        out.print(styled("[bold]Plan re-planned:[/]"))
        for c in result.changes:
            out.print(f"  {c.on} {c.rule}: {c.what}", soft_wrap=True)
        out.print("  (details: `backstride plan why DATE`)")


# -- options read the same way by every command ---------------------------------------


# Every date the runner types lies here: runs start from 1970 (as `log run` holds), and
# the far end is the clock's own (a date past it is a typo, and would overflow).
FIRST_DATE = date(1970, 1, 1)
LAST_DATE = clock.LATEST


def parse_date(text: str | None, option: str) -> date | None:
    """An optional YYYY-MM-DD option; one clear line and exit 2 when it is not a date
    or lies outside FIRST_DATE to LAST_DATE."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not a date; write it as YYYY-MM-DD")
    if not FIRST_DATE <= day <= LAST_DATE:
        fail(f"{option} {text} is outside {FIRST_DATE} to {LAST_DATE}; check the year")
    return day


def parse_time(text: str | None, option: str = "--time") -> time | None:
    """An optional HH:MM option."""
    if text is None:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not a time; write it as HH:MM")


def parse_number(text: str, option: str) -> float:
    """A number option (its range is the use case's to check)."""
    try:
        value = float(text)
    except ValueError:
        fail(f"{option} {text!r} is not a number")
    if not math.isfinite(value):
        fail(f"{option} {text!r} is not a number")
    return value


def parse_optional_number(text: str | None, option: str) -> float | None:
    """An optional number option."""
    return None if text is None else parse_number(text, option)


def parse_choice(text: str, option: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed`, in any case."""
    value = text.strip().lower()
    if value not in allowed:
        fail(f"{option} {text!r} must be one of: {', '.join(allowed)}")
    return value
