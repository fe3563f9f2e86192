"""Logging pain: the command line, the API and the Today page's form store the same
report and re-plan the same; the advice uses the runner's own pain-during limit."""

from __future__ import annotations

import pytest
from shells import Twins

from backstride.domain.backcare import PainTiming
from backstride.rules import RulesConfig, load_config
from backstride.services.log_pain import pain_advice


def test_the_command_line_and_the_api_log_the_same_pain_and_re_plan_the_same(
    twins: Twins,
) -> None:
    out = twins.cli("log", "pain", "--score", "7", "--when", "during")
    body = twins.api("POST", "/api/pain", {"score": 7, "timing": "during"}).json()
    cli, web = twins.snapshots()
    assert cli == web
    assert [r.score for r in cli["pain"]][-1] == 7
    changes = [c for c in cli["plan"].changes if c.rule == "pain-during"]
    assert changes, "pain above the limit during a run changes the coming days"
    assert "Plan re-planned" in out and "pain-during" in out
    assert "pain-during" in {c["rule"] for c in body["plan_changes"]}


def test_the_today_form_logs_what_the_command_line_logs(twins: Twins) -> None:
    twins.cli("log", "pain", "--score", "4", "--when", "next-morning", "--where", "lower")
    page = twins.form("/pain", {"score": "4", "timing": "next-morning", "location": "lower"})
    assert page.status_code == 200 and "Logged pain 4/10 (next-morning)" in page.text
    cli, web = twins.snapshots()
    assert cli == web


@pytest.mark.clock_free
def test_the_advice_follows_the_configured_limit() -> None:
    default = RulesConfig()
    strict = load_config("[rules.pain-during]\nmax_score = 3\n")
    assert pain_advice(5, PainTiming.DURING, default) is None
    assert pain_advice(5.5, PainTiming.DURING, default) == (
        "Above 5 during a run: shorten or stop the run, and ease off the next one."
    )
    advice = pain_advice(4, PainTiming.DURING, strict)
    assert advice is not None and advice.startswith("Above 3 during a run")
    assert pain_advice(9, PainTiming.AFTER, strict) is None


def test_every_shell_says_the_runners_own_limit(twins: Twins) -> None:
    twins.cli("config", "set", "pain-during.max_score", "3")
    twins.api("PUT", "/api/config", {"values": {"pain-during.max_score": 3}})
    out = twins.cli("log", "pain", "--score", "4", "--when", "during")
    assert "Above 3 during a run" in out and "Above 5" not in out
    body = twins.api("POST", "/api/pain", {"score": 4, "timing": "during"}).json()
    assert body["advice"].startswith("Above 3 during a run")
    page = twins.form("/pain", {"score": "4", "timing": "during"})
    assert "Above 3 during a run" in page.text and "Above 5" not in page.text


def test_red_flag_answers_are_checked_before_anything_is_written(twins: Twins) -> None:
    response = twins.api(
        "POST", "/api/pain", {"score": 3, "timing": "other", "red_flags": {"bladder": False}}
    )
    assert response.status_code == 422 and response.json()["error"]["field"] == "red_flags"
    _, web = twins.snapshots()
    with_pain = twins.snapshots()[0]["pain"]
    assert web["pain"] == with_pain, "the report was not saved without its answers"
