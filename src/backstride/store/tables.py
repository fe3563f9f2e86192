"""The database tables, as SQLAlchemy models. Alembic revisions create them.

Units are in the column names where they are not SI-obvious; every datetime is
stored in UTC (`start_utc`) with the local offset beside it (`utc_offset_s`).
A change here needs a new revision in `migrations/versions/`; the test
`test_migrations_match_the_models` fails until there is one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so later revisions (and SQLite batch moves) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime in, an aware UTC datetime out, on every database.

    SQLite has no time zones: the UTC wall time is stored and UTC is put back on read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value} cannot be stored: give it a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AthleteRow(Base):
    __tablename__ = "athlete"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    units: Mapped[str] = mapped_column(String(8))
    time_zone: Mapped[str] = mapped_column(String(64))
    created_utc: Mapped[datetime] = mapped_column(UTCDateTime())


class GearRow(Base):
    __tablename__ = "gear"
    __table_args__ = (UniqueConstraint("athlete_id", "name", name="uq_gear_athlete_id_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    start_distance_m: Mapped[float] = mapped_column(Double())
    retired: Mapped[bool] = mapped_column(Boolean())


class ActivityRow(Base):
    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_athlete_id_start_utc", "athlete_id", "start_utc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    sport: Mapped[str] = mapped_column(String(32))
    sub_sport: Mapped[str | None] = mapped_column(String(64))
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    utc_offset_s: Mapped[int | None] = mapped_column(Integer)
    elapsed_s: Mapped[float] = mapped_column(Double())
    moving_s: Mapped[float | None] = mapped_column(Double())
    distance_m: Mapped[float | None] = mapped_column(Double())
    ascent_m: Mapped[float | None] = mapped_column(Double())
    avg_hr: Mapped[float | None] = mapped_column(Double())
    max_hr: Mapped[float | None] = mapped_column(Double())
    avg_cadence_spm: Mapped[float | None] = mapped_column(Double())
    name: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    device: Mapped[str | None] = mapped_column(String(200))
    source_format: Mapped[str] = mapped_column(String(32))
    source_file: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    gear_id: Mapped[int | None] = mapped_column(
        ForeignKey("gear.id", ondelete="SET NULL"), index=True
    )
    rpe: Mapped[float | None] = mapped_column(Double())
    feel: Mapped[float | None] = mapped_column(Double())


class ActivitySamplesRow(Base):
    """One compressed blob per activity (see samples_codec), apart so lists never load it."""

    __tablename__ = "activity_samples"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    sample_count: Mapped[int] = mapped_column(Integer)
    blob: Mapped[bytes] = mapped_column(LargeBinary())


class SourceFileRow(Base):
    """Every file (by content hash) that went into an activity, merged-away duplicates too."""

    __tablename__ = "source_file"
    __table_args__ = (
        UniqueConstraint(
            "athlete_id", "content_hash", name="uq_source_file_athlete_id_content_hash"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    source_file: Mapped[str | None] = mapped_column(Text)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    imported_utc: Mapped[datetime] = mapped_column(UTCDateTime())
