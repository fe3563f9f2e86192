"""What can go wrong with an input file, as one line a runner can act on."""

from __future__ import annotations


class IngestError(Exception):
    """A file that cannot be imported. The message is one line: what is wrong."""


class NotAnActivity(IngestError):
    """A valid file that holds no activity (settings, a workout, a weight scale...)."""
