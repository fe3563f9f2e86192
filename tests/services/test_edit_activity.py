"""Correcting one activity lands whole or not at all: a refusal, from the checks or from
the database itself, leaves every part of the activity as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from backstride import clock
from backstride.services.edit_activity import ActivityEdit, edit_activity, run_of
from backstride.services.errors import Invalid
from backstride.services.log_run import RunEntry, log_run
from backstride.services.workspace import Workspace
from backstride.store import Store, open_store
from backstride.store.errors import StoreError


def _logged_run(ws: Workspace) -> int:
    """A run logged by hand: no samples, so no warm-up or cool-down was detected."""
    day = clock.today() - timedelta(days=1)
    ws.store.add_gear("Trail pair")
    log_run(ws, RunEntry(day=day, distance_m=5000, duration_s=1800, name="Morning"))
    (run,) = ws.store.activities()
    assert run.id is not None
    return run.id


def _state(store: Store, activity_id: int) -> tuple[object, ...]:
    (activity,) = [a for a in store.activities() if a.id == activity_id]
    routines = [r for r in store.routine_records() if r.activity_id == activity_id]
    overrides = [o for o in store.run_type_overrides() if o.activity_id == activity_id]
    return activity.name, activity.gear, tuple(routines), tuple(overrides)


def test_a_confirmation_without_the_minutes_the_file_lacks_is_refused_before_any_write(
    open_db: Callable[[], Store], tmp_path: Path
) -> None:
    ws = Workspace(open_db(), tmp_path / "rules.toml")
    run_id = _logged_run(ws)
    before = _state(ws.store, run_id)
    with pytest.raises(Invalid) as refused:
        edit_activity(
            ws, run_id, ActivityEdit(name="Tempo", shoe="trail pair", confirm_routines=True)
        )
    assert refused.value.field == "warm_up_min"
    assert "does not show its warm-up" in str(refused.value)
    assert str(run_id) not in str(refused.value) and "--" not in str(refused.value)
    assert _state(ws.store, run_id) == before
    with pytest.raises(Invalid) as refused:
        edit_activity(ws, run_id, ActivityEdit(name="Tempo", warm_up_min=10))
    assert refused.value.field == "cool_down_min"
    assert _state(ws.store, run_id) == before

    # given both, the same edit lands whole
    done = edit_activity(
        ws, run_id, ActivityEdit(name="Tempo", shoe="trail pair", warm_up_min=10, cool_down_min=5)
    )
    assert "name: Tempo" in done.changed and "shoes: Trail pair" in done.changed
    run = run_of(ws, run_id)
    assert run is not None and (run.warm_up_min, run.cool_down_min) == (10, 5)
    assert run.shoe == "Trail pair" and run.routines_confirmed


def test_when_the_database_refuses_the_last_part_the_first_parts_are_rolled_back(
    tmp_path: Path,
) -> None:
    db = tmp_path / "refusing.db"
    ws = Workspace(open_store(f"sqlite:///{db}"), tmp_path / "rules.toml")
    try:
        run_id = _logged_run(ws)
        before = _state(ws.store, run_id)
        with ws.store.engine.begin() as connection:  # the disk, full at the worst moment
            for event in ("INSERT", "UPDATE"):
                connection.execute(
                    text(
                        f"CREATE TRIGGER refuse_{event} BEFORE {event} ON run_routine "
                        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
                    )
                )
        edit = ActivityEdit(
            name="Tempo", run_type="speed", shoe="Trail pair", warm_up_min=10, cool_down_min=5
        )
        with pytest.raises(StoreError) as failed:
            edit_activity(ws, run_id, edit)
        assert "disk is full" in str(failed.value)
        assert _state(ws.store, run_id) == before
        with ws.store.engine.begin() as connection:
            for event in ("INSERT", "UPDATE"):
                connection.execute(text(f"DROP TRIGGER refuse_{event}"))
        edit_activity(ws, run_id, edit)
        after = _state(ws.store, run_id)
        assert after[0] == "Tempo" and after[1] == "Trail pair" and after[2] and after[3]
    finally:
        ws.store.close()


def test_an_atomic_block_inside_another_is_part_of_it(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'nested.db'}") as store:
        with pytest.raises(RuntimeError), store.atomic("outer"):
            with store.atomic("inner"):
                store.add_gear("Road pair")
            store.add_gear("Spare pair", default=True)
            raise RuntimeError("after both")
        assert store.gear_items() == []
        store.add_gear("Road pair", default=True)
        (road,) = store.gear_items()
        assert road.gear.name == "Road pair" and road.is_default
