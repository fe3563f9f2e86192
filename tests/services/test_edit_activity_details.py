"""An activity's name, sport, effort and notes, corrected through the command line, the page
and PATCH alike: the same stored, the same re-plan; a wrong value is refused whole, in one
line; `activity show` gives the activity with the laps its file recorded."""

from __future__ import annotations

import json
import re
from typing import Any

from clitools import dump, run
from shells import Twins
from webtools import assert_error

from backstride.domain.activity import Activity, Sport
from backstride.store import open_store


def _activities(twins: Twins) -> tuple[list[Activity], list[Activity]]:
    with (
        open_store(f"sqlite:///{twins.cli_db}") as cli,
        open_store(f"sqlite:///{twins.web_db}") as web,
    ):
        return cli.activities(), web.activities()


def _details(activities: list[Activity]) -> list[tuple[Any, ...]]:
    return [(a.id, a.name, a.sport, a.rpe, a.notes) for a in activities]


def test_name_sport_effort_and_notes_are_corrected_the_same_through_every_shell(
    twins: Twins,
) -> None:
    cli_runs, _ = _activities(twins)
    run_id = next(a.id for a in reversed(cli_runs) if a.is_run)
    out = twins.cli(
        "activity", "edit", str(run_id), "--name", "Hills [with] Sam", "--rpe", "7",
        "--notes", "windy", "--sport", "walk",
    )  # fmt: skip
    assert "Changed name: Hills [with] Sam, sport: walk, effort: 7/10, notes." in out
    body = twins.api(
        "PATCH",
        f"/api/activities/{run_id}",
        {"name": "Hills [with] Sam", "rpe": 7, "notes": "windy", "sport": "walk"},
    )
    assert body.status_code == 200, body.text
    assert body.json()["activity"]["name"] == "Hills [with] Sam"
    assert body.json()["changed"] == [
        "name: Hills [with] Sam",
        "sport: walk",
        "effort: 7/10",
        "notes",
    ]
    cli, web = _activities(twins)
    assert _details(cli) == _details(web)
    edited = next(a for a in cli if a.id == run_id)
    assert (edited.name, edited.sport, edited.rpe, edited.notes) == (
        "Hills [with] Sam", Sport.WALK, 7.0, "windy",
    )  # fmt: skip
    plans = twins.plans()
    assert plans[0] == plans[1]
    # the page's form: a name emptied goes back to none, the rest stays
    page = twins.form(
        f"/activities/{run_id}/edit", {"name": "", "sport": "run", "rpe": "", "notes": "windy"}
    )
    assert page.status_code == 200 and "Saved." in page.text
    _, web = _activities(twins)
    again = next(a for a in web if a.id == run_id)
    assert (again.name, again.sport, again.rpe, again.notes) == (None, Sport.RUN, 7.0, "windy")


def test_a_wrong_value_is_refused_whole_in_one_line(twins: Twins) -> None:
    cli_runs, _ = _activities(twins)
    run_id = next(a.id for a in cli_runs if a.is_run)
    before = dump(twins.cli_db)
    for args, words in (
        (("--rpe", "11", "--name", "Fine"), "out of range: 0 to 10"),
        (("--name", "x" * 201), "longer than 200 characters"),
        (("--sport", "skiing"), "skiing"),
    ):
        code, out, err = run(twins.cli_db, "activity", "edit", str(run_id), *args)
        said = (out + err).strip()
        assert code != 0 and words in said and "Traceback" not in said, said
    assert dump(twins.cli_db) == before
    assert_error(
        twins.api("PATCH", f"/api/activities/{run_id}", {"rpe": 11, "name": "Fine"}),
        422,
        "invalid",
        "rpe",
    )
    assert_error(
        twins.api("PATCH", f"/api/activities/{run_id}", {"sport": "skiing"}),
        422,
        "invalid",
        "sport",
    )
    cli, web = _activities(twins)
    assert _details(cli) == _details(web)


def test_activity_show_gives_the_laps_of_its_file(twins: Twins) -> None:
    cli_runs, _ = _activities(twins)
    run_id = next(a.id for a in cli_runs if a.is_run and a.source_format.value == "fit")
    shown = json.loads(twins.cli("activity", "show", str(run_id), "--json"))
    assert shown["activity"]["id"] == run_id
    assert len(shown["laps"]) == 1  # the demo's watch files record one lap a run
    assert shown["laps"][0]["distance_m"] == shown["activity"]["distance_m"]
    table = twins.cli("activity", "show", str(run_id))
    assert re.search(r"^1 lap\s*$", table, re.MULTILINE) and " km" in table
