"""Shoes: `shoes --json` is `/api/shoes`, both under the runner's rules config (the web
once used its own 250 miles and 80 %)."""

from __future__ import annotations

import json

import pytest
from clitools import ok
from shells import Twins


def test_the_shoe_list_is_the_same_in_both_shells(twins: Twins) -> None:
    ok(twins.web_db, "shoes", "add", "Racer", "--start-distance", "280km", "--replace-at", "300km")
    ok(twins.web_db, "shoes", "add", "Brace", "--kind", "brace")
    listed = json.loads(ok(twins.web_db, "shoes", "--json"))
    assert listed == twins.web.get("/api/shoes").json()
    racer = next(s for s in listed if s["name"] == "Racer")
    assert racer["replace_at_m"] == pytest.approx(300_000) and racer["status"] == "replace-soon"
    assert next(s for s in listed if s["name"] == "Brace")["replace_at_m"] is None


def test_every_shoe_change_re_plans(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    out = twins.cli("shoes", "add", "Racer", "--replace-at", "300km")
    assert "Plan re-planned" in out and "pain-during" in out


def test_the_web_reminds_from_the_configured_share(twins: Twins) -> None:
    ok(twins.web_db, "shoes", "add", "Daily", "--start-distance", "350km", "--replace-at", "400km")
    ok(twins.web_db, "config", "set", "shoe-mileage.remind_from_pct", "85")
    daily = next(s for s in twins.web.get("/api/shoes").json() if s["name"] == "Daily")
    assert daily["status"] == "replace-soon" and daily["remind_at_m"] == pytest.approx(340_000)
    assert "shoe-soon" in twins.web.get("/shoes").text
    ok(twins.web_db, "config", "set", "shoe-mileage.remind_from_pct", "95")
    daily = next(s for s in twins.web.get("/api/shoes").json() if s["name"] == "Daily")
    assert daily["status"] == "ok"
