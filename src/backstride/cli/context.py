"""What every command shares: the chosen database, the console, one way to fail."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from backstride.store import Store, StoreError, open_store, resolve_url

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass
class Options:
    db: Path | None = None


def options(ctx: typer.Context) -> Options:
    found = ctx.find_object(Options)
    return found if found is not None else Options()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One clear line on stderr, then exit."""
    errors.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def opened_store(ctx: typer.Context) -> Iterator[Store]:
    """The runner's store, created or upgraded on first use."""
    try:
        url = resolve_url(options(ctx).db)
        store = open_store(url)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    try:
        yield store
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    finally:
        store.close()


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")
