"""A routine done: the player's record and `routine run --record` log the same session
and re-plan the same."""

from __future__ import annotations

from shells import Twins


def test_a_core_routine_is_the_same_session_through_either_shell(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    out = twins.cli("routine", "run", "core", "--record")
    done = twins.api("POST", "/api/routines/core/done", {}).json()
    assert "Logged" in out and done["recorded"] is True
    assert "Plan re-planned" in out and done["plan_changes"]
    cli, web = twins.snapshots()
    assert cli == web
    assert [s.kind.value for s in cli["sessions"]][-1] == "core"
