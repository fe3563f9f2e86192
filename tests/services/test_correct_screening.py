"""Correcting a screening answer: the command line, the page and PATCH store the same and
re-plan the same; a corrected yes stops the plan exactly as the same yes in a new
screening; a clinician's clearance stays on record whichever way the answer goes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from clitools import dump, ok, run
from shells import Twins, snapshot
from webtools import assert_error

from backstride.rules import RED_FLAGS
from backstride.store import open_store

BLADDER = RED_FLAGS[0].id


def _latest_id(twins: Twins, question: str = BLADDER) -> int:
    answers = twins.web.get("/api/screening/answers").json()
    assert [a["number"] for a in answers] == list(range(1, len(RED_FLAGS) + 1))
    return int(next(a["id"] for a in answers if a["question"] == question))


def test_a_corrected_yes_stops_the_plan_as_the_same_yes_in_a_new_screening(
    twins: Twins, planned_runner: Path, tmp_path: Path
) -> None:
    out = twins.cli("screen", "correct", "1", "yes")
    body = twins.api("PATCH", f"/api/screening/answers/{_latest_id(twins)}", {"positive": True})
    assert body.status_code == 200, body.text
    assert "Question 1 now says yes" in out and "Red flag 1 (emergency)" in out
    assert "plan stopped" in out
    assert body.json()["raised"] is True and body.json()["plan_changes"]
    cli, web = twins.snapshots()
    assert cli == web
    # the same runner answering yes to question 1 in a new screening instead
    screened = tmp_path / "screened" / "runner.db"
    screened.parent.mkdir()
    shutil.copy(planned_runner, screened)
    ok(screened, "screen", "--answers", "1=yes", "--none-apply")
    with open_store(f"sqlite:///{screened}") as store:
        again = snapshot(store)
    assert cli["plan"] is not None and again["plan"] is not None
    assert cli["plan"].stopped_on == again["plan"].stopped_on is not None
    assert cli["plan"].sessions == again["plan"].sessions
    corrected = json.loads(twins.cli("status", "--json"))
    answered = json.loads(ok(screened, "status", "--json"))
    assert corrected["severity"] == answered["severity"] == "stop"
    assert corrected["red_flags"] == answered["red_flags"] != []


def test_a_clearance_stays_on_record_whichever_way_the_answer_is_corrected(
    twins: Twins,
) -> None:
    twins.cli("screen", "correct", "1", "yes")
    twins.cli("screen", "clear", "--note", "GP, this morning")
    answer_id = _latest_id(twins)
    twins.api("PATCH", f"/api/screening/answers/{answer_id}", {"positive": True})
    twins.api("POST", "/api/screening/clear", {"note": "GP, this morning"})
    out = twins.cli("screen", "correct", "1", "no")
    body = twins.api("PATCH", f"/api/screening/answers/{answer_id}", {"positive": False})
    assert "Question 1 now says no" in out and "clearance" in out and "stays on record" in out
    assert body.json()["answer"]["positive"] is False
    assert body.json()["answer"]["cleared_at"] is not None
    cli, web = twins.snapshots()
    assert cli == web
    (row,) = [a for a in cli["red_flags"] if a.question == BLADDER]
    assert row.positive is False and row.cleared_at is not None
    # back to yes: it is the answer the clinician assessed, so it stays cleared
    out = twins.cli("screen", "correct", "1", "yes")
    assert "Red flag 1" not in out
    status = json.loads(twins.cli("status", "--json"))
    assert status["red_flags"] == []


def test_the_page_corrects_an_answer_as_the_command_line(twins: Twins) -> None:
    twins.cli("screen", "correct", "3", "yes")
    answer_id = _latest_id(twins, RED_FLAGS[2].id)
    page = twins.form(f"/screening/answers/{answer_id}", {"answer": "yes"})
    assert page.status_code == 200
    assert "Question 3 now says yes." in page.text and "Get assessed" in page.text
    assert "Change to no" in page.text
    cli, web = twins.snapshots()
    assert cli == web and cli["plan"] is not None and cli["plan"].stopped_on is not None


def test_what_cannot_be_corrected_is_refused_in_one_line_and_changes_nothing(
    twins: Twins, tmp_path: Path
) -> None:
    before = dump(twins.cli_db)
    for args, words in (
        (("1", "no"), "already says no"),
        (("99", "yes"), "is not a red-flag question"),
        (("1", "maybe"), "must be yes or no"),
    ):
        code, out, err = run(twins.cli_db, "screen", "correct", *args)
        said = (out + err).strip()
        assert code != 0 and words in said and "Traceback" not in said, said
        assert len(said.splitlines()) <= 2
    assert dump(twins.cli_db) == before
    code, out, err = run(tmp_path / "new.db", "screen", "correct", "1", "yes")
    assert code != 0 and "has not been answered yet" in out + err
    assert_error(
        twins.api("PATCH", "/api/screening/answers/999999", {"positive": True}),
        404,
        "not-found",
    )
    assert_error(
        twins.api("PATCH", f"/api/screening/answers/{_latest_id(twins)}", {"positive": "maybe"}),
        422,
        "invalid",
    )
    assert_error(
        twins.api("PATCH", f"/api/screening/answers/{_latest_id(twins)}", {"positive": False}),
        422,
        "invalid",
        "positive",
    )
