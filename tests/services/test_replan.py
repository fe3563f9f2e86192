"""The one re-plan path: nothing to do without a plan; a broken rules file leaves the plan
as it was and says why; otherwise the plan follows the history and names each change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from shells import Twins, on_web_twin

from backstride import clock
from backstride.services.replan import replan
from backstride.services.workspace import Workspace
from backstride.store import open_store


def test_without_a_plan_there_is_nothing_to_re_plan(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'new.db'}") as store:
        done = replan(Workspace.of(store))
    assert done.plan is None and done.changes == () and done.problem is None


def test_a_broken_rules_file_leaves_the_plan_as_it_was(twins: Twins) -> None:
    twins.web_db.with_name("runner.rules.toml").write_text("week_start = 'someday'\n")
    twins.pain_behind_the_back(7)
    ws = on_web_twin(twins)
    with ws.store:
        before = ws.store.active_plan()
        done = replan(ws)
        after = ws.store.active_plan()
    assert done.problem is not None and "plan not re-planned" in done.problem
    assert "runner.rules.toml" in done.problem
    assert before is not None and after is not None and after.plan == before.plan


def test_the_plan_follows_the_history_and_each_change_is_said_once(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    ws = on_web_twin(twins)
    with ws.store:
        done = replan(ws)
        again = replan(ws)
    assert done.plan is not None and {c.rule for c in done.changes} >= {"pain-during"}
    assert len({(c.on, c.rule, c.trigger) for c in done.changes}) == len(done.changes)
    assert again.changes == () and again.plan == done.plan, "the same report acts once"


def test_missed_planned_days_re_plan_on_the_next_read_in_either_shell(
    twins: Twins, move_clock: Callable[[timedelta], None]
) -> None:
    """Day by day with no run logged: each read (a command, a page view) catches the plan
    up with the days that have passed, the same in both shells; by the time the missed
    runs matter the plan has changed and says why. (One missed run may change nothing:
    the week can still be run as planned.)"""
    before, _ = twins.plans()
    first_run = min(s.on for s in before.sessions if s.is_run)
    move_clock(timedelta(days=(first_run - clock.today("UTC")).days + 1))
    for _ in range(14):
        twins.cli("status")  # a read on the command line
        assert twins.web.get("/plan").status_code == 200  # a page view on the web
        cli, web = twins.plans()
        assert cli == web, "both shells caught up the same way"
        if cli != before:
            break
        move_clock(timedelta(days=1))
    assert cli != before, "two weeks of missed runs re-planned the coming days"
    assert len(cli.changes) > len(before.changes), "and says so"
    with open_store(f"sqlite:///{twins.web_db}") as store:
        saved = store.active_plan()
    assert saved is not None
    twins.web.get("/api/plan")
    twins.web.get("/")
    with open_store(f"sqlite:///{twins.web_db}") as store:
        again = store.active_plan()
    assert again is not None and again.saved_utc == saved.saved_utc, "reads write once"


def test_a_read_with_nothing_passed_writes_nothing(twins: Twins) -> None:
    with open_store(f"sqlite:///{twins.web_db}") as store:
        saved = store.active_plan()
    for path in ("/", "/plan", "/week", "/api/plan", "/api/status"):
        assert twins.web.get(path).status_code == 200
    with open_store(f"sqlite:///{twins.web_db}") as store:
        again = store.active_plan()
    assert saved is not None and again is not None and again.saved_utc == saved.saved_utc
