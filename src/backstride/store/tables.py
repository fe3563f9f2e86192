"""The database tables, as SQLAlchemy models. Alembic revisions create them.

Units are in the column names where they are not SI-obvious; every datetime is
stored in UTC (`start_utc`) with the local offset beside it (`utc_offset_s`).
A change here needs a new revision in `migrations/versions/`; the test
`test_migrations_match_the_models` fails until there is one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
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
from sqlalchemy.sql import expression
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
    replace_at_m: Mapped[float | None] = mapped_column(Double())  # None: the rule's default
    worn: Mapped[bool] = mapped_column(Boolean(), default=False, server_default=expression.false())
    worn_on: Mapped[date | None] = mapped_column(Date())
    is_default: Mapped[bool] = mapped_column(
        Boolean(), default=False, server_default=expression.false()
    )


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
    run_type: Mapped[str | None] = mapped_column(String(16))  # the runner's override


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


# -- back care (revision 0002) ------------------------------------------------


class ActivityGearRow(Base):
    """Other gear (a posture brace, socks) worn on an activity, besides its shoes."""

    __tablename__ = "activity_gear"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    gear_id: Mapped[int] = mapped_column(
        ForeignKey("gear.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class RunRoutineRow(Base):
    """Warm-up and cool-down of one run: detected from its samples, and as the runner logged it.

    A row exists once detection has run. Minutes None: not known; 0: not done.
    """

    __tablename__ = "run_routine"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    detected_warm_up_min: Mapped[float | None] = mapped_column(Double())
    detected_warm_up_kind: Mapped[str | None] = mapped_column(String(32))
    detected_cool_down_min: Mapped[float | None] = mapped_column(Double())
    detected_cool_down_kind: Mapped[str | None] = mapped_column(String(32))
    warm_up_min: Mapped[float | None] = mapped_column(Double())
    warm_up_kind: Mapped[str | None] = mapped_column(String(32))
    cool_down_min: Mapped[float | None] = mapped_column(Double())
    cool_down_kind: Mapped[str | None] = mapped_column(String(32))
    confirmed: Mapped[bool] = mapped_column(
        Boolean(), default=False, server_default=expression.false()
    )


class PainReportRow(Base):
    __tablename__ = "pain_report"
    __table_args__ = (Index("ix_pain_report_athlete_id_at_utc", "athlete_id", "at_utc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    at_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    score: Mapped[float] = mapped_column(Double())
    timing: Mapped[str] = mapped_column(String(16))
    location: Mapped[str | None] = mapped_column(String(16))
    radiating: Mapped[bool] = mapped_column(Boolean())
    numbness: Mapped[bool] = mapped_column(
        Boolean(), default=False, server_default=expression.false()
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)


class CheckInRow(Base):
    __tablename__ = "check_in"
    __table_args__ = (
        UniqueConstraint("athlete_id", "on_date", name="uq_check_in_athlete_id_on_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date())
    sleep_hours: Mapped[float | None] = mapped_column(Double())
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    stiffness: Mapped[float | None] = mapped_column(Double())
    ate_enough: Mapped[bool | None] = mapped_column(Boolean())


class TrainingSessionRow(Base):
    """A logged core, strength or cross-training session."""

    __tablename__ = "training_session"
    __table_args__ = (Index("ix_training_session_athlete_id_on_date", "athlete_id", "on_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    on_date: Mapped[date] = mapped_column(Date())
    start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[float] = mapped_column(Double())
    exercises: Mapped[str | None] = mapped_column(Text)  # comma-separated
    rpe: Mapped[float | None] = mapped_column(Double())


class RedFlagAnswerRow(Base):
    """One answer to one red-flag question; a positive one is active until cleared."""

    __tablename__ = "red_flag_answer"
    __table_args__ = (
        Index("ix_red_flag_answer_athlete_id_answered_utc", "athlete_id", "answered_utc"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(64))
    answered_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    positive: Mapped[bool] = mapped_column(Boolean())
    cleared_utc: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_note: Mapped[str | None] = mapped_column(Text)


# -- the store's revision (revision 0004) -------------------------------------


class StoreRevisionRow(Base):
    """One row: a number every write transaction adds one to (see `revision.py`)."""

    __tablename__ = "store_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)


# -- the trash (revision 0005) ---------------------------------------------------------


class TrashRow(Base):
    """A record the runner deleted, kept whole for a while so it can be brought back.

    `rows` is JSON: each table's rows as `everything.encode_value` writes them (the
    record and everything that hangs off it), and `links`: rows elsewhere that pointed at
    it (a pain report's run) to point back on restore.
    """

    __tablename__ = "trash"
    __table_args__ = (Index("ix_trash_athlete_id_deleted_utc", "athlete_id", "deleted_utc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(Text)
    deleted_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    rows: Mapped[str] = mapped_column(Text)


class DeletedFileRow(Base):
    """The content hash of a file whose activity the runner deleted: importing it again
    skips it unless asked, so a deleted run does not come back with the next export."""

    __tablename__ = "deleted_file"
    __table_args__ = (
        UniqueConstraint(
            "athlete_id", "content_hash", name="uq_deleted_file_athlete_id_content_hash"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    trash_id: Mapped[int | None] = mapped_column(
        ForeignKey("trash.id", ondelete="SET NULL"), index=True
    )


# -- laps (revision 0008) ---------------------------------------------------------------


class ActivityLapRow(Base):
    """One lap of an activity as the device summed it up (FIT lap messages, TCX <Lap>)."""

    __tablename__ = "activity_lap"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime())
    elapsed_s: Mapped[float] = mapped_column(Double())
    moving_s: Mapped[float | None] = mapped_column(Double())
    distance_m: Mapped[float | None] = mapped_column(Double())
    ascent_m: Mapped[float | None] = mapped_column(Double())
    avg_hr: Mapped[float | None] = mapped_column(Double())
    max_hr: Mapped[float | None] = mapped_column(Double())
    avg_cadence_spm: Mapped[float | None] = mapped_column(Double())
