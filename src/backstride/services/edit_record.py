"""Correct a pain report or a session as the runner logged it: every field checked as when
it was logged, nothing written when one is wrong, then the plan re-planned. (A check-in:
`check_in.edit_check_in`; an activity: `edit_activity`.)"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from backstride.domain.backcare import PainReport, PainTiming, Session, SessionKind
from backstride.services import text
from backstride.services.errors import Invalid, NotFound
from backstride.services.log_pain import LOCATIONS
from backstride.services.log_session import LONGEST_MIN, exercise_names
from backstride.services.ranges import in_range
from backstride.services.replan import Replanned, replan
from backstride.services.workspace import Workspace


@dataclass(frozen=True)
class PainEdit:
    """What to change in a pain report; a field left None stays as it is."""

    score: float | None = None
    timing: PainTiming | None = None
    location: str | None = None  # "" clears it
    radiating: bool | None = None
    numbness: bool | None = None
    note: str | None = None  # "" clears it


@dataclass(frozen=True)
class SessionEdit:
    kind: SessionKind | None = None
    minutes: float | None = None
    exercises: tuple[str, ...] | None = None
    rpe: float | None = None


@dataclass(frozen=True)
class PainEdited:
    saved: PainReport
    replanned: Replanned


@dataclass(frozen=True)
class SessionEdited:
    saved: Session
    replanned: Replanned


def edit_pain(ws: Workspace, report_id: int, edit: PainEdit) -> PainEdited:
    """Correct the pain report `report_id`, then re-plan."""
    old = next((p for p in ws.history().pain_reports if p.id == report_id), None)
    if old is None:
        raise NotFound(f"there is no pain report {report_id}", "id")
    if edit.score is not None:
        in_range(edit.score, 0, 10, "pain score", "score")
    if edit.location and edit.location not in LOCATIONS:
        raise Invalid(f"where {edit.location!r} must be one of: {', '.join(LOCATIONS)}", "location")
    note = text.note(edit.note)
    new = dataclasses.replace(
        old,
        score=old.score if edit.score is None else edit.score,
        timing=old.timing if edit.timing is None else edit.timing,
        location=old.location if edit.location is None else (edit.location or None),
        radiating=old.radiating if edit.radiating is None else edit.radiating,
        numbness=old.numbness if edit.numbness is None else edit.numbness,
        note=old.note if note is None else (note or None),
    )
    return PainEdited(ws.store.replace_pain_report(new), replan(ws))


def edit_session(ws: Workspace, session_id: int, edit: SessionEdit) -> SessionEdited:
    """Correct the session `session_id`, then re-plan."""
    old = next((s for s in ws.history().sessions if s.id == session_id), None)
    if old is None:
        raise NotFound(f"there is no session {session_id}", "id")
    if edit.minutes is not None:
        in_range(edit.minutes, 0, LONGEST_MIN, "minutes", "minutes")
        if edit.minutes <= 0:
            raise Invalid(f"minutes {edit.minutes:g} must be more than 0", "minutes")
    if edit.rpe is not None:
        in_range(edit.rpe, 0, 10, "effort (RPE)", "rpe")
    new = dataclasses.replace(
        old,
        kind=old.kind if edit.kind is None else edit.kind,
        minutes=old.minutes if edit.minutes is None else edit.minutes,
        exercises=old.exercises if edit.exercises is None else exercise_names(edit.exercises),
        rpe=old.rpe if edit.rpe is None else edit.rpe,
    )
    return SessionEdited(ws.store.replace_session(new), replan(ws))
