"""Manage shoes and other gear: add, change, retire, flag worn, make the default, wear on
runs; and each pair's state (how far, when to replace it, in rotation), in the one shape
`shoes --json`, `/api/shoes` and the pages share. Every change re-plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from backstride.domain import bounds
from backstride.domain.activity import Gear, Sport
from backstride.rules import REGISTRY, RulesConfig
from backstride.services import text
from backstride.services.errors import Invalid
from backstride.services.ranges import not_future
from backstride.services.replan import Replanned, replan
from backstride.services.shapes import CARRY_NEW_FIELDS
from backstride.services.workspace import Workspace
from backstride.store import GearItem

ROTATION_DAYS = 30  # a pair worn in the last 30 days is in rotation
REPLACE_AT_LOW_M = 50_000.0  # a pair's own replacement distance: 50 km (31 mi) ...
REPLACE_AT_HIGH_M = 2_000_000.0  # ... to 2000 km (1243 mi)


class GearOut(BaseModel):
    """A pair of shoes or other gear: its distance (start distance included), when to
    replace it and its state. `status`: ok, replace-soon (from the reminder share),
    replace (worn, or past its distance) or retired."""

    model_config = CARRY_NEW_FIELDS

    id: int
    name: str
    kind: str
    distance_m: float
    start_distance_m: float
    activities: int
    retired: bool
    replace_at_m: float | None  # shoes only: their own distance, or the rule's
    remind_at_m: float | None
    share_of_threshold: float | None
    worn: bool
    worn_on: dt.date | None
    default: bool
    status: str
    in_rotation: bool
    last_used: dt.date | None

    @property
    def is_shoe(self) -> bool:
        return self.replace_at_m is not None


def _status(item: GearItem, replace_at: float | None, remind_at: float | None) -> str:
    if item.gear.retired:
        return "retired"
    if replace_at is None or remind_at is None:
        return "ok"
    if item.worn or item.gear.distance_m >= replace_at - 1e-9:
        return "replace"
    if item.gear.distance_m >= remind_at - 1e-9:
        return "replace-soon"
    return "ok"


def gear_out(item: GearItem, config: RulesConfig, zone: ZoneInfo, today: dt.date) -> GearOut:
    """One item of gear as the runner sees it under their rules config."""
    params = config.params(REGISTRY["shoe-mileage"])
    replace_at = remind_at = share = None
    if item.is_shoe:
        replace_at = item.replace_at_m or params["replace_at_m"]
        remind_at = replace_at * params["remind_from_pct"] / 100
        share = item.gear.distance_m / replace_at if replace_at > 0 else 0.0
    used = item.last_used_utc.astimezone(zone).date() if item.last_used_utc else None
    recent = used is not None and used >= today - timedelta(days=ROTATION_DAYS)
    return GearOut(
        id=item.gear.id or 0,
        name=item.gear.name,
        kind=item.gear.kind,
        distance_m=item.gear.distance_m,
        start_distance_m=item.gear.start_distance_m,
        activities=item.gear.activity_count,
        retired=item.gear.retired,
        replace_at_m=replace_at,
        remind_at_m=remind_at,
        share_of_threshold=share,
        worn=item.worn,
        worn_on=item.worn_on,
        default=item.is_default,
        status=_status(item, replace_at, remind_at),
        in_rotation=not item.gear.retired and recent,
        last_used=used,
    )


def gear_list(ws: Workspace) -> list[GearOut]:
    """Every pair of shoes and item of gear, in the order they were added."""
    config = ws.rules()
    zone = ZoneInfo(ws.athlete().time_zone)
    today = ws.today()
    return [gear_out(item, config, zone, today) for item in ws.store.gear_items()]


@dataclass(frozen=True)
class GearChanged:
    gear: Gear
    replanned: Replanned


def _replace_at(metres: float | None) -> float | None:
    if metres is not None and not REPLACE_AT_LOW_M <= metres <= REPLACE_AT_HIGH_M:
        raise Invalid(
            "the replacement distance is out of range: between 50 km (31 mi) and 2000 km (1243 mi)",
            "replace_at",
        )
    return metres


def add_gear(
    ws: Workspace,
    name: str,
    *,
    kind: str = "shoe",
    start_distance_m: float = 0.0,
    replace_at_m: float | None = None,
    default: bool = False,
) -> GearChanged:
    """A new pair of shoes (or a brace, socks); `default`: new runs without shoes get it."""
    name = gear_name(name)
    if start_distance_m < 0:
        raise Invalid("the distance already run cannot be below 0", "start_distance")
    gear = ws.store.add_gear(
        name.strip(),
        kind=kind,
        start_distance_m=start_distance_m,
        replace_at_m=_replace_at(replace_at_m),
        default=default,
    )
    return GearChanged(gear, replan(ws))


def change_gear(
    ws: Workspace,
    name: str,
    *,
    replace_at_m: float | None = None,
    default_replace_at: bool = False,
    start_distance_m: float | None = None,
) -> GearChanged:
    """A pair's own replacement distance (or back to the rule's) and its starting distance."""
    gear = ws.store.update_gear(
        name,
        replace_at_m=_replace_at(replace_at_m),
        clear_replace_at=default_replace_at,
        start_distance_m=start_distance_m,
    )
    return GearChanged(gear, replan(ws))


def retire_gear(ws: Workspace, name: str, *, undo: bool = False) -> GearChanged:
    """Retire a pair (no more reminders; it stays in the history), or put it back in use."""
    return GearChanged(ws.store.update_gear(name, retired=not undo), replan(ws))


def flag_worn(
    ws: Workspace, name: str, *, on: dt.date | None = None, undo: bool = False
) -> GearChanged:
    """Flag a pair worn since `on` (default today): replace it now; or take the flag back."""
    day = not_future(on or ws.today(), ws.today())
    return GearChanged(ws.store.update_gear(name, worn=not undo, worn_on=day), replan(ws))


def make_default(ws: Workspace, name: str, *, none: bool = False) -> GearChanged:
    """The pair new runs without shoes get (or, with `none`, no default pair)."""
    return GearChanged(ws.store.update_gear(name, default=not none), replan(ws))


@dataclass(frozen=True)
class GearAssigned:
    name: str
    changed: int  # activities that now wear it
    replanned: Replanned


def assign_gear(
    ws: Workspace,
    name: str,
    activity_ids: Sequence[int] = (),
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    only_without_shoes: bool = False,
) -> GearAssigned:
    """Wear the gear on activities: by id, and every run from `since` to `until`."""
    ids = list(activity_ids)
    if not ids and since is None and until is None:
        raise Invalid("name the runs: give activity ids, or a first and/or last day", "ids")
    if since is not None and until is not None and since > until:
        raise Invalid(f"the first day {since} is after the last day {until}", "since")
    if since is not None or until is not None:
        today = ws.today()
        first = not_future(since, today, "since") if since else None
        last = not_future(until, today, "until") if until else None
        ids += [
            a.id
            for a in ws.store.activities(since=first, until=last, sport=Sport.RUN)
            if a.id is not None
        ]
    changed = ws.store.assign_gear(name, ids, only_without_shoes=only_without_shoes)
    return GearAssigned(name.strip(), changed, replan(ws))


NAME_LENGTH = text.GEAR_NAME_LENGTH
START_DISTANCE_HIGH_M = 10_000_000.0


def gear_name(name: str) -> str:
    """A name as stored: trimmed, one line, not empty, at most `NAME_LENGTH` characters."""
    clean = " ".join(bounds.clean_text(name).split())  # no NUL nor escape, on every store
    if not clean:
        raise Invalid("a pair of shoes needs a name", "name")
    if len(clean) > NAME_LENGTH:
        raise Invalid(f"a name is at most {NAME_LENGTH} characters", "name")
    return clean


@dataclass(frozen=True)
class GearEdit:
    """What to change on one pair or item; a field left None stays as it is."""

    rename: str | None = None
    replace_at_m: float | None = None
    default_replace_at: bool = False  # back to the rule's replacement distance
    start_distance_m: float | None = None
    retired: bool | None = None
    default: bool | None = None
    worn: bool | None = None


def edit_gear(ws: Workspace, name: str, edit: GearEdit) -> GearChanged:
    """Apply every change at once (checked first, one transaction), then re-plan."""
    rename = gear_name(edit.rename) if edit.rename is not None else None
    replace_at = _replace_at(edit.replace_at_m)
    if edit.start_distance_m is not None and not (
        0 <= edit.start_distance_m <= START_DISTANCE_HIGH_M
    ):
        raise Invalid("the distance already run is out of range: 0 to 10,000 km", "start_distance")
    if edit.retired and edit.default:
        raise Invalid("a retired pair cannot be the default", "default")
    gear = ws.store.update_gear(
        name,
        rename=rename,
        replace_at_m=replace_at,
        clear_replace_at=edit.default_replace_at,
        start_distance_m=edit.start_distance_m,
        retired=edit.retired,
        default=edit.default,
        worn=edit.worn,
        worn_on=ws.today() if edit.worn else None,
    )
    return GearChanged(gear, replan(ws))
