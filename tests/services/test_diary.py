"""The diary's use cases the command line alone offers for now (a check-in, a session, a
run by hand, a run's warm-up and cool-down, a run's type): the command is only a shell,
storing and re-planning what the use case itself does."""

from __future__ import annotations

from datetime import time, timedelta

from shells import Twins, on_web_twin

from backstride import clock
from backstride.domain.backcare import RunType, SessionKind
from backstride.services.check_in import CheckInEntry, check_in
from backstride.services.log_run import RunEntry, log_run, set_run_type
from backstride.services.log_session import SessionEntry, log_session
from backstride.services.record_routine import RoutineEntry, confirm_routines


def test_a_check_in_is_the_use_case_and_re_plans(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    out = twins.cli("log", "checkin", "--sleep-hours", "6.5", "--stiffness", "3", "--not-enough")
    ws = on_web_twin(twins)
    with ws.store:
        done = check_in(ws, CheckInEntry(None, 6.5, None, 3, False))
    assert "Plan re-planned" in out and done.replanned.changes
    cli, web = twins.snapshots()
    assert cli == web and cli["check_ins"][-1].stiffness == 3


def test_a_session_is_the_use_case_and_re_plans(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    out = twins.cli(
        "log", "session", "--kind", "core", "--minutes", "20", "--exercises", "plank,Side plank"
    )
    ws = on_web_twin(twins)
    with ws.store:
        done = log_session(
            ws, SessionEntry(SessionKind.CORE, 20, exercises=("plank", "Side plank"))
        )
    assert "Plan re-planned" in out and done.replanned.changes
    cli, web = twins.snapshots()
    assert cli == web and cli["sessions"][-1].exercises == ("plank", "side-plank")


def test_a_run_by_hand_its_routines_and_its_type_are_the_use_cases(twins: Twins) -> None:
    day = clock.today("UTC") - timedelta(days=1)
    twins.cli("log", "run", "--date", str(day), "--time", "20:15", "--distance", "4km",
              "--duration", "25:00", "--rpe", "5")  # fmt: skip
    ws = on_web_twin(twins)
    with ws.store:
        log_run(ws, RunEntry(day, 4000, 1500, time(20, 15), rpe=5))
        run_id = ws.store.activities()[-1].id
        assert run_id is not None
        confirm_routines(ws, RoutineEntry(run_id, warm_up_min=5, cool_down_min=0))
        set_run_type(ws, run_id, RunType.SPEED)
    twins.cli("log", "routine", str(run_id), "--warm-up", "5", "--cool-down", "0")
    twins.cli("run-type", str(run_id), "speed")
    cli, web = twins.snapshots()
    assert cli == web
    assert cli["activities"][-1][2] == 5 and cli["run_types"][-1].run_type is RunType.SPEED
