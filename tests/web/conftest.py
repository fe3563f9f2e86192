"""The web apps the topic tests drive: an empty database, and a runner with eight weeks of
demo running up to yesterday (so plans start from real history)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from demo_exports import DemoExport
from fastapi.testclient import TestClient
from webtools import BASE

from backstride import clock
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store
from backstride.web import WebSettings, create_app


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
    with TestClient(create_app(url), base_url=BASE) as test_client:
        yield test_client
