"""The web app's back-care features through TestClient: the pain check-in and its
re-plan, the red-flag screening and its banner, the plan (calendar, why, .ics and
FIT downloads, a new plan from a goal), the routine player's record, the pain and
load charts, and the rules' thresholds; every write refused without the token or
from another site, every validation error in the one shape."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from demo_exports import DemoExport
from fastapi.testclient import TestClient

from backstride import clock
from backstride.ingest.pipeline import import_paths
from backstride.rules import RED_FLAGS
from backstride.store import open_store
from backstride.web import WebSettings, create_app

BASE = "http://127.0.0.1"
NO_FLAGS = {f.id: False for f in RED_FLAGS}
EMERGENCY = {f.id: False for f in RED_FLAGS[:5]}


@pytest.fixture()
def client(tmp_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("BACKSTRIDE_CONFIG", raising=False)
    app = create_app(tmp_db_url, WebSettings(store_url=tmp_db_url, import_workers=1))
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture()
def runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_export: DemoExport
) -> Iterator[TestClient]:
    """Eight weeks of demo running up to yesterday, so plans start from real history."""
    monkeypatch.delenv("BACKSTRIDE_CONFIG", raising=False)
    url = f"sqlite:///{tmp_path / 'runner.db'}"
    export = demo_export(clock.today() - timedelta(days=1), weeks=8)
    with open_store(url) as store:
        store.update_athlete(time_zone="UTC")
        import_paths(store, [export], workers=1)
    with TestClient(create_app(url), base_url=BASE) as test_client:
        yield test_client


def token_of(client: TestClient) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/routines").text)
    assert found
    return found.group(1)


def api(client: TestClient, method: str, path: str, body: object = None) -> object:
    headers = {"X-CSRF-Token": token_of(client), "Origin": BASE}
    return client.request(method, path, json=body, headers=headers)


def assert_error(response: object, status: int, code: str, field: str | None = None) -> None:
    assert hasattr(response, "status_code") and hasattr(response, "json")
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]
    if field is not None:
        assert body["error"]["field"] == field


def make_plan(client: TestClient) -> dict[str, object]:
    response = api(client, "POST", "/api/plan", {"goal": "weekly:30km", "weeks": 8})
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    plan: dict[str, object] = response.json()  # type: ignore[attr-defined]
    assert plan["saved"] is True
    return plan


# -- pages render ------------------------------------------------------------------


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


# -- the pain check-in -------------------------------------------------------------


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
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["severity_now"] == "hold"
    assert body["plan_changes"], "pain above 5 during a run changes the coming days"
    assert all(c["rule"] and c["why"] for c in body["plan_changes"])
    assert "shorten or stop" in body["advice"]
    why = runner.get(f"/api/plan/why/{body['plan_changes'][0]['on']}").json()
    assert why["changes"] and why["explanation"]


def test_pain_with_the_emergency_questions_stores_the_answers(client: TestClient) -> None:
    answers = {**EMERGENCY, "bladder": True}
    body = api(client, "POST", "/api/pain", {"score": 3, "timing": "other", "red_flags": answers})
    assert body.status_code == 200, body.text  # type: ignore[attr-defined]
    assert [f["id"] for f in body.json()["positive_red_flags"]] == ["bladder"]  # type: ignore[attr-defined]
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


# -- screening ---------------------------------------------------------------------


def test_screening_lists_the_14_questions_with_urgencies(client: TestClient) -> None:
    body = client.get("/api/screening").json()
    assert len(body["questions"]) == 14
    assert {q["urgency"] for q in body["questions"]} >= {"emergency", "routine"}
    assert body["due"], "never screened: the questions are due"
    page = client.get("/screening").text
    assert page.count('type="radio"') == 28
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
    assert [f["id"] for f in answered.json()["positive"]] == ["bowel"]  # type: ignore[attr-defined]
    assert_error(api(client, "POST", "/api/screening/clear", {"question": "x"}), 422, "invalid")
    cleared = api(client, "POST", "/api/screening/clear", {"question": "bowel"})
    assert cleared.json()["cleared"] == 1  # type: ignore[attr-defined]


def test_the_advice_never_names_a_diagnosis(client: TestClient) -> None:
    api(client, "POST", "/api/screening", {"answers": {**NO_FLAGS, "bladder": True}})
    page = client.get("/screening").text
    advice = page[page.index('class="flag-banner"') : page.index('id="questions"')]
    text = (advice + client.get("/").text).lower()
    assert "get assessed" in text
    for word in ("cauda equina", "fracture", "cancer", "infection", "tumour", "tumor"):
        assert word not in text, word


# -- plan --------------------------------------------------------------------------


def test_the_plan_page_offers_a_goal_form_without_a_plan(client: TestClient) -> None:
    page = client.get("/plan").text
    assert "Make a plan" in page and 'name="distance"' in page
    assert_error(client.get("/api/plan"), 404, "no-plan")
    assert_error(client.get("/api/plan/ics"), 404, "no-plan")


def test_a_plan_from_the_goal_form_shows_a_calendar_and_downloads(runner: TestClient) -> None:
    form = {"csrf_token": token_of(runner), "goal_kind": "weekly", "distance": "30", "weeks": "8"}
    page = runner.post("/plan", data=form)
    assert page.status_code == 200, page.text
    assert "30 km a week" in page.text and 'class="calendar"' in page.text
    assert page.text.count('class="day ') == 28, "four weeks of seven days"
    ics = runner.get("/plan/backstride-plan.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.content.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" in ics.content
    archive = zipfile.ZipFile(io.BytesIO(runner.get("/api/plan/fit.zip").content))
    names = archive.namelist()
    assert names and all(n.endswith(".fit") for n in names)
    assert archive.read(names[0])[8:12] == b".FIT"


def test_a_plan_form_without_recent_runs_asks_to_confirm_the_start(client: TestClient) -> None:
    form = {"csrf_token": token_of(client), "goal_kind": "weekly", "distance": "20"}
    page = client.post("/plan", data=form)
    assert "accept the cautious start" in page.text
    assert client.get("/api/plan").status_code == 404, "nothing saved until confirmed"
    confirmed = client.post("/plan", data={**form, "confirm_start": "on"})
    assert 'class="calendar"' in confirmed.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"goal": "weekly:banana"}, "goal"),
        ({"goal": "race:10k@2001-01-01"}, "goal"),
        ({"goal": "weekly:20km", "days": "mon,funday"}, "days"),
        ({"goal": "weekly:20km", "days": "mon,wed", "long_run_day": "sat"}, "long_run_day"),
        ({"goal": "weekly:20km", "weeks": 0}, "weeks"),
    ],
)
def test_plan_validation_errors_have_the_one_shape(
    client: TestClient, body: dict[str, object], field: str
) -> None:
    assert_error(api(client, "POST", "/api/plan", body), 422, "invalid", field)


def test_a_bad_goal_in_the_form_is_said_on_the_page(client: TestClient) -> None:
    form = {"csrf_token": token_of(client), "goal_kind": "weekly", "distance": "lots"}
    page = client.post("/plan", data=form)
    assert page.status_code == 422 and "cannot read distance" in page.text


def test_why_a_day_changed_is_on_its_page(runner: TestClient) -> None:
    make_plan(runner)
    changed = api(runner, "POST", "/api/pain", {"score": 8, "timing": "during"}).json()  # type: ignore[attr-defined]
    day = changed["plan_changes"][0]["on"]
    page = runner.get(f"/plan/day/{day}").text
    assert changed["plan_changes"][0]["why"] in page.replace("&#39;", "'")
    assert "changed: why?" in runner.get("/plan").text
    assert runner.get("/plan/day/not-a-date").status_code == 422


# -- routines ----------------------------------------------------------------------


def test_the_player_page_carries_the_timeline_and_its_script(client: TestClient) -> None:
    page = client.get("/routines/core").text
    assert 'id="routine-data"' in page and "/static/player.js" in page
    assert client.get("/static/player.js").status_code == 200
    detail = client.get("/api/routines/core").json()
    assert detail["timeline"] and sum(s["seconds"] for s in detail["timeline"]) == detail["seconds"]


def test_finishing_a_core_routine_logs_a_core_session(client: TestClient) -> None:
    done = api(client, "POST", "/api/routines/core/done", {})
    assert done.status_code == 200 and done.json()["recorded"] is True  # type: ignore[attr-defined]
    assert client.get("/api/status").json()["week"]["core_sessions"] == 1


def test_a_warm_up_without_a_run_today_is_not_recorded_and_says_so(client: TestClient) -> None:
    done = api(client, "POST", "/api/routines/warm-up/done", {}).json()  # type: ignore[attr-defined]
    assert done["recorded"] is False and "No run today" in done["message"]
    assert_error(api(client, "POST", "/api/routines/warm-up/done", {"run_id": 5}), 404, "not-found")
    assert_error(api(client, "POST", "/api/routines/core/done", {"run_id": 0}), 422, "invalid")


# -- charts ------------------------------------------------------------------------


def test_the_pain_chart_shows_weekly_pain_next_to_distance(runner: TestClient) -> None:
    api(runner, "POST", "/api/pain", {"score": 4, "timing": "next-morning"})
    weeks = runner.get("/api/charts/pain?weeks=8").json()["weeks"]
    assert len(weeks) == 8 and weeks[-1]["next_morning_pain"] == 4
    assert sum(w["distance_m"] > 0 for w in weeks) >= 6
    page = runner.get("/charts").text
    assert "Pain and distance" in page and 'class="line line-morning"' in page


def test_the_load_information_carries_its_caveat(runner: TestClient) -> None:
    body = runner.get("/api/charts/load?weeks=8").json()
    assert "Information only" in body["caveat"] and "contested" in body["caveat"]
    assert body["acwr"] and body["monotony"]
    assert "Acute:chronic" in runner.get("/charts").text


# -- settings ----------------------------------------------------------------------


def test_every_rule_threshold_is_on_the_settings_page(client: TestClient) -> None:
    config = client.get("/api/config").json()
    page = client.get("/settings").text
    for rule in config["rules"]:
        for param in rule["params"]:
            assert f'name="{param["key"]}"' in page
            assert param["low"] <= param["value"] <= param["high"]


def test_thresholds_are_saved_to_the_config_file_and_validated(
    client: TestClient, tmp_path: Path
) -> None:
    token = token_of(client)
    form = {"csrf_token": token, "week_start": "sunday", "weekly-ramp.max_increase_km": "2.5"}
    for rule in client.get("/api/config").json()["rules"]:
        if rule["enabled"]:
            form[f"{rule['rule']}.enabled"] = "on"
    saved = client.post("/settings/rules", data=form)
    assert saved.status_code == 200 and "Saved." in saved.text
    written = (tmp_path / "backstride.rules.toml").read_text()
    assert 'week_start = "sunday"' in written and "max_increase_km = 2.5" in written
    assert client.get("/api/config").json()["week_start"] == "sunday"
    refused = client.post("/settings/rules", data={**form, "weekly-ramp.max_increase_km": "99"})
    assert refused.status_code == 422 and "out of range" in refused.text
    assert (tmp_path / "backstride.rules.toml").read_text() == written, "left alone on error"


def test_the_config_api_validates_like_config_set(client: TestClient) -> None:
    assert_error(
        api(client, "PUT", "/api/config", {"values": {"run-days.max_days": 99}}),
        422,
        "invalid",
        "values.run-days.max_days",
    )
    assert_error(api(client, "PUT", "/api/config", {"week_start": "someday"}), 422, "invalid")
    assert_error(api(client, "PUT", "/api/config", {"values": {"nope.x": 1}}), 422, "invalid")
    ok = api(client, "PUT", "/api/config", {"values": {"run-days.max_days": 3}})
    assert ok.status_code == 200  # type: ignore[attr-defined]


# -- local safety on every new write -----------------------------------------------

WRITES = [
    ("POST", "/api/pain", {"score": 2, "timing": "other"}),
    ("POST", "/api/screening", {"answers": NO_FLAGS}),
    ("POST", "/api/screening/clear", {}),
    ("POST", "/api/plan", {"goal": "weekly:20km"}),
    ("POST", "/api/routines/core/done", {}),
    ("PUT", "/api/config", {"week_start": "sunday"}),
]
FORMS = ["/pain", "/screening", "/screening/clear", "/plan", "/settings/rules"]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_new_api_writes_are_refused_cross_site_or_with_a_wrong_token(
    client: TestClient, method: str, path: str, body: object
) -> None:
    cross = client.request(method, path, json=body, headers={"Origin": "http://evil.example"})
    assert_error(cross, 403, "cross-site")
    token_of(client)
    wrong = client.request(method, path, json=body, headers={"X-CSRF-Token": "wrong"})
    assert_error(wrong, 403, "csrf")


@pytest.mark.parametrize("path", FORMS)
def test_new_forms_are_refused_without_the_token(client: TestClient, path: str) -> None:
    token_of(client)
    response = client.post(path, data={"score": "3", "timing": "other"})
    assert response.status_code == 403 and "reload the page" in response.text
    assert client.get("/api/status").json()["pain"] == []


def test_the_openapi_document_describes_the_new_endpoints(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/pain",
        "/api/screening",
        "/api/screening/clear",
        "/api/plan",
        "/api/plan/why/{day}",
        "/api/plan/ics",
        "/api/plan/fit.zip",
        "/api/routines",
        "/api/routines/{name}/done",
        "/api/charts/pain",
        "/api/charts/load",
        "/api/config",
    ):
        assert path in paths, path
