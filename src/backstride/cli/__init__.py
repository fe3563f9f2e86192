"""The `backstride` command line: thin commands over the core and the store."""

from backstride.cli.app import app, main

__all__ = ["app", "main"]
