"""Plans in the store on a real SQLite file and, with BACKSTRIDE_TEST_POSTGRES_URL, a real
PostgreSQL: saved and read back equal, adapted in place, replaced with their history kept;
and the lossless record (`plan.codec`) the store keeps them as."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect
from test_plan_builders import TODAY, at, goals, histories, profiles, steady_history

from backstride.domain.activity import Units
from backstride.domain.backcare import History, PainReport, PainTiming
from backstride.plan import Plan, PlanError, PlanProfile, SessionType, generate, parse_goal
from backstride.plan.adapt import adapt
from backstride.plan.codec import FORMAT, plan_from_record, plan_record
from backstride.store import Store, StoreError, open_store

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    """A fresh store on SQLite, and on PostgreSQL when it is configured."""
    with open_store(db_url) as opened:
        yield opened


def _plan_and_history() -> tuple[Plan, History]:
    history = steady_history(TODAY)
    return generate(PlanProfile(), history, parse_goal("weekly:30km"), None, TODAY).plan, history


def _bad_run(plan: Plan, history: History, score: float) -> tuple[Plan, History]:
    """Pain `score` during the first planned run: adaptation records a change."""
    day = next(s.on for s in plan.sessions if s.is_run)
    hurt = replace(history, pain_reports=(PainReport(at(day, 9), score, PainTiming.DURING),))
    return adapt(plan, hurt, None, day), hurt


# -- the record --------------------------------------------------------------------


def test_a_plan_survives_its_record_as_json() -> None:
    history = steady_history(TODAY)
    race = parse_goal(f"race:10k@{TODAY + timedelta(weeks=40)}")  # a plan with speed work
    plan = generate(PlanProfile(), history, race, None, TODAY).plan
    adapted, _ = _bad_run(plan, history, 8)  # swaps a run for cross-training
    assert any(s.speed for s in plan.sessions) and adapted.changes
    assert any(s.kind is SessionType.CROSS and s.cross_kind for s in adapted.sessions)
    assert plan_from_record(json.loads(json.dumps(plan_record(plan)))) == plan
    record = json.loads(json.dumps(plan_record(adapted)))
    assert record["format"] == FORMAT
    assert plan_from_record(record) == adapted
    bare = plan_record(adapted, with_changes=False)
    assert bare["changes"] == [] and plan_from_record(bare, adapted.changes) == adapted


def test_a_race_plan_in_miles_with_chosen_days_survives() -> None:
    profile = PlanProfile(Units.MI, (0, 2, 5), 5, None, 9000.0)
    goal = parse_goal("race:5k@2026-05-03", Units.MI)
    plan = generate(profile, History(), goal, None, TODAY).plan
    assert any(s.race for s in plan.sessions)
    assert plan_from_record(json.loads(json.dumps(plan_record(plan)))) == plan


def test_a_record_from_another_format_is_one_clear_error() -> None:
    plan, _ = _plan_and_history()
    record = plan_record(plan)
    with pytest.raises(PlanError, match="unknown stored plan format 99"):
        plan_from_record({**record, "format": 99})
    with pytest.raises(PlanError, match="cannot be read: KeyError"):
        plan_from_record({k: v for k, v in record.items() if k != "sessions"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_generated_plan_survives_its_record(data: st.DataObject) -> None:
    profile = data.draw(profiles())
    history = data.draw(histories(TODAY))
    goal = data.draw(goals(TODAY))
    plan = generate(profile, history, goal, None, TODAY).plan
    assert plan_from_record(json.loads(json.dumps(plan_record(plan)))) == plan


# -- the store ---------------------------------------------------------------------


def test_the_schema_has_the_plan_tables(store: Store) -> None:
    assert {"plan", "plan_change"} <= set(inspect(store.engine).get_table_names())


def test_a_saved_plan_reads_back_equal(store: Store) -> None:
    assert store.active_plan() is None and store.plans() == []
    plan, history = _plan_and_history()
    adapted, _ = _bad_run(plan, history, 6.5)
    saved = store.save_new_plan(adapted)
    active = store.active_plan()
    assert active is not None and active.id == saved.id and active.active
    assert active.plan == adapted
    assert active.saved_utc.tzinfo is not None


def test_adapting_saves_over_the_active_plan_and_appends_changes(store: Store) -> None:
    plan, history = _plan_and_history()
    stored = store.save_new_plan(plan)
    adapted, hurt = _bad_run(plan, history, 6.5)
    store.update_plan(stored.id, adapted)
    day = adapted.changes[-1].made_on + timedelta(days=3)
    again = adapt(
        adapted,
        replace(hurt, pain_reports=(*hurt.pain_reports, PainReport(at(day), 7, PainTiming.DURING))),
        None,
        day,
    )
    assert len(again.changes) > len(adapted.changes)
    store.update_plan(stored.id, again)
    active = store.active_plan()
    assert active is not None and active.id == stored.id and active.plan == again
    # a rewritten (not appended) list of changes is stored as given
    store.update_plan(stored.id, replace(again, changes=again.changes[1:]))
    rewritten = store.active_plan()
    assert rewritten is not None and rewritten.plan.changes == again.changes[1:]


def test_a_new_plan_replaces_the_active_one_and_keeps_its_history(store: Store) -> None:
    plan, history = _plan_and_history()
    adapted, _ = _bad_run(plan, history, 6.5)
    first = store.save_new_plan(adapted)
    second_plan = generate(PlanProfile(), history, parse_goal("weekly:25km"), None, TODAY).plan
    second = store.save_new_plan(second_plan)
    plans = store.plans()
    assert [p.id for p in plans] == [second.id, first.id]
    assert [p.active for p in plans] == [True, False]
    assert plans[1].plan == adapted and plans[1].replaced_utc is not None
    active = store.active_plan()
    assert active is not None and active.plan == second_plan
    with pytest.raises(StoreError, match="replaced by a newer plan"):
        store.update_plan(first.id, adapted)
    with pytest.raises(StoreError, match="no plan 9999"):
        store.update_plan(9999, adapted)
