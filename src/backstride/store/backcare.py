"""Reading and writing the runner's back care: pain, check-ins, sessions,
red-flag answers, warm-up and cool-down records and run types.

A mixin of `Store`: every method is one transaction, so a rejected write
changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select

from backstride.domain.activity import Activity
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
)
from backstride.store.access import StoreAccess
from backstride.store.errors import InputError
from backstride.store.tables import (
    ActivityRow,
    CheckInRow,
    PainReportRow,
    RedFlagAnswerRow,
    RunRoutineRow,
    TrainingSessionRow,
)
from backstride.training.routines import RoutineFound


@dataclass(frozen=True)
class RoutineLog:
    """A run's warm-up and cool-down as detected and as the runner logged them."""

    activity_id: int
    detected: RoutineRecord
    record: RoutineRecord  # what the rules use: logged values over detected ones


def routine_record(row: RunRoutineRow | Row[Any]) -> RoutineRecord:
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


def _detected(row: RunRoutineRow | Row[Any]) -> RoutineRecord:
    return RoutineRecord(
        row.activity_id,
        row.detected_warm_up_min,
        row.detected_warm_up_kind,
        row.detected_cool_down_min,
        row.detected_cool_down_kind,
    )


def routine_row_values(found: RoutineFound, activity_id: int) -> dict[str, Any]:
    """The run_routine row of `found` (not yet confirmed by the runner)."""
    return {
        "activity_id": activity_id,
        "detected_warm_up_min": found.warm_up_min,
        "detected_warm_up_kind": found.warm_up_kind,
        "detected_cool_down_min": found.cool_down_min,
        "detected_cool_down_kind": found.cool_down_kind,
        "confirmed": False,
    }


def detect_routine_row(activity_id: int, activity: Activity) -> RunRoutineRow:
    """Warm-up and cool-down from the samples; None minutes where the file cannot show them."""
    return RunRoutineRow(**routine_row_values(RoutineFound.of(activity), activity_id))


