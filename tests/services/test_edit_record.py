"""Correct a pain report or a session: the command line and the API store the same
correction and re-plan the same; what cannot be a pain report or a session is refused
with nothing written."""

from __future__ import annotations

from clitools import ok
from shells import Twins


def _log(twins: Twins) -> None:
    for args in (
        ("log", "pain", "--score", "6", "--when", "after", "--note", "after hills"),
        ("log", "session", "--kind", "core", "--minutes", "15"),
    ):
        twins.cli(*args)
        ok(twins.web_db, *args)  # the same in both twins


def test_a_correction_is_the_same_through_either_shell(twins: Twins) -> None:
    _log(twins)
    cli, _ = twins.snapshots()
    pain_id, session_id = cli["pain"][-1].id, cli["sessions"][-1].id
    out = twins.cli("edit", "pain", str(pain_id), "--score", "3", "--when", "next-morning")
    assert "Corrected: pain 3/10 (next-morning)" in out
    twins.cli("edit", "session", str(session_id), "--minutes", "25")
    pain = twins.api("PATCH", f"/api/pain/{pain_id}", {"score": 3, "timing": "next-morning"})
    assert pain.status_code == 200, pain.text
    session = twins.api("PATCH", f"/api/sessions/{session_id}", {"minutes": 25})
    assert session.status_code == 200 and "25 min" in session.json()["saved"]
    cli, web = twins.snapshots()
    assert cli == web
    assert web["pain"][-1].score == 3 and web["pain"][-1].note == "after hills"
    assert web["sessions"][-1].minutes == 25


def test_a_wrong_correction_writes_nothing(twins: Twins) -> None:
    _log(twins)
    _, before = twins.snapshots()
    pain_id = before["pain"][-1].id
    for path, body, status in (
        (f"/api/pain/{pain_id}", {"score": 11}, 422),
        (f"/api/pain/{pain_id}", {"location": "elbow"}, 422),
        ("/api/pain/99999", {"score": 2}, 404),
        ("/api/sessions/99999", {"minutes": 5}, 404),
    ):
        answer = twins.api("PATCH", path, body)
        assert answer.status_code == status, (path, answer.text)
        assert "\n" not in answer.json()["error"]["message"]
    _, after = twins.snapshots()
    assert after == before


def test_a_check_in_is_corrected_the_same_through_either_shell(twins: Twins) -> None:
    from backstride import clock

    day = clock.today().isoformat()
    args = ("log", "checkin", "--date", day, "--sleep-hours", "6.5", "--stiffness", "4")
    twins.cli(*args)
    ok(twins.web_db, *args)
    # the command line corrects by logging the day again; the API by PATCH on the day
    twins.cli("log", "checkin", "--date", day, "--stiffness", "2")
    answer = twins.api("PATCH", f"/api/check-ins/{day}", {"stiffness": 2})
    assert answer.status_code == 200, answer.text
    assert "check-in of" in answer.json()["saved"]
    cli, web = twins.snapshots()
    assert cli == web
    assert web["check_ins"][-1].stiffness == 2 and web["check_ins"][-1].sleep_hours == 6.5
    _, before = twins.snapshots()
    for path, body, status in (
        (f"/api/check-ins/{day}", {"stiffness": 11}, 422),
        (f"/api/check-ins/{day}", {}, 422),
        ("/api/check-ins/2026-01-01", {"stiffness": 1}, 404),
    ):
        refused = twins.api("PATCH", path, body)
        assert refused.status_code == status, (path, refused.text)
        assert "\n" not in refused.json()["error"]["message"]
    _, after = twins.snapshots()
    assert after == before
