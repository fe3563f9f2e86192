"""Text a runner types (notes and names), checked in one place for the command line and the
web alike: control characters (NUL, escape sequences) are taken out, so SQLite and
PostgreSQL store the same thing and a terminal shows it safely; then the length is checked
against one limit per kind of text."""

from __future__ import annotations

from backstride.domain import bounds
from backstride.services.errors import Invalid

# A pain report's note, a correction's note, a clinician's clearance.
NOTE_LENGTH = 500
# A logged run's notes (an import keeps up to bounds.TEXT_LIMITS["notes"]).
RUN_NOTES_LENGTH = 2000
# A logged run's name.
RUN_NAME_LENGTH = bounds.TEXT_LIMITS["name"]
# A pair of shoes' (or any gear's) name: enough for "Brooks Ghost 15 (blue, second pair)".
GEAR_NAME_LENGTH = bounds.TEXT_LIMITS["gear"]


def note(text: str | None, field: str = "note", limit: int = NOTE_LENGTH) -> str | None:
    """`text` without control characters (line breaks kept) and trimmed; None stays None,
    blank becomes ''. `Invalid` (naming `field`) when longer than `limit`."""
    if text is None:
        return None
    clean = bounds.clean_text(text, keep_lines=True).strip()
    if len(clean) > limit:
        raise Invalid(f"the {field} is longer than {limit} characters", field)
    return clean


def line(text: str | None, field: str = "name", limit: int = RUN_NAME_LENGTH) -> str | None:
    """`text` on one line (line breaks become spaces), otherwise as `note`."""
    if text is None:
        return None
    clean = bounds.one_line(text)
    if len(clean) > limit:
        raise Invalid(f"the {field} is longer than {limit} characters", field)
    return clean
