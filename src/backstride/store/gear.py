"""Shoes and other gear: thresholds, the worn flag, the default pair, assigning to runs.

A mixin of `Store`: every method is one transaction, so a rejected write changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from backstride.domain.activity import Gear
from backstride.domain.backcare import Shoe
from backstride.store.access import StoreAccess
from backstride.store.errors import InputError
from backstride.store.tables import ActivityGearRow, ActivityRow, GearRow

SHOE_KIND = "shoe"


@dataclass(frozen=True)
class GearItem:
    """A piece of gear with everything the shoe commands show."""

    gear: Gear
    replace_at_m: float | None
    worn: bool
    worn_on: date | None
    is_default: bool
    last_used_utc: datetime | None

    @property
    def is_shoe(self) -> bool:
        return self.gear.kind == SHOE_KIND

    def as_shoe(self) -> Shoe:
        return Shoe(self.gear, self.replace_at_m, None, self.worn, self.worn_on)


class GearStore(StoreAccess):
    """The gear half of `Store`."""

    # -- gear ----------------------------------------------------------------

    def gear_items(self) -> list[GearItem]:
        """Every item of gear with its thresholds, flags and last use."""
        totals = {g.id: g for g in self.gear()}
        with self._read("list gear") as session:
            athlete_id = self._athlete_id_in(session)
            last_direct = dict(
                session.execute(
                    select(ActivityRow.gear_id, func.max(ActivityRow.start_utc))
                    .where(ActivityRow.athlete_id == athlete_id, ActivityRow.gear_id.is_not(None))
                    .group_by(ActivityRow.gear_id)
                ).all()
            )
            last_linked = dict(
                session.execute(
                    select(ActivityGearRow.gear_id, func.max(ActivityRow.start_utc))
                    .join(ActivityRow, ActivityRow.id == ActivityGearRow.activity_id)
                    .where(ActivityRow.athlete_id == athlete_id)
                    .group_by(ActivityGearRow.gear_id)
                ).all()
            )
            rows = session.scalars(
                select(GearRow).where(GearRow.athlete_id == athlete_id).order_by(GearRow.id)
            ).all()
            out = []
            for row in rows:
                used = [d for d in (last_direct.get(row.id), last_linked.get(row.id)) if d]
                out.append(
                    GearItem(
                        gear=totals[row.id],
                        replace_at_m=row.replace_at_m,
                        worn=bool(row.worn),
                        worn_on=row.worn_on,
                        is_default=bool(row.is_default),
                        last_used_utc=_aware_max(used),
                    )
                )
            return out

    def update_gear(
        self,
        name: str,
        *,
        retired: bool | None = None,
        worn: bool | None = None,
        worn_on: date | None = None,
        replace_at_m: float | None = None,
        clear_replace_at: bool = False,
        start_distance_m: float | None = None,
        default: bool | None = None,
        rename: str | None = None,
    ) -> Gear:
        """Change one item of gear, found by name (any case)."""
        with self._write(f"update gear {name!r}") as session:
            athlete_id = self._athlete_id_in(session)
            row = self._gear_row(session, athlete_id, name)
            if rename is not None and rename.strip() != row.name:
                clean = rename.strip()
                taken = session.scalar(
                    select(GearRow.id).where(
                        GearRow.athlete_id == athlete_id,
                        func.lower(GearRow.name) == clean.lower(),
                        GearRow.id != row.id,
                    )
                )
                if taken is not None:
                    raise InputError(f"there is already gear called {clean!r}")
                row.name = clean
            if retired is not None:
                row.retired = retired
                if retired:
                    row.is_default = False
            if worn is not None:
                row.worn = worn
                row.worn_on = worn_on if worn else None
            if replace_at_m is not None:
                row.replace_at_m = float(replace_at_m)
            if clear_replace_at:
                row.replace_at_m = None
            if start_distance_m is not None:
                row.start_distance_m = float(start_distance_m)
            if default is not None:
                if default:
                    if row.kind != SHOE_KIND:
                        raise InputError(
                            f"{row.name!r} is a {row.kind}: only shoes can be the default"
                        )
                    if row.retired:
                        raise InputError(f"{row.name!r} is retired: it cannot be the default")
                    for other in session.scalars(
                        select(GearRow).where(
                            GearRow.athlete_id == athlete_id, GearRow.is_default.is_(True)
                        )
                    ):
                        other.is_default = False
                    session.flush()
                row.is_default = default
            name = row.name
        return next(g for g in self.gear() if g.name == name)

    def assign_gear(
        self, name: str, activity_ids: Iterable[int], *, only_without_shoes: bool = False
    ) -> int:
        """Attach gear to activities: a shoe replaces the activity's shoe, other gear is added.

        Returns how many activities changed. An unknown activity id changes nothing.
        """
        ids = list(dict.fromkeys(activity_ids))
        with self._write(f"assign gear {name!r}") as session:
            athlete_id = self._athlete_id_in(session)
            gear = self._gear_row(session, athlete_id, name)
            rows: list[ActivityRow] = []
            for start in range(0, len(ids), 500):
                rows += session.scalars(
                    select(ActivityRow).where(
                        ActivityRow.athlete_id == athlete_id,
                        ActivityRow.id.in_(ids[start : start + 500]),
                    )
                ).all()
            missing = sorted(set(ids) - {r.id for r in rows})
            if missing:
                raise InputError(f"there is no activity {missing[0]}; see `backstride activities`")
            changed = 0
            for row in rows:
                if gear.kind == SHOE_KIND:
                    if only_without_shoes and row.gear_id is not None:
                        continue
                    if row.gear_id != gear.id:
                        row.gear_id = gear.id
                        changed += 1
                elif session.get(ActivityGearRow, (row.id, gear.id)) is None:
                    session.add(ActivityGearRow(activity_id=row.id, gear_id=gear.id))
                    changed += 1
            return changed

    def extra_gear(self) -> dict[int, list[str]]:
        """Other gear (not the shoes) worn on each activity, by activity id."""
        with self._read("list gear on activities") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.execute(
                select(ActivityGearRow.activity_id, GearRow.name)
                .join(GearRow, GearRow.id == ActivityGearRow.gear_id)
                .where(GearRow.athlete_id == athlete_id)
                .order_by(ActivityGearRow.activity_id, GearRow.name)
            ).all()
        out: dict[int, list[str]] = {}
        for activity_id, gear_name in rows:
            out.setdefault(activity_id, []).append(gear_name)
        return out

    def _gear_row(self, session: DbSession, athlete_id: int, name: str) -> GearRow:
        rows = session.scalars(select(GearRow).where(GearRow.athlete_id == athlete_id)).all()
        wanted = name.strip().casefold()
        for row in rows:
            if row.name.casefold() == wanted:
                return row
        known = ", ".join(sorted(r.name for r in rows)) or "none yet"
        raise InputError(
            f"unknown shoe or gear {name.strip()!r} (known: {known}); "
            "add it with `backstride shoes add`"
        )

    def _default_shoe_id(self, session: DbSession, athlete_id: int) -> int | None:
        return session.scalar(
            select(GearRow.id).where(
                GearRow.athlete_id == athlete_id,
                GearRow.is_default.is_(True),
                GearRow.retired.is_(False),
            )
        )


def _aware_max(values: list[datetime]) -> datetime | None:
    return max(values) if values else None
