"""An activity's laps: written beside the activity, read when one activity is shown."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from backstride.domain.activity import Lap
from backstride.store.access import StoreAccess
from backstride.store.tables import ActivityLapRow, ActivityRow


def lap_rows(activity_id: int, laps: Sequence[Lap]) -> list[dict[str, object]]:
    """The `activity_lap` rows of one activity's laps, for a batch insert."""
    return [
        {
            "activity_id": activity_id,
            "number": lap.number,
            "start_utc": lap.start_utc,
            "elapsed_s": lap.elapsed_s,
            "moving_s": lap.moving_s,
            "distance_m": lap.distance_m,
            "ascent_m": lap.ascent_m,
            "avg_hr": lap.avg_hr,
            "max_hr": lap.max_hr,
            "avg_cadence_spm": lap.avg_cadence_spm,
        }
        for lap in laps
    ]


def put_laps(session: Session, activity_id: int, laps: Sequence[Lap], *, replace: bool) -> None:
    """Store the activity's laps in the caller's transaction. `replace`: the laps of a
    richer file of the same run take the place of the stored ones (a file without laps
    leaves them as they are)."""
    if not laps:
        return
    if replace:
        session.execute(delete(ActivityLapRow).where(ActivityLapRow.activity_id == activity_id))
    session.add_all(ActivityLapRow(**row) for row in lap_rows(activity_id, laps))
    session.flush()


def _lap(row: ActivityLapRow) -> Lap:
    return Lap(
        number=row.number,
        elapsed_s=row.elapsed_s,
        start_utc=row.start_utc,
        moving_s=row.moving_s,
        distance_m=row.distance_m,
        ascent_m=row.ascent_m,
        avg_hr=row.avg_hr,
        max_hr=row.max_hr,
        avg_cadence_spm=row.avg_cadence_spm,
    )


class LapStore(StoreAccess):
    """Reading an activity's laps (mixed into `Store`)."""

    def laps(self, activity_id: int) -> list[Lap]:
        """The laps of the runner's activity `activity_id`, in order; [] when it has none
        (or is not theirs)."""
        with self._read(f"read the laps of activity {activity_id}") as session:
            athlete_id = self._athlete_id_in(session)
            found = session.scalars(
                select(ActivityLapRow)
                .join(ActivityRow, ActivityRow.id == ActivityLapRow.activity_id)
                .where(
                    ActivityLapRow.activity_id == activity_id,
                    ActivityRow.athlete_id == athlete_id,
                )
                .order_by(ActivityLapRow.number)
            ).all()
            return [_lap(r) for r in found]
