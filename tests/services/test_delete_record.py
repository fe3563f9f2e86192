"""Delete one record and undo it: through the command line and the API alike, every kind
of record goes to the trash with what hangs off it, re-plans, and comes back exactly as it
was; a deleted run's file stays out of the next import unless asked."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from clitools import ok, run
from shells import Twins, snapshot

from backstride import clock
from backstride.domain.backcare import PainReport, PainTiming
from backstride.ingest.pipeline import import_paths
from backstride.services.delete_record import delete_record, undo
from backstride.services.workspace import Workspace
from backstride.store import Store, open_store

FIT_RUN = "fit/dtcooper__tests__files__activity-small-fenix2-run.fit"


def _setup(twins: Twins) -> None:
    """Something of every kind, the same in both twins (same ids)."""
    for args in (
        ("log", "pain", "--score", "4", "--when", "after"),
        ("log", "checkin", "--stiffness", "3"),
        ("log", "session", "--kind", "core", "--minutes", "15"),
        ("shoes", "add", "Spare pair"),
    ):
        ok(twins.cli_db, *args)
        ok(twins.web_db, *args)


def _ids(db: Path) -> dict[str, Any]:
    with open_store(f"sqlite:///{db}") as store:
        runs = [a.id for a in store.activities() if a.is_run]
        return {
            "activity": runs[-1],
            "pain": store.pain_reports()[-1].id,
            "check-in": store.check_ins()[-1].on.isoformat(),
            "session": store.sessions()[-1].id,
            "gear": "Spare pair",
        }


CLI_KIND = {
    "activity": "activity",
    "pain": "pain",
    "check-in": "checkin",
    "session": "session",
    "gear": "shoes",
}
API_PATH = {
    "activity": "/api/activities/{}",
    "pain": "/api/pain/{}",
    "check-in": "/api/check-ins/{}",
    "session": "/api/sessions/{}",
    "gear": "/api/shoes/{}",
}


@pytest.mark.parametrize("kind", list(CLI_KIND))
def test_each_kind_is_deleted_and_brought_back_the_same_through_either_shell(
    twins: Twins, kind: str
) -> None:
    _setup(twins)
    before, _ = twins.snapshots()
    which = _ids(twins.cli_db)[kind]
    out = ok(twins.cli_db, "delete", CLI_KIND[kind], str(which))
    assert out.startswith("Deleted ") and "backstride undo" in out
    gone = twins.api("DELETE", API_PATH[kind].format(which))
    assert gone.status_code == 200, gone.text
    assert gone.json()["item"]["label"] in out
    cli, web = twins.snapshots()
    assert cli == web and cli != before
    listed = twins.web.get("/api/trash").json()
    assert [t["kind"] for t in listed] == [kind]
    assert "Brought back" in ok(twins.cli_db, "undo")
    assert twins.api("POST", "/api/undo").status_code == 200
    cli, web = twins.snapshots()
    assert cli == web
    # the record is back as it was; a plan cut while the run was missing stays cut
    assert {k: v for k, v in cli.items() if k != "plan"} == {
        k: v for k, v in before.items() if k != "plan"
    }
    assert twins.web.get("/api/trash").json() == []


def test_what_is_not_there_is_refused_in_one_line(twins: Twins) -> None:
    for args, said in (
        (("delete", "pain", "99999"), "there is no pain report 99999"),
        (("delete", "checkin", "2001-01-01"), "no check-in on 2001-01-01"),
        (("delete", "shoes", "Nope"), "no shoes or gear called 'Nope'"),
        (("delete", "cat", "1"), "cannot delete 'cat'"),
        (("delete", "activity", "x"), "is not a number"),
        (("undo",), "nothing to undo"),
    ):
        code, _, err = run(twins.cli_db, *args)
        assert code == 2 and said in err and len(err.splitlines()) == 1, (args, err)
    assert twins.api("DELETE", "/api/pain/99999").status_code == 404


def test_a_deleted_run_s_file_stays_out_of_the_next_import(tmp_path: Path, corpus: Path) -> None:
    db = tmp_path / "guard.db"
    fit = corpus / FIT_RUN
    ok(db, "import", "-q", str(fit))
    with open_store(f"sqlite:///{db}") as store:
        (activity,) = store.activities()
    ok(db, "delete", "activity", str(activity.id))
    again = ok(db, "import", str(fit))
    assert "1 deleted by you" in again and "0 imported" in again
    with open_store(f"sqlite:///{db}") as store:
        assert store.activities() == []
    back = ok(db, "import", "--include-deleted", str(fit))
    assert "1 imported" in back
    code, _, err = run(db, "undo")  # the same run is there again: the trash cannot add it
    assert code == 2 and "cannot bring back the run" in err and "again" in err


def test_on_either_database_the_run_comes_back_with_its_samples_and_its_pain(
    open_db: Callable[[], Store], corpus: Path, tmp_path: Path
) -> None:
    store = open_db()
    import_paths(store, [corpus / FIT_RUN], workers=1)
    (activity,) = store.activities(with_samples=True)
    assert activity.id is not None and activity.samples is not None
    store.add_pain_report(PainReport(clock.now_utc(), 3, PainTiming.AFTER, activity_id=activity.id))
    before = snapshot(store)
    ws = Workspace(store, tmp_path / "rules.toml")
    deleted = delete_record(ws, "activity", activity.id)
    assert store.activities() == [] and store.pain_reports()[0].activity_id is None
    assert deleted.trashed.label.startswith("the run on ")
    undo(ws)
    assert snapshot(store) == before
    (again,) = store.activities(with_samples=True)
    assert again.samples == activity.samples
    assert store.pain_reports()[0].activity_id == activity.id
    assert store.routine_records() and store.deleted_file_hashes() == frozenset()


def test_a_deleted_run_from_an_export_row_alone_stays_out_too(
    open_db: Callable[[], Store], tmp_path: Path
) -> None:
    """A Strava export row without a file (a run logged on the website) is a run the runner
    may delete like any other: the next import of the same export leaves it out."""
    export = tmp_path / "export.zip"
    header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename"
    rows = [f'{900 + i},"Mar {2 + i}, 2026, 7:00:00 AM",Run {i},Run,1800,5.0,' for i in range(2)]
    with zipfile.ZipFile(export, "w") as archive:
        archive.writestr("activities.csv", "\n".join([header, *rows]) + "\n")
    store = open_db()
    assert import_paths(store, [export], workers=1).imported == 2
    first = min(store.activities(), key=lambda a: a.start_utc)
    assert first.id is not None
    delete_record(Workspace(store, tmp_path / "rules.toml"), "activity", first.id)
    again = import_paths(store, [export], workers=1)
    assert (again.imported, again.deleted, again.duplicates) == (0, 1, 1)
    assert [a.name for a in store.activities()] == ["Run 1"]
    back = import_paths(store, [export], workers=1, include_deleted=True)
    assert back.imported == 1 and len(store.activities()) == 2
