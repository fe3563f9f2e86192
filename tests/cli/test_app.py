"""Every command, found by walking the Typer tree (no hand-kept list): it has help text
that `--help` prints, and the README shows it in use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from clitools import runner

from backstride.cli.app import app

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)
README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[tuple[str, ...], Any]]:
    """Every command and group below the root, with its path of names (Typer's own click
    commands: a group has `commands`)."""
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(path: tuple[str, ...], command: Any) -> None:
        if path:
            found.append((path, command))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk((*path, name), sub)

    walk((), typer.main.get_command(app))
    return found


COMMANDS = _commands()


def test_the_walk_finds_the_whole_tree() -> None:
    paths = {" ".join(path) for path, _ in COMMANDS}
    assert {"import", "log pain", "config unset", "plan why", "routine run", "serve"} <= paths
    assert len(paths) >= 40


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_and_is_in_the_readme(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help is not None and command.help.split("\n")[0][:30] in result.stdout
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help text"
    assert f"backstride {' '.join(path)}" in README, f"the README never shows {' '.join(path)}"
