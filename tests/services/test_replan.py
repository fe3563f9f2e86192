"""The one re-plan path: nothing to do without a plan; a broken rules file leaves the plan
as it was and says why; otherwise the plan follows the history and names each change."""

from __future__ import annotations

from pathlib import Path

from shells import Twins, on_web_twin

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
