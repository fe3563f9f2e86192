"""What every command shares: the chosen database, the console, one way to fail."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from backstride import clock
from backstride.rules import ConfigError, RulesConfig, load_config
from backstride.store import InputError, Store, StoreError, open_store, resolve_url
from backstride.store.location import config_path

# Markup off: runners' shoe names, notes and config keys may hold brackets. Styled
# lines are built with `styled()`, their variable parts escaped.
console = Console(highlight=False, markup=False)
errors = Console(stderr=True, highlight=False, markup=False)


def styled(markup: str) -> Text:
    """A line with rich markup; escape every variable part put into it."""
    return Text.from_markup(markup)


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
    errors.print(styled(f"[bold red]error:[/] {escape(message)}"), soft_wrap=True)
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
    except InputError as exc:
        fail(str(exc), EXIT_USAGE)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    finally:
        store.close()


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def rules_config_path(ctx: typer.Context) -> Path:
    """Where this runner's rules config lives (see `store.location.config_path`)."""
    return config_path(resolve_url(options(ctx).db))


def rules_config(ctx: typer.Context) -> RulesConfig:
    """The runner's rules config, every default when there is no file; one line on error."""
    path = rules_config_path(ctx)
    if not path.exists():
        return RulesConfig()
    try:
        return load_config(path.read_text(encoding="utf-8"))
    except ConfigError as exc:
        fail(f"{path}: {exc}")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read the rules config {path}: {exc}")


def parse_date(text: str | None, option: str) -> date | None:
    """An optional YYYY-MM-DD option; one clear line and exit 2 when it is not a date."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r} is not a date; write it as YYYY-MM-DD")


def parse_day(text: str | None, option: str, today: date) -> date:
    """A local date from the command line: today when None; never in the future."""
    day = parse_date(text, option)
    if day is None:
        return today
    if day > today:
        fail(f"{option} {day} is in the future (today is {today})")
    return day


def today_in(zone: str) -> date:
    """Today's date on the runner's clock."""
    return clock.today(zone)
