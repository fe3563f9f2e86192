"""Making a plan: the command line, the API and the Plan page's form make the same plan
from the same history and goal."""

from __future__ import annotations

from datetime import timedelta

from shells import Twins

from backstride import clock


def test_the_same_goal_makes_the_same_plan_through_either_shell(twins: Twins) -> None:
    twins.cli("plan", "new", "--goal", "weekly:25km", "--weeks", "8", "--days", "mon,wed,sat")
    body = twins.api(
        "POST", "/api/plan", {"goal": "weekly:25km", "weeks": 8, "days": "mon,wed,sat"}
    ).json()
    assert body["saved"] is True
    cli, web = twins.plans()
    assert cli == web and cli.goal.label == "weekly:25km"
    assert {s.on.weekday() for s in cli.sessions if s.is_run} <= {0, 2, 5}


def test_the_plan_form_makes_the_plan_the_command_line_makes(twins: Twins) -> None:
    race = (clock.today("UTC") + timedelta(weeks=10)).isoformat()
    twins.cli("plan", "new", "--goal", f"race:10k@{race}", "--long-run-day", "sun")
    page = twins.form(
        "/plan",
        {
            "goal_kind": "race",
            "distance": "10k",
            "race_date": race,
            "long_run_day": "sun",
        },
    )
    assert page.status_code == 200 and 'class="calendar"' in page.text
    cli, web = twins.plans()
    assert cli == web and cli.goal.race_date is not None


def test_a_refused_goal_says_the_same_thing_in_both_shells(twins: Twins) -> None:
    from clitools import run

    code, _, err = run(twins.cli_db, "plan", "new", "--goal", "weekly:20km", "--weeks", "200")
    response = twins.api("POST", "/api/plan", {"goal": "weekly:20km", "days": "mon,funday"})
    assert code == 2 and "out of range" in err
    assert response.status_code == 422 and response.json()["error"]["field"] == "days"
    cli, web = twins.snapshots()
    assert cli == web, "nothing was changed"
