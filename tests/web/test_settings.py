"""Settings through TestClient: every rule's threshold on the page, saved to the rules
file and validated as `config set` does."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from webtools import api, assert_error, token_of


def test_every_rule_threshold_is_on_the_settings_page(client: TestClient) -> None:
    config = client.get("/api/config").json()
    page = client.get("/settings").text
    for rule in config["rules"]:
        for param in rule["params"]:
            assert f'name="{param["key"]}"' in page
            assert param["low"] <= param["value"] <= param["high"]


def test_thresholds_are_saved_to_the_config_file_and_validated(
    client: TestClient, tmp_path: Path
) -> None:
    token = token_of(client)
    form = {"csrf_token": token, "week_start": "sunday", "weekly-ramp.max_increase_km": "2.5"}
    for rule in client.get("/api/config").json()["rules"]:
        if rule["enabled"]:
            form[f"{rule['rule']}.enabled"] = "on"
    saved = client.post("/settings/rules", data=form)
    assert saved.status_code == 200 and "Saved." in saved.text
    written = (tmp_path / "backstride.rules.toml").read_text()
    assert 'week_start = "sunday"' in written and "max_increase_km = 2.5" in written
    assert client.get("/api/config").json()["week_start"] == "sunday"
    refused = client.post("/settings/rules", data={**form, "weekly-ramp.max_increase_km": "99"})
    assert refused.status_code == 422 and "out of range" in refused.text
    assert (tmp_path / "backstride.rules.toml").read_text() == written, "left alone on error"


def test_the_config_api_validates_like_config_set(client: TestClient) -> None:
    assert_error(
        api(client, "PUT", "/api/config", {"values": {"run-days.max_days": 99}}),
        422,
        "invalid",
        "values.run-days.max_days",
    )
    assert_error(api(client, "PUT", "/api/config", {"week_start": "someday"}), 422, "invalid")
    assert_error(api(client, "PUT", "/api/config", {"values": {"nope.x": 1}}), 422, "invalid")
    ok = api(client, "PUT", "/api/config", {"values": {"run-days.max_days": 3}})
    assert ok.status_code == 200
