"""The routine player and recording a routine as done, through TestClient."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webtools import api, assert_error


def test_the_player_page_carries_the_timeline_and_its_script(client: TestClient) -> None:
    page = client.get("/routines/core").text
    assert 'id="routine-data"' in page and "/static/player.js" in page
    assert client.get("/static/player.js").status_code == 200
    detail = client.get("/api/routines/core").json()
    assert detail["timeline"] and sum(s["seconds"] for s in detail["timeline"]) == detail["seconds"]


def test_finishing_a_core_routine_logs_a_core_session(client: TestClient) -> None:
    done = api(client, "POST", "/api/routines/core/done", {})
    assert done.status_code == 200 and done.json()["recorded"] is True
    assert client.get("/api/status").json()["week"]["core_sessions"] == 1


def test_a_warm_up_without_a_run_today_is_not_recorded_and_says_so(client: TestClient) -> None:
    done = api(client, "POST", "/api/routines/warm-up/done", {}).json()
    assert done["recorded"] is False and "No run today" in done["message"]
    assert_error(api(client, "POST", "/api/routines/warm-up/done", {"run_id": 5}), 404, "not-found")
    assert_error(api(client, "POST", "/api/routines/core/done", {"run_id": 0}), 422, "invalid")


def test_the_player_records_what_was_done_not_the_routines_length(client: TestClient) -> None:
    skipped = api(client, "POST", "/api/routines/core/done", {"seconds_done": 2, "steps_done": 0})
    body = skipped.json()
    assert skipped.status_code == 200 and body["recorded"] is False
    assert "Not recorded" in body["message"] and "8.2 min" in body["message"]
    assert client.get("/api/status").json()["week"]["core_sessions"] == 0
    done = api(client, "POST", "/api/routines/core/done", {"seconds_done": 300, "steps_done": 9})
    assert done.json()["recorded"] is True and done.json()["minutes"] == 5.0
    assert "Logged 5 min of core" in done.json()["message"]
    assert client.get("/api/status").json()["week"]["core_sessions"] == 1
    bad = api(client, "POST", "/api/routines/core/done", {"seconds_done": -1})
    assert_error(bad, 422, "invalid", "seconds_done")
