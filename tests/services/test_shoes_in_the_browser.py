"""Shoes managed in the browser as on the command line: add, rename, replace-at, retire,
default, worn, wear on runs; through the Shoes page's forms and the API, the same stored
result and re-plan as the commands."""

from __future__ import annotations

from shells import Twins


def test_add_and_change_a_pair_the_same_through_either_shell(twins: Twins) -> None:
    twins.cli("shoes", "add", "Brooks Ghost 15", "--start-distance", "120km",
              "--replace-at", "500km", "--default")  # fmt: skip
    twins.cli("shoes", "rename", "brooks ghost 15", "Ghost 15 (blue)")
    twins.cli("shoes", "add", "Back brace", "--kind", "brace")
    added = twins.form(
        "/shoes/add",
        {
            "name": "Brooks Ghost 15",
            "start_distance": "120",
            "replace_at": "500",
            "default": "on",
        },
    )
    assert added.status_code == 200 and "Saved." in added.text
    renamed = twins.api("PATCH", "/api/shoes/brooks ghost 15", {"name": "Ghost 15 (blue)"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Ghost 15 (blue)"
    brace = twins.api("POST", "/api/shoes", {"name": "Back brace", "kind": "brace"})
    assert brace.status_code == 200 and brace.json()["kind"] == "brace"
    cli, web = twins.snapshots()
    assert cli == web
    page = twins.web.get("/shoes").text
    assert "Ghost 15 (blue)" in page and 'action="/shoes/edit"' in page


def test_retire_worn_and_wear_on_runs_through_the_page(twins: Twins) -> None:
    twins.cli("shoes", "add", "Racer")
    twins.form("/shoes/add", {"name": "Racer"})
    twins.cli("shoes", "assign", "racer", "--since", "2000-01-01")
    twins.form("/shoes/assign", {"current": "Racer", "since": "2000-01-01"})
    twins.cli("shoes", "retire", "racer")
    twins.form("/shoes/edit", {"current": "Racer", "name": "Racer", "state": "retired"})
    cli, web = twins.snapshots()
    assert cli == web
    racer = next(g for g in web["gear"] if g.gear.name == "Racer")
    assert racer.gear.retired and racer.gear.activity_count > 0


def test_bad_input_is_refused_in_one_line_and_changes_nothing(twins: Twins) -> None:
    twins.form("/shoes/add", {"name": "Daily"})
    _, before = twins.snapshots()
    for method, path, body, field in (
        ("POST", "/api/shoes", {"name": "x" * 101}, "name"),
        ("POST", "/api/shoes", {"name": "Daily"}, None),  # already there
        ("POST", "/api/shoes", {"name": "New", "replace_at_m": 10.0}, "replace_at"),
        ("PATCH", "/api/shoes/nope", {"retired": True}, None),
        ("PATCH", "/api/shoes/daily", {"retired": True, "default": True}, "default"),
        ("POST", "/api/shoes/daily/assign", {"activity_ids": [2**40]}, None),
    ):
        answer = twins.api(method, path, body)
        assert answer.status_code in (404, 409, 422), (path, body, answer.text)
        error = answer.json()["error"]
        assert "\n" not in error["message"], error
        if field is not None:
            assert error["field"] == field, error
    _, after = twins.snapshots()
    assert after == before
