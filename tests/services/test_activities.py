"""An activity has one shape: `activities --json` lists what `/api/activities` pages."""

from __future__ import annotations

import json

from clitools import ok
from shells import Twins


def test_activities_are_the_same_in_both_shells(twins: Twins) -> None:
    listed = json.loads(ok(twins.web_db, "activities", "--json"))
    page = twins.web.get("/api/activities?limit=500").json()
    assert page["total"] == len(listed) > 20
    assert page["items"] == list(reversed(listed))
    one = twins.web.get(f"/api/activities/{listed[0]['id']}").json()
    assert one["activity"] == listed[0]
