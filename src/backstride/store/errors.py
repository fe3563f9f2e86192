"""What can go wrong with the database, as one line a runner can act on."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot do what was asked. The message is one line: what and why."""


class InputError(StoreError):
    """The runner asked for something wrong (an unknown shoe or run, a duplicate name):
    nothing was written. The CLI exits 2 on it, like any bad input."""


class AlreadyImported(StoreError):
    """A file is already in the database (most often another import stored it a moment
    ago): nothing was written, and nothing is lost."""

    def __init__(self, message: str, activity_id: int) -> None:
        super().__init__(message)
        self.activity_id = activity_id
