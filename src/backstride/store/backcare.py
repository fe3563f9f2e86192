"""Reading and writing the runner's back care: gear details, pain, check-ins,
sessions, red-flag answers, warm-up and cool-down records and run types.

A mixin of `Store`: every method is one transaction, so a rejected write
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from backstride.domain.activity import Activity, Gear
from backstride.domain.backcare import (
    CheckIn,
    PainReport,
    PainTiming,
    RedFlagAnswer,
    RoutineRecord,
    RunType,
    RunTypeOverride,
    Session,
    SessionKind,
    Shoe,
)
from backstride.store.errors import NotFound, StoreError
from backstride.store.tables import (
    ActivityGearRow,
    ActivityRow,
    AthleteRow,
    CheckInRow,
    GearRow,
    PainReportRow,
    RedFlagAnswerRow,
    RunRoutineRow,
    TrainingSessionRow,
)
from backstride.training.routines import detect_cool_down, detect_warm_up

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


@dataclass(frozen=True)
class RoutineLog:
    """A run's warm-up and cool-down as detected and as the runner logged them."""

    activity_id: int
    detected: RoutineRecord
    record: RoutineRecord  # what the rules use: logged values over detected ones


def routine_record(row: RunRoutineRow) -> RoutineRecord:
    """The runner's values where given, else the detected ones."""

    def pick(logged: object, detected: object) -> object:
        return logged if logged is not None else detected

    warm_logged = row.warm_up_min is not None
    cool_logged = row.cool_down_min is not None
    return RoutineRecord(
        activity_id=row.activity_id,
        warm_up_min=row.warm_up_min if warm_logged else row.detected_warm_up_min,
        warm_up_kind=row.warm_up_kind if warm_logged else row.detected_warm_up_kind,
        cool_down_min=row.cool_down_min if cool_logged else row.detected_cool_down_min,
        cool_down_kind=row.cool_down_kind if cool_logged else row.detected_cool_down_kind,
        confirmed=bool(row.confirmed),
    )


def _detected(row: RunRoutineRow) -> RoutineRecord:
    return RoutineRecord(
        row.activity_id,
        row.detected_warm_up_min,
        row.detected_warm_up_kind,
        row.detected_cool_down_min,
        row.detected_cool_down_kind,
    )


def detect_routine_row(activity_id: int, activity: Activity) -> RunRoutineRow:
    """Warm-up and cool-down from the samples; None minutes where the file cannot show them."""
    warm = detect_warm_up(activity)
    cool = detect_cool_down(activity)
    return RunRoutineRow(
        activity_id=activity_id,
        detected_warm_up_min=warm.minutes if warm else None,
        detected_warm_up_kind=warm.kind if warm else None,
        detected_cool_down_min=cool.minutes if cool else None,
        detected_cool_down_kind=cool.kind if cool else None,
        confirmed=False,
    )


