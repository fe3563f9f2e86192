"""The pain and load charts through TestClient."""

from __future__ import annotations

from fastapi.testclient import TestClient
from webtools import api


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
