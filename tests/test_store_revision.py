"""The store's revision, on a real SQLite file and a real PostgreSQL: every write
raises it, from any connection; reads and refused writes leave it as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from backstride import clock
from backstride.domain.activity import Activity, SourceFormat, Sport, Units
from backstride.domain.backcare import (
    CheckIn,
    PainReport,
    PainTiming,
    RedFlagAnswer,
    RunType,
    SessionKind,
)
from backstride.domain.backcare import Session as TrainingSession
from backstride.services.history import load_history
from backstride.store import Store, StoreError

START = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


def a_run(i: int) -> Activity:
    """A run without samples; `i` makes its day and its content hash unique."""
    return Activity(
        sport=Sport.RUN,
        start_utc=START + timedelta(days=i),
        elapsed_s=1800.0,
        source_format=SourceFormat.MANUAL,
        distance_m=5000.0 + i,
        content_hash=f"{i:064x}",
    )


def test_a_new_database_has_a_revision(open_db: Callable[[], Store]) -> None:
    assert open_db().revision() == 0


def test_reads_leave_the_revision_as_it_was(open_db: Callable[[], Store]) -> None:
    store = open_db()
    store.add_activity(a_run(0))
    before = store.revision()
    store.athlete()
    store.activities()
    store.gear_items()
    store.pain_reports()
    store.routine_logs()
    store.active_plan()
    load_history(store)
    assert store.revision() == before


def test_every_kind_of_write_raises_the_revision(open_db: Callable[[], Store]) -> None:
    store = open_db()
    run_id = store.add_activity(a_run(0))
    now = clock.now_utc()
    writes: list[tuple[str, Callable[[], object]]] = [
        ("add an activity", lambda: store.add_activity(a_run(1))),
        ("replace an activity", lambda: store.replace_activity(run_id, a_run(0))),
        ("update the athlete", lambda: store.update_athlete(units=Units.MI)),
        ("add gear", lambda: store.add_gear("Ghost 15")),
        ("flag gear worn", lambda: store.update_gear("Ghost 15", worn=True, worn_on=clock.today())),
        ("assign gear", lambda: store.assign_gear("Ghost 15", [run_id])),
        ("log pain", lambda: store.add_pain_report(PainReport(now, 4, PainTiming.DURING))),
        ("check in", lambda: store.save_check_in(CheckIn(clock.today(), stiffness=3))),
        (
            "log a session",
            lambda: store.add_session(TrainingSession(clock.today(), SessionKind.CORE, 15)),
        ),
        (
            "answer red flags",
            lambda: store.add_red_flag_answers([RedFlagAnswer("fever", now, True)]),
        ),
        ("clear red flags", lambda: store.clear_red_flags(now)),
        ("log a routine", lambda: store.log_routine(run_id, warm_up_min=5, cool_down_min=3)),
        ("set a run type", lambda: store.set_run_type(run_id, RunType.LONG)),
    ]
    for what, write in writes:
        before = store.revision()
        write()
        after = store.revision()
        assert before is not None and after is not None and after > before, what


def test_a_refused_write_leaves_the_revision_as_it_was(open_db: Callable[[], Store]) -> None:
    store = open_db()
    store.add_activity(a_run(0))
    before = store.revision()
    with pytest.raises(StoreError, match="already imported"):
        store.add_activity(a_run(0))
    with pytest.raises(StoreError):
        store.update_athlete(time_zone="Mars/Olympus_Mons")
    assert store.revision() == before


def test_a_write_through_another_connection_is_seen(open_db: Callable[[], Store]) -> None:
    reader, writer = open_db(), open_db()
    before = reader.revision()
    writer.add_pain_report(PainReport(clock.now_utc(), 6, PainTiming.AFTER))
    after = reader.revision()
    assert before is not None and after is not None and after > before
