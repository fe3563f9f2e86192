"""The red-flag screening through TestClient: the questions, the banner on every page
until a clearance is recorded, and advice that never names a diagnosis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from webtools import EMERGENCY, NO_FLAGS, api, assert_error, token_of


def test_screening_lists_every_question_with_its_urgency(client: TestClient) -> None:
    body = client.get("/api/screening").json()
    assert len(body["questions"]) == len(NO_FLAGS) == 16
    assert {q["urgency"] for q in body["questions"]} >= {"emergency", "routine"}
    assert body["due"], "never screened: the questions are due"
    page = client.get("/screening").text
    assert page.count('type="radio"') == 2 * len(NO_FLAGS)
    assert f"The {len(NO_FLAGS)} red-flag questions" in page
    assert "if yes: emergency" in page


def test_a_positive_answer_shows_the_banner_until_a_clearance_is_recorded(
    client: TestClient,
) -> None:
    token = token_of(client)
    form = {f"flag_{k}": "no" for k in NO_FLAGS} | {"flag_fever": "yes", "csrf_token": token}
    saved = client.post("/screening", data=form)
    assert saved.status_code == 200 and "your answers are saved" in saved.text
    assert client.get("/api/screening").json()["due"] is None
    for path in ("/", "/charts", "/plan", "/settings"):
        assert 'class="flag-banner"' in client.get(path).text, path
    cleared = client.post("/screening/clear", data={"csrf_token": token, "note": "GP, today"})
    assert "Cleared 1 red flag" in cleared.text
    assert 'class="flag-banner"' not in client.get("/").text
    assert client.get("/api/screening").json()["active"] == []


def test_a_screening_with_unanswered_questions_is_refused(client: TestClient) -> None:
    form = {"flag_bladder": "no", "csrf_token": token_of(client)}
    assert client.post("/screening", data=form).status_code == 422
    partial = {k: False for k in list(NO_FLAGS)[:9]}
    assert_error(api(client, "POST", "/api/screening", {"answers": partial}), 422, "invalid")
    assert_error(
        api(client, "POST", "/api/screening", {"answers": {**EMERGENCY, "x": True}}),
        422,
        "invalid",
        "answers",
    )


def test_the_screening_api_answers_and_clears(client: TestClient) -> None:
    answered = api(client, "POST", "/api/screening", {"answers": {**NO_FLAGS, "bowel": True}})
    assert [f["id"] for f in answered.json()["positive"]] == ["bowel"]
    assert_error(api(client, "POST", "/api/screening/clear", {"question": "x"}), 422, "invalid")
    cleared = api(client, "POST", "/api/screening/clear", {"question": "bowel"})
    assert cleared.json()["cleared"] == 1


def test_the_advice_never_names_a_diagnosis(client: TestClient) -> None:
    api(client, "POST", "/api/screening", {"answers": {**NO_FLAGS, "bladder": True}})
    page = client.get("/screening").text
    advice = page[page.index('class="flag-banner"') : page.index('id="questions"')]
    text = (advice + client.get("/").text).lower()
    assert "get assessed" in text
    for word in ("cauda equina", "fracture", "cancer", "infection", "tumour", "tumor"):
        assert word not in text, word


def test_today_asks_for_the_questions_when_never_screened(client: TestClient) -> None:
    page = client.get("/?welcome=skip").text
    assert "Answer the red-flag questions first" in page
    assert 'href="/screening">Answer the red-flag questions</a>' in page
    api(client, "POST", "/api/screening", {"answers": NO_FLAGS})
    page = client.get("/").text
    assert "Answer the red-flag questions first" not in page


def test_first_numbness_prompts_the_questions_again(
    client: TestClient, move_clock: Callable[[timedelta], None]
) -> None:
    api(client, "POST", "/api/screening", {"answers": NO_FLAGS})
    move_clock(timedelta(minutes=5))
    body = api(client, "POST", "/api/pain", {"score": 3, "timing": "other", "numbness": True})
    assert body.status_code == 200, body.text
    assert body.json()["numbness"] is True and body.json()["changed_character"] == "numbness"
    assert "numbness" in client.get("/api/screening").json()["due"]
    move_clock(timedelta(minutes=5))
    token = token_of(client)
    form = {"csrf_token": token, "score": "2", "timing": "other", "numbness": "on"}
    page = client.post("/pain", data=form)
    assert page.status_code == 200 and "Answer the red-flag questions first" in page.text
