"""What can go wrong with the database, as one line a runner can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot do what was asked. The message is one line: what and why."""


class NotFound(StoreError):
    """The runner named something the database does not hold (a shoe, a run): bad input."""
