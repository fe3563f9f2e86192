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
