"""Today's answer has one shape: `status --json` is `/api/status`, field for field, and
`check --json` findings are the findings the API and the pages show."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

from clitools import ok
from shells import Twins

from backstride import clock


def test_status_json_equals_the_api_field_for_field(twins: Twins) -> None:
    twins.pain_behind_the_back(8)
    for args, query in (((), ""), (("--date", "2026-11-30"), "?day=2026-11-30")):
        cli = json.loads(ok(twins.web_db, "status", "--json", *args))
        api = twins.web.get(f"/api/status{query}").json()
        assert cli == api
        assert set(cli) >= {"date", "answer", "severity", "screening_due", "week", "pain"}
    assert cli["pain"] or api["pain"] is not None


def test_check_findings_have_the_api_shape(twins: Twins) -> None:
    twins.pain_behind_the_back(8)
    found = json.loads(ok(twins.web_db, "check", "--json"))
    week = twins.web.get("/api/week").json()
    shown = [f for line in week["rules"] for f in line["findings"]]
    status = twins.web.get("/api/status").json()
    assert shown and found and status["pain"]
    assert {frozenset(f) for f in found + shown + status["pain"]} == {frozenset(shown[0])}
    during = [f for f in shown if f["rule"] == "pain-during"]
    assert during and all(f in found for f in during)


def _shown(page: str) -> tuple[str, str]:
    """A page's answer and its severity badge, as the runner reads them."""
    import html
    import re

    answer = re.search(r'<p class="answer-text"[^>]*>([^<]+)</p>', page)
    label = re.search(r'data-label="([a-z]+)"', page)
    assert answer is not None and label is not None
    return html.unescape(answer.group(1)), label.group(1)


def _everywhere(twins: Twins) -> tuple[str, str]:
    """Today's answer and severity name from `status --json`, `status`, /api/status, the
    Today page and the Week page; each must say the same."""
    cli = json.loads(ok(twins.web_db, "status", "--json"))
    text = " ".join(ok(twins.web_db, "status").split())
    api = twins.web.get("/api/status").json()
    week = twins.web.get("/api/week").json()["today"]
    today_page, week_page = twins.web.get("/").text, twins.web.get("/week").text
    said = (cli["answer"], cli["label"])
    assert (api["answer"], api["label"]) == said == (week["answer"], week["label"])
    assert _shown(today_page) == said and _shown(week_page) == said
    assert f"[{cli['label']}] {' '.join(cli['answer'].split())}" in text
    assert {cli["severity"], api["severity"]} == {api["severity"]}
    return said


def test_one_answer_before_and_after_screening_and_with_a_worn_shoe(twins: Twins) -> None:
    with sqlite3.connect(twins.web_db) as db:  # the same runner, never screened
        db.execute("DELETE FROM red_flag_answer")
    answer, label = _everywhere(twins)
    assert answer.startswith("Answer the red-flag questions first") and label == "warning"
    ok(twins.web_db, "screen", "--none-apply")
    before = _everywhere(twins)
    assert not before[0].startswith("Answer the red-flag") and before[1] != "warning"
    ok(twins.web_db, "shoes", "add", "Old Trainers", "--start-distance", "953.7km",
       "--replace-at", "402.3km")  # fmt: skip
    answer, label = _everywhere(twins)
    assert "Old Trainers is at 953.7 km of 402.3 km" in answer and answer != before[0]
    assert "other pair" in answer, "the pair the runner has besides"
    assert label in ("advice", "warning")
    lines = twins.web.get("/api/week").json()["rules"]
    line = next(r for r in lines if r["rule"] == "shoe-mileage")
    assert line["state"] == "warning", "the Week page warns as Today does"
    assert "Old Trainers" in twins.web.get("/week").text


def test_today_and_week_show_the_same_week_figures(twins: Twins) -> None:
    status = twins.web.get("/api/status").json()
    week = twins.web.get("/api/week").json()
    assert status["week"] == week["figures"] and status["week_start"] == week["week_start"]


def test_an_emergency_answer_says_where_to_go_now_in_the_headline(twins: Twins) -> None:
    ok(twins.web_db, "screen", "--answers", "1=no,2=no,3=yes,4=no,5=no", "--emergency-only")
    answer, label = _everywhere(twins)
    assert label == "stop" and answer.startswith("No: do not run.")
    assert "A&E" in answer and "now" in answer
    status = twins.web.get("/api/status").json()
    assert status["if_you_run_today"] == [], "nothing about how far one could run"
    assert all(f["severity"] not in ("info", "advice") for f in status["this_week"])


def test_on_race_day_a_plan_kept_anyway_says_the_race_is_not_in_it(twins: Twins) -> None:
    race = clock.today("UTC") + timedelta(days=21)
    ok(twins.web_db, "plan", "new", "--goal", f"race:half@{race}", "--anyway")
    status = json.loads(ok(twins.web_db, "status", "--json", "--date", race.isoformat()))
    assert "the race is not in it" in status["answer"]
