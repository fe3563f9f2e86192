"""The red-flag screening and a clinician's clearance: both shells store the same answers
and stop, then resume, the plan the same way."""

from __future__ import annotations

from shells import Twins

from backstride.rules import RED_FLAGS

NO_FLAGS = {f.id: False for f in RED_FLAGS}


def test_a_yes_stops_the_plan_the_same_way_through_either_shell(twins: Twins) -> None:
    out = twins.cli("screen", "--answers", "1=yes", "--none-apply")
    answers = {**NO_FLAGS, RED_FLAGS[0].id: True}
    body = twins.api("POST", "/api/screening", {"answers": answers}).json()
    assert "plan stopped" in out and body["plan_changes"]
    cli, web = twins.snapshots()
    assert cli == web
    assert cli["plan"].stopped_on is not None


def test_a_clearance_resumes_the_plan_the_same_way(twins: Twins) -> None:
    twins.cli("screen", "--answers", "1=yes", "--none-apply")
    twins.api("POST", "/api/screening", {"answers": {**NO_FLAGS, RED_FLAGS[0].id: True}})
    out = twins.cli("screen", "clear", "--note", "GP, today")
    cleared = twins.api("POST", "/api/screening/clear", {"note": "GP, today"}).json()
    assert "plan resumed" in out and cleared["cleared"] == 1
    cli, web = twins.snapshots()
    assert cli == web
    assert cli["plan"].stopped_on is None


def test_the_screening_form_answers_as_the_command_line(twins: Twins) -> None:
    twins.cli("screen", "--none-apply")
    page = twins.form("/screening", {f"flag_{k}": "no" for k in NO_FLAGS})
    assert "your answers are saved" in page.text
    cli, web = twins.snapshots()
    # the twins' own screening, and this one
    assert cli == web and len(cli["red_flags"]) == 2 * len(RED_FLAGS)
