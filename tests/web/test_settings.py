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


def test_red_flag_screening_cannot_be_switched_off(client: TestClient, tmp_path: Path) -> None:
    page = client.get("/settings").text
    assert 'name="red-flags.enabled"' not in page and "cannot be switched off" in page
    token = token_of(client)
    form = {"csrf_token": token}  # no rule ticked at all: red-flags stays on
    assert client.post("/settings/rules", data=form).status_code == 200
    rules = {r["rule"]: r for r in client.get("/api/config").json()["rules"]}
    assert rules["red-flags"]["enabled"] and rules["red-flags"]["always_on"]
    assert "red-flags" not in (tmp_path / "backstride.rules.toml").read_text()
    refused = api(client, "PUT", "/api/config", {"enabled": {"red-flags": False}})
    assert_error(refused, 422, "invalid", "enabled.red-flags")
    assert "cannot be switched off" in refused.json()["error"]["message"]


BROKEN_PLUGIN = """
import sys
from fastapi.testclient import TestClient
from backstride.web import WebSettings, create_app

url = "sqlite:///" + sys.argv[1]
with TestClient(create_app(url, WebSettings(store_url=url)), base_url="http://127.0.0.1") as c:
    print(c.get("/api/config").json()["plugin_problems"])
    print(c.get("/settings").text)
"""


def test_rule_plugin_problems_show_on_the_settings_page(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    info = tmp_path / "broken_rules-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-rules\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[backstride.rules]\nsleepy = no_such_module:RULE\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    shown = subprocess.run(
        [sys.executable, "-c", BROKEN_PLUGIN, str(tmp_path / "runner.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert "rule plugin 'sleepy'" in shown.stdout.splitlines()[0]
    assert "Some outside rules could not be loaded" in shown.stdout
    assert "rule plugin &#39;sleepy&#39;" in shown.stdout or "rule plugin 'sleepy'" in shown.stdout
