"""What the store's mixins need from `Store`: its sessions and the athlete's row."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session as DbSession

from backstride.domain.activity import Activity, Gear
from backstride.store.errors import InputError
from backstride.store.tables import ActivityRow, AthleteRow


class StoreAccess:
    """The parts of `Store` that `GearStore` and `BackCareStore` build on."""

    # Provided by Store.
    def _write(self, what: str) -> AbstractContextManager[DbSession]:
        raise NotImplementedError

    def _read(self, what: str) -> AbstractContextManager[DbSession]:
        raise NotImplementedError

    def _athlete_row(self, session: DbSession) -> AthleteRow:
        raise NotImplementedError

    def _athlete_id_in(self, session: DbSession) -> int:
        raise NotImplementedError

    def gear(self) -> list[Gear]:
        raise NotImplementedError

    def activities_with_samples(self, ids: Sequence[int]) -> list[Activity]:
        raise NotImplementedError

    def _own_activity(self, session: DbSession, athlete_id: int, activity_id: int) -> ActivityRow:
        row = session.get(ActivityRow, activity_id)
        if row is None or row.athlete_id != athlete_id:
            raise InputError(f"there is no activity {activity_id}; see `backstride activities`")
        return row
