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
