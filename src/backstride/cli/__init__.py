"""The `backstride` command line: each command reads its options, calls one use case in
`backstride.services` and prints its answer. The commands live in `backstride.cli.app`.

Importing this package loads nothing else: the console script imports it, and so does
every worker process an import starts (a worker re-imports the main script), which must
not pay for the whole application (typer, the store, the web app) before it decodes.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """The console script's entry point."""
    from backstride.cli.app import main as run

    run()
