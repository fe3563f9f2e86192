"""Back care: shoe thresholds and default, other gear on runs, run types, routines,
pain reports, check-ins, sessions and red-flag answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def _athlete_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["athlete_id"],
        ["athlete.id"],
        name=op.f(f"fk_{table}_athlete_id_athlete"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    with op.batch_alter_table("gear") as batch:
        batch.add_column(sa.Column("replace_at_m", sa.Double(), nullable=True))
        batch.add_column(sa.Column("worn", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("worn_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("activity") as batch:
        batch.add_column(sa.Column("run_type", sa.String(length=16), nullable=True))

    op.create_table(
        "activity_gear",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("gear_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_gear_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["gear_id"], ["gear.id"], name=op.f("fk_activity_gear_gear_id_gear"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("activity_id", "gear_id", name=op.f("pk_activity_gear")),
    )
    op.create_index(op.f("ix_activity_gear_gear_id"), "activity_gear", ["gear_id"])

    op.create_table(
        "run_routine",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("detected_warm_up_min", sa.Double(), nullable=True),
        sa.Column("detected_warm_up_kind", sa.String(length=32), nullable=True),
        sa.Column("detected_cool_down_min", sa.Double(), nullable=True),
        sa.Column("detected_cool_down_kind", sa.String(length=32), nullable=True),
        sa.Column("warm_up_min", sa.Double(), nullable=True),
        sa.Column("warm_up_kind", sa.String(length=32), nullable=True),
        sa.Column("cool_down_min", sa.Double(), nullable=True),
        sa.Column("cool_down_kind", sa.String(length=32), nullable=True),
        sa.Column("confirmed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_run_routine_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", name=op.f("pk_run_routine")),
    )

    op.create_table(
        "pain_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("at_utc", UTC_DATETIME, nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("timing", sa.String(length=16), nullable=False),
        sa.Column("location", sa.String(length=16), nullable=True),
        sa.Column("radiating", sa.Boolean(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        _athlete_fk("pain_report"),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_pain_report_activity_id_activity"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_report")),
    )
    op.create_index("ix_pain_report_athlete_id_at_utc", "pain_report", ["athlete_id", "at_utc"])
    op.create_index(op.f("ix_pain_report_activity_id"), "pain_report", ["activity_id"])

    op.create_table(
        "check_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("sleep_hours", sa.Double(), nullable=True),
        sa.Column("sleep_quality", sa.Integer(), nullable=True),
        sa.Column("stiffness", sa.Double(), nullable=True),
        sa.Column("ate_enough", sa.Boolean(), nullable=True),
        _athlete_fk("check_in"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_in")),
        sa.UniqueConstraint("athlete_id", "on_date", name="uq_check_in_athlete_id_on_date"),
    )

    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("start_utc", UTC_DATETIME, nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("minutes", sa.Double(), nullable=False),
        sa.Column("exercises", sa.Text(), nullable=True),
        sa.Column("rpe", sa.Double(), nullable=True),
        _athlete_fk("training_session"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    op.create_index(
        "ix_training_session_athlete_id_on_date", "training_session", ["athlete_id", "on_date"]
    )

    op.create_table(
        "red_flag_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=64), nullable=False),
        sa.Column("answered_utc", UTC_DATETIME, nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=False),
        sa.Column("cleared_utc", UTC_DATETIME, nullable=True),
        sa.Column("cleared_note", sa.Text(), nullable=True),
        _athlete_fk("red_flag_answer"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flag_answer")),
    )
    op.create_index(
        "ix_red_flag_answer_athlete_id_answered_utc",
        "red_flag_answer",
        ["athlete_id", "answered_utc"],
    )


def downgrade() -> None:
    op.drop_table("red_flag_answer")
    op.drop_table("training_session")
    op.drop_table("check_in")
    op.drop_table("pain_report")
    op.drop_table("run_routine")
    op.drop_table("activity_gear")
    with op.batch_alter_table("activity") as batch:
        batch.drop_column("run_type")
    with op.batch_alter_table("gear") as batch:
        batch.drop_column("is_default")
        batch.drop_column("worn_on")
        batch.drop_column("worn")
        batch.drop_column("replace_at_m")