class BackCareStore:
    """The back-care half of `Store`."""

    # Provided by Store.
    def _write(self, what: str) -> AbstractContextManager[DbSession]:
        raise NotImplementedError

    def _read(self, what: str) -> AbstractContextManager[DbSession]:
        raise NotImplementedError

    def _athlete_row(self, session: DbSession) -> AthleteRow:
        raise NotImplementedError

    def gear(self) -> list[Gear]:
        raise NotImplementedError

    def activities_with_samples(self, ids: Sequence[int]) -> list[Activity]:
        raise NotImplementedError

    # -- gear ----------------------------------------------------------------

    def gear_items(self) -> list[GearItem]:
        """Every item of gear with its thresholds, flags and last use."""
        totals = {g.id: g for g in self.gear()}
        with self._read("list gear") as session:
            athlete_id = self._athlete_row(session).id
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
    ) -> Gear:
        """Change one item of gear, found by name (any case)."""
        with self._write(f"update gear {name!r}") as session:
            athlete_id = self._athlete_row(session).id
            row = self._gear_row(session, athlete_id, name)
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
                        raise NotFound(f"{row.name!r} is a {row.kind}: only shoes can be the default")
                    if row.retired:
                        raise NotFound(f"{row.name!r} is retired: it cannot be the default")
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
        self,
        name: str,
        activity_ids: Iterable[int] = (),
        *,
        since: date | None = None,
        until: date | None = None,
        runs_only: bool = True,
        only_without_shoes: bool = False,
        dates_of: dict[int, date] | None = None,
    ) -> int:
        """Attach gear to activities: a shoe replaces the activity's shoe, other gear is added.

        `dates_of` maps activity ids to their local dates (for since/until). Returns how
        many activities changed. An unknown activity id changes nothing.
        """
        ids = list(dict.fromkeys(activity_ids))
        with self._write(f"assign gear {name!r}") as session:
            athlete_id = self._athlete_row(session).id
            gear = self._gear_row(session, athlete_id, name)
            rows = list(
                session.scalars(
                    select(ActivityRow).where(
                        ActivityRow.athlete_id == athlete_id, ActivityRow.id.in_(ids)
                    )
                )
            )
            missing = sorted(set(ids) - {r.id for r in rows})
            if missing:
                raise NotFound(f"there is no activity {missing[0]}; see `backstride activities`")
            if since is not None or until is not None:
                chosen = {
                    i
                    for i, day in (dates_of or {}).items()
                    if (since is None or day >= since) and (until is None or day <= until)
                }
                rows += list(
                    session.scalars(
                        select(ActivityRow).where(
                            ActivityRow.athlete_id == athlete_id, ActivityRow.id.in_(chosen)
                        )
                    )
                )
            changed = 0
            for row in {r.id: r for r in rows}.values():
                if runs_only and not ids and row.sport != "run":
                    continue
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
            athlete_id = self._athlete_row(session).id
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
        raise NotFound(
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

    def _own_activity(self, session: DbSession, athlete_id: int, activity_id: int) -> ActivityRow:
        row = session.get(ActivityRow, activity_id)
        if row is None or row.athlete_id != athlete_id:
            raise NotFound(f"there is no activity {activity_id}; see `backstride activities`")
        return row

    # -- pain, check-ins, sessions ---------------------------------------------

    def add_pain_report(self, report: PainReport) -> PainReport:
        with self._write("log a pain report") as session:
            athlete_id = self._athlete_row(session).id
            if report.activity_id is not None:
                self._own_activity(session, athlete_id, report.activity_id)
            row = PainReportRow(
                athlete_id=athlete_id,
                at_utc=report.at,
                score=float(report.score),
                timing=PainTiming(report.timing).value,
                location=report.location,
                radiating=report.radiating,
                activity_id=report.activity_id,
                note=report.note,
            )
            session.add(row)
            session.flush()
            return _pain(row)

    def pain_reports(self) -> list[PainReport]:
        with self._read("list pain reports") as session:
            athlete_id = self._athlete_row(session).id
            rows = session.scalars(
                select(PainReportRow)
                .where(PainReportRow.athlete_id == athlete_id)
                .order_by(PainReportRow.at_utc, PainReportRow.id)
            ).all()
            return [_pain(r) for r in rows]

    def save_check_in(self, check_in: CheckIn) -> CheckIn:
        """Record the day's check-in; fields given again replace earlier ones that day."""
        with self._write(f"save the check-in of {check_in.on}") as session:
            athlete_id = self._athlete_row(session).id
            row = session.scalar(
                select(CheckInRow).where(
                    CheckInRow.athlete_id == athlete_id, CheckInRow.on_date == check_in.on
                )
            )
            if row is None:
                row = CheckInRow(athlete_id=athlete_id, on_date=check_in.on)
                session.add(row)
            for name in ("sleep_hours", "sleep_quality", "stiffness", "ate_enough"):
                value = getattr(check_in, name)
                if value is not None:
                    setattr(row, name, value)
            session.flush()
            return _check_in(row)

    def check_ins(self) -> list[CheckIn]:
        with self._read("list check-ins") as session:
            athlete_id = self._athlete_row(session).id
            rows = session.scalars(
                select(CheckInRow)
                .where(CheckInRow.athlete_id == athlete_id)
                .order_by(CheckInRow.on_date)
            ).all()
            return [_check_in(r) for r in rows]

    def add_session(self, logged: Session) -> Session:
        with self._write(f"log a {logged.kind.value} session") as session:
            athlete_id = self._athlete_row(session).id
            row = TrainingSessionRow(
                athlete_id=athlete_id,
                on_date=logged.on,
                start_utc=logged.start,
                kind=SessionKind(logged.kind).value,
                minutes=float(logged.minutes),
                exercises=",".join(logged.exercises) or None,
                rpe=logged.rpe,
            )
            session.add(row)
            session.flush()
            return _session(row)

    def sessions(self) -> list[Session]:
        with self._read("list sessions") as session:
            athlete_id = self._athlete_row(session).id
            rows = session.scalars(
                select(TrainingSessionRow)
                .where(TrainingSessionRow.athlete_id == athlete_id)
                .order_by(TrainingSessionRow.on_date, TrainingSessionRow.id)
            ).all()
            return [_session(r) for r in rows]

    # -- red flags -------------------------------------------------------------

    def add_red_flag_answers(self, answers: Sequence[RedFlagAnswer]) -> list[RedFlagAnswer]:
        with self._write("save red-flag answers") as session:
            athlete_id = self._athlete_row(session).id
            rows = [
                RedFlagAnswerRow(
                    athlete_id=athlete_id,
                    question=a.question,
                    answered_utc=a.answered_at,
                    positive=a.positive,
                    cleared_utc=a.cleared_at,
                )
                for a in answers
            ]
            session.add_all(rows)
            session.flush()
            return [_answer(r) for r in rows]

    def red_flag_answers(self) -> list[RedFlagAnswer]:
        with self._read("list red-flag answers") as session:
            athlete_id = self._athlete_row(session).id
            rows = session.scalars(
                select(RedFlagAnswerRow)
                .where(RedFlagAnswerRow.athlete_id == athlete_id)
                .order_by(RedFlagAnswerRow.answered_utc, RedFlagAnswerRow.id)
            ).all()
            return [_answer(r) for r in rows]

    def clear_red_flags(
        self, at: datetime, *, question: str | None = None, note: str | None = None
    ) -> int:
        """Record that a clinician cleared the positive answers (one question, or all)."""
        with self._write("clear red flags") as session:
            athlete_id = self._athlete_row(session).id
            query = select(RedFlagAnswerRow).where(
                RedFlagAnswerRow.athlete_id == athlete_id,
                RedFlagAnswerRow.positive.is_(True),
                RedFlagAnswerRow.cleared_utc.is_(None),
            )
            if question is not None:
                query = query.where(RedFlagAnswerRow.question == question)
            rows = list(session.scalars(query))
            for row in rows:
                row.cleared_utc = at
                row.cleared_note = note
            return len(rows)

    # -- routines and run types ------------------------------------------------

    def routine_logs(self) -> dict[int, RoutineLog]:
        with self._read("list warm-ups and cool-downs") as session:
            athlete_id = self._athlete_row(session).id
            rows = session.scalars(
                select(RunRoutineRow)
                .join(ActivityRow, ActivityRow.id == RunRoutineRow.activity_id)
                .where(ActivityRow.athlete_id == athlete_id)
            ).all()
            return {r.activity_id: RoutineLog(r.activity_id, _detected(r), routine_record(r)) for r in rows}

    def log_routine(
        self,
        activity_id: int,
        *,
        warm_up_min: float | None = None,
        warm_up_kind: str | None = None,
        cool_down_min: float | None = None,
        cool_down_kind: str | None = None,
    ) -> RoutineRecord:
        """Confirm a run's warm-up and cool-down, correcting the values given."""
        with self._write(f"log the routines of activity {activity_id}") as session:
            athlete_id = self._athlete_row(session).id
            activity = self._own_activity(session, athlete_id, activity_id)
            if activity.sport != "run":
                raise NotFound(f"activity {activity_id} is a {activity.sport}, not a run")
            row = session.get(RunRoutineRow, activity_id)
            if row is None:
                row = RunRoutineRow(activity_id=activity_id, confirmed=False)
                session.add(row)
            warm = warm_up_min if warm_up_min is not None else row.detected_warm_up_min
            cool = cool_down_min if cool_down_min is not None else row.detected_cool_down_min
            if warm is None or cool is None:
                which = "--warm-up" if warm is None else "--cool-down"
                raise NotFound(
                    f"activity {activity_id}'s file does not show its "
                    f"{'warm-up' if warm is None else 'cool-down'}: give {which} MINUTES"
                )
            row.warm_up_min = float(warm)
            row.warm_up_kind = warm_up_kind if warm_up_min is not None else row.detected_warm_up_kind
            row.cool_down_min = float(cool)
            row.cool_down_kind = (
                cool_down_kind if cool_down_min is not None else row.detected_cool_down_kind
            )
            if row.warm_up_min == 0:
                row.warm_up_kind = None
            if row.cool_down_min == 0:
                row.cool_down_kind = None
            row.confirmed = True
            session.flush()
            return routine_record(row)

    def activity_ids_without_routines(self) -> list[int]:
        """Runs whose samples were never checked for a warm-up and a cool-down."""
        with self._read("find runs to check") as session:
            athlete_id = self._athlete_row(session).id
            return list(
                session.scalars(
                    select(ActivityRow.id)
                    .outerjoin(RunRoutineRow, RunRoutineRow.activity_id == ActivityRow.id)
                    .where(
                        ActivityRow.athlete_id == athlete_id,
                        ActivityRow.sport == "run",
                        RunRoutineRow.activity_id.is_(None),
                    )
                    .order_by(ActivityRow.id)
                )
            )

    def detect_routines(self, batch: int = 50) -> int:
        """Detect warm-ups and cool-downs for runs stored before detection existed."""
        ids = self.activity_ids_without_routines()
        done = 0
        for start in range(0, len(ids), batch):
            activities = self.activities_with_samples(ids[start : start + batch])
            with self._write("store detected warm-ups and cool-downs") as session:
                for activity in activities:
                    if activity.id is not None and session.get(RunRoutineRow, activity.id) is None:
                        session.add(detect_routine_row(activity.id, activity))
                        done += 1
        return done

    def set_run_type(self, activity_id: int, run_type: RunType | None) -> None:
        """The runner's classification of a run; None goes back to detection."""
        with self._write(f"set the type of activity {activity_id}") as session:
            athlete_id = self._athlete_row(session).id
            row = self._own_activity(session, athlete_id, activity_id)
            if row.sport != "run":
                raise NotFound(f"activity {activity_id} is a {row.sport}, not a run")
            row.run_type = RunType(run_type).value if run_type is not None else None

    def run_type_overrides(self) -> list[RunTypeOverride]:
        with self._read("list run types") as session:
            athlete_id = self._athlete_row(session).id
            rows = session.execute(
                select(ActivityRow.id, ActivityRow.run_type).where(
                    ActivityRow.athlete_id == athlete_id, ActivityRow.run_type.is_not(None)
                )
            ).all()
            return [RunTypeOverride(i, RunType(t)) for i, t in rows]


def _aware_max(values: list[datetime]) -> datetime | None:
    return max(values) if values else None


def _pain(row: PainReportRow) -> PainReport:
    return PainReport(
        at=row.at_utc,
        score=row.score,
        timing=PainTiming(row.timing),
        location=row.location,
        radiating=bool(row.radiating),
        activity_id=row.activity_id,
        note=row.note,
        id=row.id,
    )


def _check_in(row: CheckInRow) -> CheckIn:
    return CheckIn(
        on=row.on_date,
        sleep_hours=row.sleep_hours,
        sleep_quality=row.sleep_quality,
        stiffness=row.stiffness,
        ate_enough=row.ate_enough,
        id=row.id,
    )


def _session(row: TrainingSessionRow) -> Session:
    return Session(
        on=row.on_date,
        kind=SessionKind(row.kind),
        minutes=row.minutes,
        exercises=tuple(e for e in (row.exercises or "").split(",") if e),
        start=row.start_utc,
        rpe=row.rpe,
        id=row.id,
    )


def _answer(row: RedFlagAnswerRow) -> RedFlagAnswer:
    return RedFlagAnswer(
        question=row.question,
        answered_at=row.answered_utc,
        positive=bool(row.positive),
        cleared_at=row.cleared_utc,
        id=row.id,
    )


__all__ = ["BackCareStore", "GearItem", "RoutineLog", "StoreError"]
