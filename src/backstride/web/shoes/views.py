"""A pair of shoes as its card shows it: distance against its replacement distance, in
the runner's units, with a bar and a note."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.domain.activity import Units
from backstride.services.manage_shoes import GearOut
from backstride.units import format_distance

CARD_STATE = {"ok": "fine", "replace-soon": "soon", "replace": "replace", "retired": "retired"}


@dataclass(frozen=True)
class ShoeView:
    id: int
    name: str
    kind: str
    distance: str
    threshold: str  # "" for gear that is not replaced by distance
    percent: int  # of the threshold, capped at 100 for the bar
    state: str  # fine, soon, replace, retired
    note: str
    activities: int
    is_default: bool


def shoe_view(gear: GearOut, units: Units) -> ShoeView:
    state = CARD_STATE[gear.status]
    threshold, percent, note = "", 0, ""
    if gear.replace_at_m is not None and gear.share_of_threshold is not None:
        threshold = format_distance(gear.replace_at_m, units, 0)
        percent = min(100, round(gear.share_of_threshold * 100))
        left = format_distance(max(0.0, gear.replace_at_m - gear.distance_m), units)
        note = {
            "fine": f"{left} left",
            "soon": f"{left} left: plan a new pair",
            "replace": "worn: time for a new pair"
            if gear.worn
            else "past the replacement distance",
            "retired": "retired",
        }[state]
    elif state == "retired":
        note = "retired"
    return ShoeView(
        id=gear.id,
        name=gear.name,
        kind=gear.kind,
        distance=format_distance(gear.distance_m, units),
        threshold=threshold,
        percent=percent,
        state=state,
        note=note,
        activities=gear.activities,
        is_default=gear.default,
    )
