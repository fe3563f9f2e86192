"""The twins of every use case test: eight weeks of demo running to yesterday and a plan
towards 30 km a week, made once, copied for each test into a command-line database and
a web app's database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from clitools import ok
from demo_exports import DemoExport
from fastapi.testclient import TestClient
from shells import BASE, Twins

from backstride import clock
from backstride.web import WebSettings, create_app


@pytest.fixture(scope="session")
def planned_runner(tmp_path_factory: pytest.TempPathFactory, demo_export: DemoExport) -> Path:
    """Eight weeks of demo running to yesterday, screened, and a plan towards 30 km a week."""
    folder = tmp_path_factory.mktemp("runner")
    db = folder / "runner.db"
    ok(db, "profile", "--time-zone", "UTC")
    export = demo_export(clock.today("UTC"), weeks=8)
    ok(db, "import", "--quiet", "--workers", "1", str(export))
    ok(db, "screen", "--none-apply")
    ok(db, "plan", "new", "--goal", "weekly:30km")
    return db


@pytest.fixture()
def twins(planned_runner: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Twins]:
    """The planned runner, twice (each with its own rules file beside it)."""
    monkeypatch.delenv("BACKSTRIDE_CONFIG", raising=False)
    cli_db, web_db = tmp_path / "cli" / "runner.db", tmp_path / "web" / "runner.db"
    for db in (cli_db, web_db):
        db.parent.mkdir()
        shutil.copy(planned_runner, db)
    url = f"sqlite:///{web_db}"
    app = create_app(url, WebSettings(store_url=url, import_workers=1))
    with TestClient(app, base_url=BASE) as client:
        yield Twins(cli_db, web_db, client)
