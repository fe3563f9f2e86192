"""The `backstride` command line: each command reads its options, calls one use case in
`backstride.services` and prints its answer."""

from backstride.cli.app import app, main

__all__ = ["app", "main"]
