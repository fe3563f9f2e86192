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


def test_a_race_not_safe_by_its_date_is_refused_the_same_way_everywhere(twins: Twins) -> None:
    from clitools import run

    race = (clock.today("UTC") + timedelta(days=21)).isoformat()
    before = twins.snapshots()
    code, _, err = run(twins.cli_db, "plan", "new", "--goal", f"race:half@{race}")
    response = twins.api("POST", "/api/plan", {"goal": f"race:half@{race}"})
    page = twins.form("/plan", {"goal_kind": "race", "distance": "half", "race_date": race})
    assert code == 1 and "refused" in err
    error = response.json()["error"]
    assert response.status_code == 422 and error["code"] == "refused" and error["field"] == "goal"
    assert error["earliest_safe"] > race and error["alternatives"]
    assert all(a["goal"] in err for a in error["alternatives"]), "the same alternatives"
    assert page.status_code == 422 and "Not safe by that date" in page.text
    assert error["alternatives"][0]["text"] in page.text and "Nothing was saved" in page.text
    assert twins.snapshots() == before, "nothing saved by any shell"


def test_a_race_kept_anyway_says_so_in_every_shell(twins: Twins) -> None:
    race = (clock.today("UTC") + timedelta(days=21)).isoformat()
    twins.cli("plan", "new", "--goal", f"race:half@{race}", "--anyway")
    made = twins.api("POST", "/api/plan", {"goal": f"race:half@{race}", "anyway": True}).json()
    cli, web = twins.plans()
    assert cli == web and cli.notices and any(s.is_run for s in cli.sessions)
    assert made["saved"] is True and made["notices"] == list(cli.notices)
    shown = twins.web.get("/api/plan").json()
    assert shown["warnings"][0] == cli.notices[0] and "is not in this plan" in cli.notices[0]
    page = twins.web.get("/plan").text
    assert "Not in this plan:" in page and "stopping short of it" in page
    assert "is not in this plan" in twins.cli("plan", "show")
    # the form's checkbox does the same
    form = twins.form(
        "/plan", {"goal_kind": "race", "distance": "half", "race_date": race, "anyway": "on"}
    )
    assert form.status_code == 200 and "Not in this plan:" in form.text
