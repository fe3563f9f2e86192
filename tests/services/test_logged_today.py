"""Today lists what was logged today: the run, the pain report, the check-in and the
session, in the runner's units, each linked to where it is corrected; yesterday's are not
there."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

from clitools import ok
from fastapi.testclient import TestClient
from webtools import BASE

from backstride import clock
from backstride.services.logged_today import logged_on
from backstride.services.workspace import Workspace
from backstride.store import open_store
from backstride.web import WebSettings, create_app


def _logged_runner(planned_runner: Path, tmp_path: Path) -> Path:
    db = tmp_path / "today" / "runner.db"
    db.parent.mkdir()
    shutil.copy(planned_runner, db)
    ok(db, "profile", "--units", "mi")
    today = clock.today("UTC")
    ok(
        db,
        "log",
        "run",
        "--date",
        today.isoformat(),
        "--distance",
        "3.1",
        "--duration",
        "30:00",
        "--time",
        "00:10",
    )
    ok(db, "log", "pain", "--score", "3", "--when", "after")
    ok(db, "log", "checkin", "--stiffness", "2")
    ok(db, "log", "session", "--kind", "core", "--minutes", "20")
    yesterday = (today - timedelta(days=1)).isoformat()
    ok(db, "log", "session", "--kind", "yoga", "--minutes", "45", "--date", yesterday)
    return db


def test_today_s_entries_in_the_runner_s_units_and_nothing_from_yesterday(
    planned_runner: Path, tmp_path: Path
) -> None:
    db = _logged_runner(planned_runner, tmp_path)
    with open_store(f"sqlite:///{db}") as store:
        logged = logged_on(Workspace.of(store))
    kinds = [e.kind for e in logged]
    assert sorted(kinds) == ["activity", "check-in", "pain", "session"], logged
    run = next(e for e in logged if e.kind == "activity")
    assert "3.1 mi" in run.what and "km" not in run.what and run.time == "00:10"
    assert kinds[-2:] == ["check-in", "session"]  # untimed entries after the timed ones
    assert next(e for e in logged if e.kind == "session").what == "core session, 20 min"
    assert all("yoga" not in e.what for e in logged)


def test_the_today_page_links_each_entry_to_where_it_is_corrected(
    planned_runner: Path, tmp_path: Path
) -> None:
    db = _logged_runner(planned_runner, tmp_path)
    url = f"sqlite:///{db}"
    with TestClient(create_app(url, WebSettings(store_url=url)), base_url=BASE) as client:
        page = client.get("/").text
        section = page.split('id="logged-today"')[1].split("</section>")[0]
        links = re.findall(r'href="([^"]+)"', section)
        assert len(links) == 5 and links[-1] == "/log"  # four entries, then "Log a run..."
        assert "3.1 mi" in section and "pain 3/10 after" in section
        for link in links[:4]:
            path, _, anchor = link.partition("#")
            target = client.get(path)
            assert target.status_code == 200, link
            assert not anchor or f'id="{anchor}"' in target.text, link