class BackCareStore(StoreAccess):
    """The back-care half of `Store`: pain, check-ins, sessions, red flags, routines."""

    # -- pain, check-ins, sessions ---------------------------------------------

    def add_pain_report(self, report: PainReport) -> PainReport:
        with self._write("log a pain report") as session:
            athlete_id = self._athlete_id_in(session)
            if report.activity_id is not None:
                self._own_activity(session, athlete_id, report.activity_id)
            row = PainReportRow(
                athlete_id=athlete_id,
                at_utc=report.at,
                score=float(report.score),
                timing=PainTiming(report.timing).value,
                location=report.location,
                radiating=report.radiating,
                numbness=report.numbness,
                activity_id=report.activity_id,
                note=report.note,
            )
            session.add(row)
            session.flush()
            return _pain(row)

    def replace_pain_report(self, report: PainReport) -> PainReport:
        """The report `report.id` now says what `report` says (its moment and run stay)."""
        with self._write(f"correct pain report {report.id}") as session:
            athlete_id = self._athlete_id_in(session)
            row = session.get(PainReportRow, report.id)
            if row is None or row.athlete_id != athlete_id:
                raise InputError(f"there is no pain report {report.id}")
            row.score = float(report.score)
            row.timing = PainTiming(report.timing).value
            row.location = report.location
            row.radiating = report.radiating
            row.numbness = report.numbness
            row.note = report.note
            session.flush()
            return _pain(row)

    def pain_reports(self) -> list[PainReport]:
        with self._read("list pain reports") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(PainReportRow)
                .where(PainReportRow.athlete_id == athlete_id)
                .order_by(PainReportRow.at_utc, PainReportRow.id)
            ).all()
            return [_pain(r) for r in rows]

    def save_check_in(self, check_in: CheckIn) -> CheckIn:
        """Record the day's check-in; fields given again replace earlier ones that day."""
        with self._write(f"save the check-in of {check_in.on}") as session:
            athlete_id = self._athlete_id_in(session)
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
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(CheckInRow)
                .where(CheckInRow.athlete_id == athlete_id)
                .order_by(CheckInRow.on_date)
            ).all()
            return [_check_in(r) for r in rows]

    def add_session(self, logged: Session) -> Session:
        with self._write(f"log a {logged.kind.value} session") as session:
            athlete_id = self._athlete_id_in(session)
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

    def replace_session(self, logged: Session) -> Session:
        """The session `logged.id` now says what `logged` says (its day and start stay)."""
        with self._write(f"correct session {logged.id}") as session:
            athlete_id = self._athlete_id_in(session)
            row = session.get(TrainingSessionRow, logged.id)
            if row is None or row.athlete_id != athlete_id:
                raise InputError(f"there is no session {logged.id}")
            row.kind = SessionKind(logged.kind).value
            row.minutes = float(logged.minutes)
            row.exercises = ",".join(logged.exercises) or None
            row.rpe = logged.rpe
            session.flush()
            return _session(row)

    def sessions(self) -> list[Session]:
        with self._read("list sessions") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.scalars(
                select(TrainingSessionRow)
                .where(TrainingSessionRow.athlete_id == athlete_id)
                .order_by(TrainingSessionRow.on_date, TrainingSessionRow.id)
            ).all()
            return [_session(r) for r in rows]

    # -- red flags -------------------------------------------------------------

    def add_red_flag_answers(self, answers: Sequence[RedFlagAnswer]) -> list[RedFlagAnswer]:
        with self._write("save red-flag answers") as session:
            athlete_id = self._athlete_id_in(session)
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
            athlete_id = self._athlete_id_in(session)
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
            athlete_id = self._athlete_id_in(session)
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

    def correct_red_flag_answer(self, answer_id: int, positive: bool) -> RedFlagAnswer:
        """The runner's answer `answer_id` now says `positive`; a clinician's clearance of
        it stays as it was. `InputError` when the runner has no such answer."""
        with self._write(f"correct red-flag answer {answer_id}") as session:
            row = session.get(RedFlagAnswerRow, answer_id)
            if row is None or row.athlete_id != self._athlete_id_in(session):
                raise InputError(f"there is no red-flag answer {answer_id}")
            row.positive = positive
            session.flush()
            return _answer(row)

    # -- routines and run types ------------------------------------------------

    def routine_logs(self) -> dict[int, RoutineLog]:
        return {
            r.activity_id: RoutineLog(r.activity_id, _detected(r), routine_record(r))
            for r in self._routine_rows()
        }

    def routine_records(self) -> list[RoutineRecord]:
        """What the rules use of each run's routines: `[log.record for log in routine_logs()]`."""
        return [routine_record(r) for r in self._routine_rows()]

    def _routine_rows(self) -> Sequence[Row[Any]]:
        with self._read("list warm-ups and cool-downs") as session:
            athlete_id = self._athlete_id_in(session)
            # Plain rows, not ORM objects: ten years of runs stay fast.
            return session.execute(
                select(*RunRoutineRow.__table__.columns)
                .join(ActivityRow, ActivityRow.id == RunRoutineRow.activity_id)
                .where(ActivityRow.athlete_id == athlete_id)
            ).all()

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
            athlete_id = self._athlete_id_in(session)
            activity = self._own_activity(session, athlete_id, activity_id)
            if activity.sport != "run":
                raise InputError(f"activity {activity_id} is a {activity.sport}, not a run")
            row = session.get(RunRoutineRow, activity_id)
            if row is None:
                row = RunRoutineRow(activity_id=activity_id, confirmed=False)
                session.add(row)
            warm = warm_up_min if warm_up_min is not None else row.detected_warm_up_min
            cool = cool_down_min if cool_down_min is not None else row.detected_cool_down_min
            if warm is None or cool is None:
                which = "--warm-up" if warm is None else "--cool-down"
                raise InputError(
                    f"activity {activity_id}'s file does not show its "
                    f"{'warm-up' if warm is None else 'cool-down'}: give {which} MINUTES"
                )
            row.warm_up_min = float(warm)
            row.warm_up_kind = (
                warm_up_kind if warm_up_min is not None else row.detected_warm_up_kind
            )
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
            athlete_id = self._athlete_id_in(session)
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
            athlete_id = self._athlete_id_in(session)
            row = self._own_activity(session, athlete_id, activity_id)
            if row.sport != "run":
                raise InputError(f"activity {activity_id} is a {row.sport}, not a run")
            row.run_type = RunType(run_type).value if run_type is not None else None

    def run_type_overrides(self) -> list[RunTypeOverride]:
        with self._read("list run types") as session:
            athlete_id = self._athlete_id_in(session)
            rows = session.execute(
                select(ActivityRow.id, ActivityRow.run_type).where(
                    ActivityRow.athlete_id == athlete_id, ActivityRow.run_type.is_not(None)
                )
            ).all()
            return [RunTypeOverride(i, RunType(t)) for i, t in rows if t is not None]


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
        numbness=bool(row.numbness),
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
