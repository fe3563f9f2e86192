"""What has been imported: activities in the one shape `activities --json` and
`/api/activities` share (SI units, UTC with the recorded offset)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from backstride.domain.activity import Activity, Lap, SourceFormat, Sport
from backstride.services.errors import Invalid, NotFound
from backstride.services.shapes import CARRY_NEW_FIELDS, fields_of
from backstride.services.workspace import Workspace
from backstride.training.days import local_date


class ActivityOut(BaseModel):
    """One activity. `sources` lists every file it was imported from: the kept one and
    those merged into it as the same run."""

    model_config = CARRY_NEW_FIELDS

    id: int
    local_date: dt.date
    sport: Sport
    sub_sport: str | None = None
    start_utc: dt.datetime
    utc_offset_s: int | None = None
    elapsed_s: float
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None
    name: str | None = None
    notes: str | None = None
    device: str | None = None
    gear: str | None = None
    rpe: float | None = None
    feel: float | None = None
    source_format: SourceFormat
    source_file: str | None = None
    external_id: str | None = None
    content_hash: str | None = None
    sources: list[str]

    @classmethod
    def of(cls, activity: Activity, time_zone: str, sources: Sequence[str] = ()) -> ActivityOut:
        shaped = fields_of(activity, skip={"samples", "laps"})
        return cls.model_validate(
            {
                **shaped,
                "id": activity.id or 0,
                "local_date": local_date(activity, time_zone),
                "sources": list(sources),
            }
        )


@dataclass(frozen=True)
class ActivityPage:
    total: int
    offset: int
    items: list[ActivityOut]
    activities: list[Activity]  # the same, as domain objects, for tables and pages


def list_activities(
    ws: Workspace,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    sport: Sport | None = None,
    newest_first: bool = False,
    offset: int = 0,
    limit: int | None = None,
    shaped: bool = True,
) -> ActivityPage:
    """The activities from `since` to `until` (local dates), of one sport or all; `shaped`
    False leaves `items` empty (a page that shows the domain objects)."""
    if since is not None and until is not None and since > until:
        raise Invalid(f"the first day {since} is after the last day {until}", "since")
    found = ws.store.activities(since=since, until=until, sport=sport)
    if newest_first:
        found.reverse()
    page = found[offset : offset + limit if limit is not None else None]
    zone = ws.athlete().time_zone
    if not shaped:
        return ActivityPage(len(found), offset, [], page)
    sources = ws.store.source_files() if page else {}
    items = [ActivityOut.of(a, zone, sources.get(a.id or 0, [])) for a in page]
    return ActivityPage(len(found), offset, items, page)


def activity_out(ws: Workspace, found: Activity) -> ActivityOut:
    """One activity in its shape, with every file it came from."""
    sources = ws.store.source_files().get(found.id or 0, [])
    return ActivityOut.of(found, ws.athlete().time_zone, sources)


def activity(ws: Workspace, activity_id: int) -> Activity:
    """One activity with its samples; `NotFound` when there is none."""
    found = ws.store.activity(activity_id) if 0 < activity_id < 2**62 else None
    if found is None:
        raise NotFound(f"there is no activity {activity_id}", "activity_id")
    return found


class LapOut(BaseModel):
    """One lap as the device summed it up (SI units; None: not recorded)."""

    number: int
    start_utc: dt.datetime | None = None
    elapsed_s: float
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None

    @classmethod
    def of(cls, lap: Lap) -> LapOut:
        return cls.model_validate(fields_of(lap))


def activity_laps(ws: Workspace, activity_id: int) -> list[Lap]:
    """The laps the device recorded for the activity, in order ([] when none)."""
    return ws.store.laps(activity_id)
