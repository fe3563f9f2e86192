"""`backstride` on its own: an empty database is welcomed with the first steps, the same
export steps as the Welcome page; a database with data gets the commands."""

from __future__ import annotations

import re
from pathlib import Path

from clitools import ok
from fastapi.testclient import TestClient
from webtools import BASE

from backstride.services.first_run import EXPORT_SOURCES
from backstride.web import WebSettings, create_app


def test_an_empty_database_is_welcomed_with_the_first_steps(tmp_path: Path) -> None:
    out = ok(tmp_path / "new.db")
    assert out.startswith("Welcome to backstride.")
    for command in ("backstride profile", "backstride screen", "backstride import"):
        assert command in out
    for source in EXPORT_SOURCES:
        assert f"From {source.name}:" in out
        assert all(step in out for step in source.steps)


def test_the_welcome_page_gives_the_same_steps(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with TestClient(create_app(url, WebSettings(store_url=url)), base_url=BASE) as client:
        page = client.get("/welcome").text
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    for source in EXPORT_SOURCES:
        for step in source.steps:
            assert " ".join(step.split()) in text, step


def test_with_data_it_lists_the_commands(tmp_path: Path) -> None:
    db = tmp_path / "runner.db"
    ok(db, "log", "session", "--kind", "core", "--minutes", "20")
    out = ok(db)
    assert "Welcome" not in out and "Usage" in out and "import" in out


def test_backstride_alone_welcomes_on_the_default_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from backstride.cli.app import app

    url = f"sqlite:///{tmp_path / 'default.db'}"
    result = CliRunner().invoke(app, [], env={"BACKSTRIDE_DATABASE_URL": url})
    assert result.exit_code == 0 and result.stdout.startswith("Welcome to backstride.")
