"""Log from the browser what the command line logs: a run by hand (outdoors or on a
treadmill), the daily check-in and a session, through the Log page's forms and the API,
storing and re-planning exactly as the commands do."""

from __future__ import annotations

from datetime import timedelta

from shells import Twins

from backstride import clock


def test_a_run_by_hand_through_the_page_and_the_command_line_is_the_same(twins: Twins) -> None:
    day = clock.today("UTC") - timedelta(days=1)
    twins.cli("log", "run", "--date", str(day), "--time", "20:15", "--distance", "4km",
              "--duration", "25:00", "--rpe", "5", "--treadmill")  # fmt: skip
    page = twins.form(
        "/log/run",
        {
            "date": str(day),
            "time": "20:15",
            "distance": "4",
            "duration": "25:00",
            "rpe": "5",
            "treadmill": "on",
        },
    )
    assert page.status_code == 200 and "Saved your run" in page.text
    cli, web = twins.snapshots()
    assert cli == web


def test_the_api_logs_a_check_in_and_a_session_as_the_commands_do(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    twins.cli("log", "checkin", "--sleep-hours", "6.5", "--stiffness", "3", "--not-enough")
    twins.cli(
        "log", "session", "--kind", "core", "--minutes", "20", "--exercises", "plank,Side plank"
    )
    checked = twins.api(
        "POST", "/api/check-ins", {"sleep_hours": 6.5, "stiffness": 3, "ate_enough": False}
    )
    assert checked.status_code == 200, checked.text
    assert checked.json()["plan_changes"], "pain behind the back: the re-plan changes the plan"
    session = twins.api(
        "POST",
        "/api/sessions",
        {"kind": "core", "minutes": 20, "exercises": ["plank", "Side plank"]},
    )
    assert session.status_code == 200 and "core session of 20 min" in session.json()["saved"]
    cli, web = twins.snapshots()
    assert cli == web and web["sessions"][-1].exercises == ("plank", "side-plank")
    page = twins.web.get("/log").text
    assert "check-in: slept 6.5 h, stiffness 3/10, did not eat enough" in page
    assert "core session, 20 min" in page and 'action="/data/delete-record"' in page


def test_what_cannot_be_a_run_or_a_check_in_is_refused_in_one_line(twins: Twins) -> None:
    before, _ = twins.snapshots()
    tomorrow = clock.today("UTC") + timedelta(days=1)
    for path, body, field in (
        ("/api/runs", {"date": str(tomorrow), "distance_m": 5000, "duration_s": 1800}, "date"),
        ("/api/runs", {"date": "2026-12-01", "distance_m": 5000, "duration_s": 60}, "distance"),
        ("/api/check-ins", {}, None),
        ("/api/sessions", {"kind": "karate", "minutes": 20}, "kind"),
    ):
        answer = twins.api("POST", path, body)
        assert answer.status_code == 422, (path, answer.text)
        error = answer.json()["error"]
        assert "\n" not in error["message"] and (field is None or error["field"] == field), error
    bad = twins.form("/log/run", {"date": "2026-12-01", "distance": "five", "duration": "30:00"})
    assert bad.status_code == 422 and "cannot read distance" in bad.text
    _, after = twins.snapshots()
    assert after == before
