"""An impossible activity row can no longer be written; the ones already stored are repaired.

Each value of an activity must lie where a device could have recorded it (the
import boundary, `domain/bounds.py`, is stricter: these limits stop only the
impossible). First the rows stored before this revision are repaired: an
impossible local offset or optional value becomes unknown (NULL), an impossible
elapsed time 0. Then PostgreSQL gets CHECK constraints; SQLite gets the same
checks as triggers, because adding a CHECK there means rebuilding the table, and
dropping the old `activity` table would cascade-delete its samples and sources.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_DURATION_S = 30 * 24 * 3600

# name -> the condition every row must meet
CHECKS: dict[str, str] = {
    "utc_offset": "utc_offset_s IS NULL OR utc_offset_s BETWEEN -64800 AND 64800",
    "elapsed": f"elapsed_s >= 0 AND elapsed_s <= {MAX_DURATION_S}",
    "moving": f"moving_s IS NULL OR (moving_s >= 0 AND moving_s <= {MAX_DURATION_S})",
    "distance": "distance_m IS NULL OR (distance_m >= 0 AND distance_m <= 10000000)",
    "ascent": "ascent_m IS NULL OR (ascent_m >= -100000 AND ascent_m <= 100000)",
    "avg_hr": "avg_hr IS NULL OR (avg_hr >= 0 AND avg_hr <= 300)",
    "max_hr": "max_hr IS NULL OR (max_hr >= 0 AND max_hr <= 300)",
    "cadence": "avg_cadence_spm IS NULL OR (avg_cadence_spm >= 0 AND avg_cadence_spm <= 500)",
    "rpe": "rpe IS NULL OR (rpe >= 0 AND rpe <= 10)",
    "feel": "feel IS NULL OR (feel >= 0 AND feel <= 100)",
}
# What a stored row breaking a check becomes.
REPAIRS: dict[str, str] = {
    "utc_offset": "utc_offset_s = NULL",
    "elapsed": "elapsed_s = 0",
    "moving": "moving_s = NULL",
    "distance": "distance_m = NULL",
    "ascent": "ascent_m = NULL",
    "avg_hr": "avg_hr = NULL",
    "max_hr": "max_hr = NULL",
    "cadence": "avg_cadence_spm = NULL",
    "rpe": "rpe = NULL",
    "feel": "feel = NULL",
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, condition in CHECKS.items():
        # NOT (x) is NULL, not true, when x is NULL (a NaN in SQLite): COALESCE catches it.
        op.execute(f"UPDATE activity SET {REPAIRS[name]} WHERE NOT COALESCE(({condition}), 0 = 1)")
        if sqlite:
            for event in ("INSERT", "UPDATE"):
                op.execute(
                    f"CREATE TRIGGER ck_activity_{name}_{event.lower()} "
                    f"BEFORE {event} ON activity "
                    f"WHEN NOT COALESCE(({_new(condition)}), 0 = 1) "
                    f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: ck_activity_{name}'); END"
                )
        else:
            op.create_check_constraint(op.f(f"ck_activity_{name}"), "activity", condition)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in CHECKS:
        if sqlite:
            for event in ("insert", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS ck_activity_{name}_{event}")
        else:
            op.drop_constraint(op.f(f"ck_activity_{name}"), "activity", type_="check")


def _new(condition: str) -> str:
    """The condition on the row being written (SQLite triggers name it NEW)."""
    out = condition
    for column in (
        "utc_offset_s",
        "elapsed_s",
        "moving_s",
        "distance_m",
        "ascent_m",
        "avg_hr",
        "max_hr",
        "avg_cadence_spm",
        "rpe",
        "feel",
    ):
        out = out.replace(column, f"NEW.{column}")
    return out
