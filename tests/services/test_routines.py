"""A routine has one shape: `routine list|show --json` is `/api/routines`."""

from __future__ import annotations

import json

from clitools import ok
from shells import Twins


def test_routines_are_the_same_in_both_shells(twins: Twins) -> None:
    assert (
        json.loads(ok(twins.web_db, "routine", "list", "--json"))
        == twins.web.get("/api/routines").json()
    )
    shown = json.loads(ok(twins.web_db, "routine", "show", "core", "--json"))
    assert shown == twins.web.get("/api/routines/core").json()
    assert sum(s["seconds"] for s in shown["timeline"]) == shown["seconds"]


def test_advice_uses_the_runners_own_pain_limit_never_a_fixed_5(twins: Twins) -> None:
    ok(twins.web_db, "config", "set", "pain-during.max_score", "4")
    shown = json.loads(ok(twins.web_db, "routine", "show", "warm-up-flare", "--json"))
    assert shown == twins.web.get("/api/routines/warm-up-flare").json()
    cues = [c for s in shown["steps"] for c in s["cues"]]
    assert any("your pain limit (4/10)" in c for c in cues)
    assert not any("5/10" in c for c in cues)
    assert "your pain limit (4/10)" in twins.web.get("/routines/warm-up-flare").text
    text = ok(twins.web_db, "routine", "show", "warm-up-flare")
    assert "(4/10)" in text and "5/10" not in text
    logged = twins.api("POST", "/api/pain", {"score": 4.5, "timing": "during"}).json()
    assert logged["advice"].startswith("Above 4 during a run")
