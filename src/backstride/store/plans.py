"""Reading and writing the runner's training plans and every change adaptation made.

One plan per athlete is active. A new plan replaces it; the replaced plan stays,
inactive, with its changes, so the history of what was planned and why is kept.
A mixin of `Store`: every method is one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as DbSession

from backstride import clock
from backstride.plan.codec import plan_from_record, plan_record
from backstride.plan.model import Plan, PlanChange, PlanError
from backstride.store.access import StoreAccess
from backstride.store.errors import StoreError
from backstride.store.tables import Base, UTCDateTime


class PlanRow(Base):
    """A plan as generated and adapted; `body` is `plan_record(plan)` without its changes."""

    __tablename__ = "plan"
    __table_args__ = (Index("ix_plan_athlete_id_active", "athlete_id", "active"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athlete.id", ondelete="CASCADE"))
    plan_key: Mapped[str] = mapped_column(String(32))  # Plan.id: stable calendar UIDs
    goal: Mapped[str] = mapped_column(String(200))
    created_on: Mapped[date] = mapped_column(Date())
    start_on: Mapped[date] = mapped_column(Date())
    stopped_on: Mapped[date | None] = mapped_column(Date())
    active: Mapped[bool] = mapped_column(Boolean())
    saved_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    replaced_utc: Mapped[datetime | None] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(Text)


class PlanChangeRow(Base):
    """One change adaptation made to a plan, with the rule behind it (in order: `seq`)."""

    __tablename__ = "plan_change"
    __table_args__ = (UniqueConstraint("plan_id", "seq", name="uq_plan_change_plan_id_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    on_date: Mapped[date] = mapped_column(Date())
    rule: Mapped[str] = mapped_column(String(64))
    what: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(200))
    made_on: Mapped[date] = mapped_column(Date())


@dataclass(frozen=True)
class StoredPlan:
    """A plan as the store holds it: its row id, whether it is the active one, when saved."""

    id: int
    plan: Plan
    active: bool
    saved_utc: datetime
    replaced_utc: datetime | None = None


def _changes(session: DbSession, plan_id: int) -> tuple[PlanChange, ...]:
    rows = session.scalars(
        select(PlanChangeRow).where(PlanChangeRow.plan_id == plan_id).order_by(PlanChangeRow.seq)
    )
    return tuple(PlanChange(r.on_date, r.rule, r.what, r.why, r.trigger, r.made_on) for r in rows)


def _stored(session: DbSession, row: PlanRow) -> StoredPlan:
    try:
        plan = plan_from_record(json.loads(row.body), _changes(session, row.id))
    except (PlanError, json.JSONDecodeError) as exc:
        raise StoreError(f"plan {row.id} cannot be read: {exc}") from None
    return StoredPlan(row.id, plan, row.active, row.saved_utc, row.replaced_utc)


def _fill(row: PlanRow, plan: Plan, now: datetime) -> None:
    row.plan_key = plan.id
    row.goal = plan.goal.label[:200]
    row.created_on = plan.created_on
    row.start_on = plan.start
    row.stopped_on = plan.stopped_on
    row.saved_utc = now
    row.body = json.dumps(plan_record(plan, with_changes=False), separators=(",", ":"))


def _write_changes(session: DbSession, plan_id: int, changes: tuple[PlanChange, ...]) -> None:
    """Store the plan's changes; adaptation only appends, so only new ones are inserted."""
    stored = _changes(session, plan_id)
    if changes[: len(stored)] != stored:  # not an append: write them all again
        session.execute(delete(PlanChangeRow).where(PlanChangeRow.plan_id == plan_id))
        session.flush()
        stored = ()
    for seq, c in enumerate(changes[len(stored) :], start=len(stored)):
        session.add(
            PlanChangeRow(
                plan_id=plan_id,
                seq=seq,
                on_date=c.on,
                rule=c.rule,
                what=c.what,
                why=c.why,
                trigger=c.trigger[:200],
                made_on=c.made_on,
            )
        )


class PlanStore(StoreAccess):
    """The plan methods of `Store`."""

    def save_new_plan(self, plan: Plan) -> StoredPlan:
        """Store `plan` as the active plan; the one it replaces stays, inactive."""
        now = clock.now_utc()
        with self._write("save the plan") as session:
            athlete_id = self._athlete_id_in(session)
            session.execute(
                update(PlanRow)
                .where(PlanRow.athlete_id == athlete_id, PlanRow.active.is_(True))
                .values(active=False, replaced_utc=now)
            )
            row = PlanRow(athlete_id=athlete_id, active=True)
            _fill(row, plan, now)
            session.add(row)
            session.flush()
            _write_changes(session, row.id, plan.changes)
            return StoredPlan(row.id, plan, True, now)

    def update_plan(self, plan_id: int, plan: Plan) -> StoredPlan:
        """Save an adapted plan over the stored plan `plan_id`, which must still be active."""
        now = clock.now_utc()
        with self._write("save the adapted plan") as session:
            athlete_id = self._athlete_id_in(session)
            row = session.get(PlanRow, plan_id)
            if row is None or row.athlete_id != athlete_id:
                raise StoreError(f"there is no plan {plan_id}")
            if not row.active:
                raise StoreError(f"plan {plan_id} was replaced by a newer plan; not saved")
            _fill(row, plan, now)
            _write_changes(session, row.id, plan.changes)
            return StoredPlan(row.id, plan, True, now)

    def active_plan(self) -> StoredPlan | None:
        """The runner's active plan, or None."""
        with self._read("read the plan") as session:
            athlete_id = self._athlete_id_in(session)
            row = session.scalars(
                select(PlanRow)
                .where(PlanRow.athlete_id == athlete_id, PlanRow.active.is_(True))
                .order_by(PlanRow.id.desc())
                .limit(1)
            ).first()
            return _stored(session, row) if row is not None else None

    def plans(self) -> list[StoredPlan]:
        """Every plan the runner has had, newest first, each with its changes."""
        with self._read("read the plans") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(PlanRow).where(PlanRow.athlete_id == athlete_id).order_by(PlanRow.id.desc())
            ).all()
            return [_stored(session, row) for row in rows]
