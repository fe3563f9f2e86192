"""One runner twice, for showing that the command line and the web app are shells over the
same use cases: a use case driven through each stores the same and re-plans the same
(see tests/services/conftest.py for the twins' history)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx2
from clitools import ok
from fastapi.testclient import TestClient

from backstride import clock
from backstride.domain.backcare import PainReport, PainTiming
from backstride.plan import Plan
from backstride.services.workspace import Workspace
from backstride.store import Store, open_store

BASE = "http://127.0.0.1"


def snapshot(store: Store) -> dict[str, Any]:
    """Everything a use case may write, as domain objects: two stores with equal
    snapshots hold the same runner."""
    stored = store.active_plan()
    return {
        "athlete": store.athlete(),
        "activities": [(a.content_hash, a.gear, a.rpe) for a in store.activities()],
        "pain": store.pain_reports(),
        "check_ins": store.check_ins(),
        "sessions": store.sessions(),
        "red_flags": store.red_flag_answers(),
        "gear": store.gear_items(),
        "routines": store.routine_records(),
        "run_types": store.run_type_overrides(),
        "plan": stored.plan if stored else None,
    }


@dataclass
class Twins:
    """One runner twice: `cli_db` for `backstride --db`, `web` a client of the app over
    the other copy."""

    cli_db: Path
    web_db: Path
    web: TestClient

    def cli(self, *args: str) -> str:
        return ok(self.cli_db, *args)

    def api(self, method: str, path: str, body: object = None, **files: Any) -> httpx2.Response:
        """A write through the API, as the app's own pages send it (token and origin)."""
        page = self.web.get("/routines")
        found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert found
        headers = {"X-CSRF-Token": found.group(1), "Origin": BASE}
        if files:
            return self.web.request(method, path, headers=headers, files=files["files"])
        return self.web.request(method, path, json=body, headers=headers)

    def form(self, path: str, data: dict[str, str]) -> httpx2.Response:
        """A page form post, with this session's token."""
        page = self.web.get("/routines")
        found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert found
        return self.web.post(path, data={**data, "csrf_token": found.group(1)})

    def snapshots(self) -> tuple[dict[str, Any], dict[str, Any]]:
        with (
            open_store(f"sqlite:///{self.cli_db}") as a,
            open_store(f"sqlite:///{self.web_db}") as b,
        ):
            return snapshot(a), snapshot(b)

    def plans(self) -> tuple[Plan, Plan]:
        cli, web = self.snapshots()
        assert cli["plan"] is not None and web["plan"] is not None
        return cli["plan"], web["plan"]

    def pain_behind_the_back(self, score: float = 7) -> None:
        """Pain written straight to both stores: no use case re-planned after it, so the
        next one that re-plans shows it in the plan."""
        for db in (self.cli_db, self.web_db):
            with open_store(f"sqlite:///{db}") as store:
                at = clock.now_utc() - timedelta(minutes=5)
                store.add_pain_report(PainReport(at, score, PainTiming.DURING))


def on_web_twin(twins: Twins) -> Workspace:
    """A workspace over the web twin's database, to call a use case as a shell would."""
    return Workspace.of(open_store(f"sqlite:///{twins.web_db}"))
