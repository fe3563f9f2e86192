"""What a use case refuses: one clear line in the runner's words, and the field at fault.

Both are `InputError`s (the store's own kind of refused input), so every shell already
turns them into a usage error: the command line exits 2 with the line, the web answers
422 (or 404 for `NotFound`) naming the field.
"""

from __future__ import annotations

from backstride.store import InputError


class Invalid(InputError):
    """Input a use case cannot act on; nothing was written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the input at fault, as the API names it (score, goal, run_id)


class NotFound(Invalid):
    """The input names something the runner does not have (a run, a routine, a plan)."""
