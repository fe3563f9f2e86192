"""Today's answer has one shape: `status --json` is `/api/status`, field for field, and
`check --json` findings are the findings the API and the pages show."""

from __future__ import annotations

import json

from clitools import ok
from shells import Twins


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
