"""The trash: deleted records kept for undo, and the hashes of deleted activities' files.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "trash",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("deleted_utc", UTC_DATETIME, nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_trash_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trash")),
    )
    op.create_index(
        "ix_trash_athlete_id_deleted_utc", "trash", ["athlete_id", "deleted_utc"], unique=False
    )
    op.create_table(
        "deleted_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("trash_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athlete.id"],
            name=op.f("fk_deleted_file_athlete_id_athlete"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trash_id"],
            ["trash.id"],
            name=op.f("fk_deleted_file_trash_id_trash"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deleted_file")),
        sa.UniqueConstraint(
            "athlete_id", "content_hash", name="uq_deleted_file_athlete_id_content_hash"
        ),
    )
    op.create_index(op.f("ix_deleted_file_trash_id"), "deleted_file", ["trash_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_deleted_file_trash_id"), table_name="deleted_file")
    op.drop_table("deleted_file")
    op.drop_index("ix_trash_athlete_id_deleted_utc", table_name="trash")
    op.drop_table("trash")
