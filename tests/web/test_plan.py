"""The Plan page and /api/plan through TestClient: a plan from the goal form, the
calendar, the downloads, why a day changed, and every refusal in the one shape."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from webtools import api, assert_error, make_plan, token_of


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
    changed = api(runner, "POST", "/api/pain", {"score": 8, "timing": "during"}).json()
    day = changed["plan_changes"][0]["date"]
    page = runner.get(f"/plan/day/{day}").text
    assert changed["plan_changes"][0]["why"] in page.replace("&#39;", "'")
    assert "changed: why?" in runner.get("/plan").text
    assert runner.get("/plan/day/not-a-date").status_code == 422


def test_a_run_walk_programme_is_shown_in_words(client: TestClient) -> None:
    response = api(client, "POST", "/api/plan", {"goal": "weekly:15km", "confirm_start": True})
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["weeks"][1]["block"] == "run-walk"
    assert plan["weeks"][1]["words"].startswith("run-walk week: timed running and brisk walking")
    page = client.get("/plan?all=true").text
    assert "Run-walk week: timed running and brisk walking" in page
    assert re.search(r"run-walk \d+ min: \d+ x \([\d:]+ (min )?run, [\d:]+ (min )?walk\)", page)
    run_walks = [s for d in plan["days"] for s in d["sessions"] if s["text"].startswith("run-walk")]
    assert run_walks and all(
        not any(n.endswith(s["text"].split(": ", 1)[1]) for n in s["notes"]) for s in run_walks
    ), "the intervals said once"


def test_speed_kinds_and_hold_weeks_are_said_in_words(runner: TestClient) -> None:
    make_plan(runner)
    plan = runner.get("/api/plan").json()
    blocks = {w["block"]: w["words"] for w in plan["weeks"]}
    assert all(words and words != block for block, words in blocks.items())
    speed = [s["text"] for d in plan["days"] for s in d["sessions"] if s.get("speed") is not None]
    assert speed and all(any(k in t for k in ("strides", "faster", "tempo")) for t in speed), (
        "each speed session says its kind"
    )
    page = runner.get("/plan?all=true").text
    for words in blocks.values():
        assert words[0].upper() + words[1:] in page
