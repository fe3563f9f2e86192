"""A plan day has one shape: `plan why --json` is `/api/plan/why`, and `plan show --json`
lists the days `/api/plan` holds."""

from __future__ import annotations

import json
from datetime import timedelta

from clitools import ok
from shells import Twins

from backstride import clock


def test_a_plan_day_is_the_same_in_both_shells(twins: Twins) -> None:
    twins.cli("log", "pain", "--score", "7", "--when", "during")
    twins.api("POST", "/api/pain", {"score": 7, "timing": "during"})
    day = next(c.on for c in twins.plans()[0].changes if c.rule == "pain-during")
    for shown in (day, clock.today("UTC") + timedelta(days=3)):
        cli = json.loads(ok(twins.cli_db, "plan", "why", shown.isoformat(), "--json"))
        api = twins.web.get(f"/api/plan/why/{shown}").json()
        assert cli == api
    assert cli["sessions"] and cli["explanation"]


def test_plan_show_lists_the_days_of_the_plan(twins: Twins) -> None:
    days = json.loads(ok(twins.web_db, "plan", "show", "--json"))
    plan = twins.web.get("/api/plan").json()
    assert days == plan["days"]
    assert {d["week"] for d in days} == set(range(1, len(plan["weeks"]) + 1))
