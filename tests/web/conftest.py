"""The web apps the topic tests drive: an empty database, and a runner with eight weeks of
demo running up to yesterday (so plans start from real history)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from demo_exports import DemoExport
from fastapi.testclient import TestClient
from webtools import BASE

from backstride import clock
from backstride.domain.backcare import RedFlagAnswer
from backstride.ingest.pipeline import import_paths
from backstride.rules import RED_FLAGS
from backstride.store import Store, open_store
from backstride.web import WebSettings, create_app


def screened(store: Store, at: datetime) -> None:
    """Every red-flag question answered no at `at` (a runner who has been screened)."""
    store.add_red_flag_answers([RedFlagAnswer(f.id, at, False) for f in RED_FLAGS])


@pytest.fixture()
def client(tmp_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("BACKSTRIDE_CONFIG", raising=False)
    app = create_app(tmp_db_url, WebSettings(store_url=tmp_db_url, import_workers=1))
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture()
def runner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_export: DemoExport
) -> Iterator[TestClient]:
    """Eight weeks of demo running up to yesterday, so plans start from real history."""
    monkeypatch.delenv("BACKSTRIDE_CONFIG", raising=False)
    url = f"sqlite:///{tmp_path / 'runner.db'}"
    export = demo_export(clock.today() - timedelta(days=1), weeks=8)
    with open_store(url) as store:
        store.update_athlete(time_zone="UTC")
        import_paths(store, [export], workers=1)
        screened(store, clock.now_utc() - timedelta(days=7))
    with TestClient(create_app(url), base_url=BASE) as test_client:
        yield test_client
