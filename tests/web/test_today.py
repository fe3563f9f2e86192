"""The Today page's pain check-in through TestClient: a score and a timing, the status
before and after, the re-plan, the emergency questions; every page renders."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import EMERGENCY, api, assert_error, make_plan, token_of


@pytest.mark.parametrize(
    "path",
    ["/", "/plan", "/routines", "/routines/core", "/routines/warm-up", "/screening", "/charts"],
)
def test_the_new_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "<main" in response.text


def test_an_unknown_routine_is_a_404_page_and_json(client: TestClient) -> None:
    assert client.get("/routines/nope").status_code == 404
    assert_error(client.get("/api/routines/nope"), 404, "not-found", "name")


def test_a_pain_check_in_takes_a_score_and_a_timing_and_shows_the_status_change(
    runner: TestClient,
) -> None:
    token = token_of(runner)
    before = runner.get("/api/status").json()["severity"]
    response = runner.post("/pain", data={"csrf_token": token, "score": "8", "timing": "during"})
    assert response.status_code == 200  # followed to Today
    assert "Logged pain 8/10 (during)" in response.text
    assert runner.get("/api/status").json()["severity"] == "hold"
    if before != "hold":
        assert "Your status changed from" in response.text


def test_the_pain_api_reports_the_status_before_and_after_and_the_replan(
    runner: TestClient,
) -> None:
    make_plan(runner)
    response = api(runner, "POST", "/api/pain", {"score": 8, "timing": "during"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["severity_now"] == "hold"
    assert body["plan_changes"], "pain above 5 during a run changes the coming days"
    assert all(c["rule"] and c["why"] for c in body["plan_changes"])
    assert "shorten or stop" in body["advice"]
    why = runner.get(f"/api/plan/why/{body['plan_changes'][0]['date']}").json()
    assert why["changes"] and why["explanation"]


def test_pain_with_the_emergency_questions_stores_the_answers(client: TestClient) -> None:
    answers = {**EMERGENCY, "bladder": True}
    body = api(client, "POST", "/api/pain", {"score": 3, "timing": "other", "red_flags": answers})
    assert body.status_code == 200, body.text
    assert [f["id"] for f in body.json()["positive_red_flags"]] == ["bladder"]
    page = client.get("/week")
    assert "Get assessed: emergency." in page.text, "the banner is on every page"


def test_pain_with_some_emergency_answers_missing_is_refused(client: TestClient) -> None:
    response = api(
        client,
        "POST",
        "/api/pain",
        {"score": 3, "timing": "other", "red_flags": {"bladder": False}},
    )
    assert_error(response, 422, "invalid", "red_flags")
    assert client.get("/api/status").json()["pain"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 11, "timing": "other"}, "score"),
        ({"score": 2, "timing": "sometimes"}, "timing"),
        ({"score": 2, "timing": "other", "location": "knee"}, "location"),
        ({"score": 2}, "timing"),
        ({"score": 2, "timing": "other", "extra": 1}, "extra"),
    ],
)
def test_pain_validation_errors_have_the_one_shape(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    assert_error(api(client, "POST", "/api/pain", body), 422, "invalid", field)


def test_the_pain_form_without_a_score_is_refused_in_plain_words(client: TestClient) -> None:
    response = client.post("/pain", data={"csrf_token": token_of(client), "timing": "other"})
    assert response.status_code == 422
    assert "score" in response.text
