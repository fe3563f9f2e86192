"""Changing settings: `config set`, `profile`, the Settings page and the API write the
same file and the same athlete, and every change re-plans."""

from __future__ import annotations

from datetime import date, timedelta

from shells import Twins

from backstride import clock
from backstride.plan import Plan


def _rules_file(twins: Twins, which: str) -> str:
    db = twins.cli_db if which == "cli" else twins.web_db
    return db.with_name("runner.rules.toml").read_text()


def test_a_threshold_is_written_the_same_and_re_plans(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    out = twins.cli("config", "set", "weekly-ramp.max_increase", "2.5")
    body = twins.api("PUT", "/api/config", {"values": {"weekly-ramp.max_increase": 2.5}})
    assert body.status_code == 200, body.text
    assert _rules_file(twins, "cli") == _rules_file(twins, "web")
    assert "max_increase_km = 2.5" in _rules_file(twins, "cli")
    assert "Plan re-planned" in out and "pain-during" in out
    cli, web = twins.snapshots()
    assert cli == web
    assert any(c.rule == "pain-during" for c in cli["plan"].changes)


def test_the_settings_form_writes_what_config_set_writes(twins: Twins) -> None:
    twins.cli("config", "set", "week_start", "sunday")
    twins.cli("config", "set", "acwr.enabled", "false")
    form = {"week_start": "sunday"}
    for rule in twins.web.get("/api/config").json()["rules"]:
        if rule["enabled"] and rule["rule"] != "acwr":
            form[f"{rule['rule']}.enabled"] = "on"
    assert twins.form("/settings/rules", form).status_code == 200
    assert _rules_file(twins, "cli") == _rules_file(twins, "web")


def test_units_and_zone_change_the_same_and_re_plan(twins: Twins) -> None:
    twins.pain_behind_the_back(7)
    # the pain is from a few minutes ago; a new zone may move it to another local day
    # (just before midnight), so the re-plan is compared between the shells, not assumed
    out = twins.cli("profile", "--units", "mi", "--time-zone", "Europe/London")
    body = twins.api("PUT", "/api/settings", {"units": "mi", "time_zone": "Europe/London"})
    assert body.json()["units"] == "mi"
    cli, web = twins.snapshots()
    assert cli == web, "the same settings and the same re-plan"
    assert cli["athlete"].time_zone == "Europe/London"
    assert cli["plan"] is not None
    if cli["plan"].changes:  # the pain acted on the plan: the command line says so
        assert "Plan re-planned" in out


def test_a_refused_value_changes_nothing_in_either_shell(twins: Twins) -> None:
    from clitools import run

    code, _, err = run(twins.cli_db, "config", "set", "run-days.max_days", "9")
    response = twins.api("PUT", "/api/config", {"values": {"run-days.max_days": 9}})
    assert code == 2 and "out of range" in err and "nothing was changed" in err
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "values.run-days.max_days"
    assert not twins.cli_db.with_name("runner.rules.toml").exists()
    assert not twins.web_db.with_name("runner.rules.toml").exists()


def _most_run_days(plan: Plan, after: date) -> int:
    """The most run days of any whole plan week after `after`."""
    weeks = [w.start for w in plan.weeks if w.start > after]
    return max(
        len({s.on for s in plan.sessions if s.is_run and w <= s.on < w + timedelta(days=7)})
        for w in weeks
    )


def test_fewer_run_days_in_settings_re_plan_to_that_many(twins: Twins) -> None:
    today = clock.today("UTC")
    twins.cli("plan", "new", "--goal", "weekly:30km", "--days", "mon,wed,fri,sun")
    twins.api("POST", "/api/plan", {"goal": "weekly:30km", "days": "mon,wed,fri,sun"})
    before, _ = twins.plans()
    assert _most_run_days(before, today) == 4
    out = twins.cli("config", "set", "run-days.max_days", "3")
    form = {"run-days.max_days": "3"}
    for rule in twins.web.get("/api/config").json()["rules"]:
        if rule["enabled"]:
            form[f"{rule['rule']}.enabled"] = "on"
    assert twins.form("/settings/rules", form).status_code == 200
    assert "Plan re-planned" in out
    cli, web = twins.plans()
    assert cli == web
    assert _most_run_days(cli, today) <= 3
