"""What can go wrong with an input file, as one line a runner can act on."""

from __future__ import annotations

import os


class IngestError(Exception):
    """A file that cannot be imported. The message is one line: what is wrong."""


class NotAnActivity(IngestError):
    """A valid file that holds no activity (settings, a workout, a weight scale...)."""


def damage(error: BaseException) -> str:
    """What an unexpected decoder error means to the runner, in their words.

    Python's own message ("unsupported operand type(s)...", "Python int too large...")
    says nothing to a runner; it is shown only with BACKSTRIDE_DEBUG=1, for a bug report.
    """
    if os.environ.get("BACKSTRIDE_DEBUG"):
        text = str(error).splitlines()[0] if str(error) else ""
        return f"{type(error).__name__}: {text[:200]}"
    if isinstance(error, RecursionError):
        return "its structure is nested too deeply"
    if isinstance(error, TypeError | OverflowError | ArithmeticError | ValueError):
        return "a field holds a value of the wrong type or out of range"
    if isinstance(error, MemoryError):
        return "it is too large to read"
    return "it is damaged or in a layout backstride does not read"
