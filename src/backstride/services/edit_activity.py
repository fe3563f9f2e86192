"""Correct one activity: its name, sport, effort (RPE) and notes, its run type, its shoes, its
warm-up and cool-down. Everything is checked before anything is written, the changes land in
one transaction (all or none), then the plan is re-planned once.

The activity page's forms, `PATCH /api/activities/{id}` and `backstride activity edit` call
`edit_activity`; the command line also has `run-type`, `shoes assign` and `runs confirm`.
"""

from __future__ import annotations

from dataclasses import dataclass

from backstride.domain import bounds
from backstride.domain.activity import Activity, Sport
from backstride.domain.backcare import RunType
from backstride.services.errors import Invalid, NotFound
from backstride.services.ranges import in_range
from backstride.services.record_routine import LONGEST_ROUTINE_MIN
from backstride.services.replan import Replanned, replan
from backstride.services.runs import RunOut, list_runs
from backstride.services.workspace import Workspace

AUTO = "auto"  # a run type of "auto" goes back to detection


@dataclass(frozen=True)
class ActivityEdit:
    """What to change; a field left None stays as it is."""

    run_type: str | None = None  # easy, long, speed, race, or auto
    shoe: str | None = None  # a shoe's name (any case)
    warm_up_min: float | None = None  # 0: none done
    cool_down_min: float | None = None
    confirm_routines: bool = False  # the detected warm-up and cool-down are right
    name: str | None = None  # "": no name (the page then says "Run on ...")
    sport: str | None = None  # run, walk, cycling, ...
    rpe: float | None = None  # how hard it felt, 0-10
    notes: str | None = None  # "": no notes

    @property
    def empty(self) -> bool:
        return (
            self.name is None
            and self.sport is None
            and self.rpe is None
            and self.notes is None
            and self.run_type is None
            and self.shoe is None
            and self.warm_up_min is None
            and self.cool_down_min is None
            and not self.confirm_routines
        )


@dataclass(frozen=True)
class ActivityEdited:
    activity_id: int
    changed: tuple[str, ...]  # what changed, in words
    replanned: Replanned


def run_of(ws: Workspace, activity_id: int) -> RunOut | None:
    """The run `activity_id` as the rules see it (type, routines, shoe); None for another
    sport."""
    return next((r for r in list_runs(ws) if r.id == activity_id), None)


def _run_type(text: str) -> RunType | None:
    choice = text.strip().lower()
    if choice == AUTO:
        return None
    try:
        return RunType(choice)
    except ValueError:
        allowed = ", ".join([*(t.value for t in RunType), AUTO])
        raise Invalid(f"run type {text!r} must be one of: {allowed}", "run_type") from None


def edit_activity(ws: Workspace, activity_id: int, edit: ActivityEdit) -> ActivityEdited:
    """Apply `edit` to the activity, then re-plan; `Invalid` (nothing written) when any part
    of it cannot be done."""
    if edit.empty:
        raise Invalid(
            "say what to change: name, sport, effort, notes, run type, shoe, warm-up or cool-down",
            "activity",
        )
    found = ws.store.activities_with_samples([activity_id])
    if not found:
        raise NotFound(f"there is no activity {activity_id}", "activity_id")
    activity = found[0]
    run_fields = (
        edit.run_type is not None
        or edit.warm_up_min is not None
        or edit.cool_down_min is not None
        or edit.confirm_routines
    )
    details = _details(activity, edit)
    if run_fields and not details.is_run:
        raise Invalid(f"this is a {details.sport.value}, not a run", "activity_id")
    run_type = _run_type(edit.run_type) if edit.run_type is not None else None
    for minutes, name, field in (
        (edit.warm_up_min, "warm-up minutes", "warm_up_min"),
        (edit.cool_down_min, "cool-down minutes", "cool_down_min"),
    ):
        if minutes is not None:
            in_range(minutes, 0, LONGEST_ROUTINE_MIN, name, field)
    if edit.confirm_routines or (edit.warm_up_min is None) != (edit.cool_down_min is None):
        _routines_known(ws, activity_id, edit)
    shoe = None
    if edit.shoe is not None:
        wanted = edit.shoe.strip().casefold()
        shoe = next(
            (g.gear.name for g in ws.store.gear_items() if g.gear.name.casefold() == wanted),
            None,
        )
        if shoe is None:
            raise NotFound(f"there are no shoes called {edit.shoe.strip()!r}", "shoe")
    changed: list[str] = []
    with ws.store.atomic(f"edit activity {activity_id}"):  # every part, or none of it
        if details != activity:
            ws.store.replace_activity(activity_id, details, keep_samples=True)
            changed.extend(_said(activity, details))
        if edit.run_type is not None:
            ws.store.set_run_type(activity_id, run_type)
            changed.append(f"run type: {run_type.value if run_type else 'detected again'}")
        if shoe is not None:
            ws.store.assign_gear(shoe, [activity_id])
            changed.append(f"shoes: {shoe}")
        if edit.warm_up_min is not None or edit.cool_down_min is not None or edit.confirm_routines:
            ws.store.log_routine(
                activity_id, warm_up_min=edit.warm_up_min, cool_down_min=edit.cool_down_min
            )
            changed.append("warm-up and cool-down confirmed")
    return ActivityEdited(activity_id, tuple(changed), replan(ws))


def _routines_known(ws: Workspace, activity_id: int, edit: ActivityEdit) -> None:
    """`Invalid` when confirming would need a warm-up or cool-down that neither the edit
    gives nor the run's file shows."""
    run = run_of(ws, activity_id)
    if run is None:
        return  # not a run: said above
    for given, found, name, field in (
        (edit.warm_up_min, run.warm_up_min, "warm-up", "warm_up_min"),
        (edit.cool_down_min, run.cool_down_min, "cool-down", "cool_down_min"),
    ):
        if given is None and found is None:
            raise Invalid(
                f"this run's file does not show its {name}: give its minutes (0 if none)", field
            )


def _details(activity: Activity, edit: ActivityEdit) -> Activity:
    """The activity with the edit's name, sport, effort and notes; `Invalid` when one
    cannot be."""
    changes: dict[str, object] = {}
    for field in ("name", "notes"):
        text = getattr(edit, field)
        if text is None:
            continue
        cleaned = bounds.clean_text(text, keep_lines=field == "notes").strip()
        limit = bounds.TEXT_LIMITS[field]
        if len(cleaned) > limit:
            raise Invalid(f"the {field} is longer than {limit} characters", field)
        changes[field] = cleaned or None
    if edit.sport is not None:
        try:
            changes["sport"] = Sport(edit.sport.strip().lower())
        except ValueError:
            allowed = ", ".join(s.value for s in Sport)
            raise Invalid(f"sport {edit.sport!r} must be one of: {allowed}", "sport") from None
    if edit.rpe is not None:
        in_range(edit.rpe, 0, 10, "effort (RPE)", "rpe")
        changes["rpe"] = edit.rpe
    return activity.with_(**changes) if changes else activity


def _said(before: Activity, after: Activity) -> list[str]:
    """What changed in the details, in words."""
    out = []
    if after.name != before.name:
        out.append(f"name: {after.name}" if after.name else "name removed")
    if after.sport != before.sport:
        out.append(f"sport: {after.sport.value}")
    if after.rpe is not None and after.rpe != before.rpe:
        out.append(f"effort: {after.rpe:g}/10")
    if after.notes != before.notes:
        out.append("notes" if after.notes else "notes removed")
    return out
