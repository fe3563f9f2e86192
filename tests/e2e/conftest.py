"""A real browser against a real server: Debian's Chromium driven by Playwright.

The tests skip, saying why, when /usr/bin/chromium or the playwright package is
missing (`.ci/install-browser` installs Chromium; `playwright install` is never used).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_exports import DemoExport

from backstride import clock

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
SERVE = (
    "import sys, uvicorn\n"
    "from backstride.web import create_app\n"
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]),"
    " log_level='warning')\n"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """`uvicorn` serving `create_app(url)` on a free 127.0.0.1 port, in its own process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVE, url, str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"the web server exited: {error}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/settings", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the web server did not start within 30 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where page screenshots go (gitignored; kept as CI artifacts)."""
    return SCREENSHOTS


@pytest.fixture(scope="session")
def sync_api() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: run .ci/install-browser (apt-get install chromium)")
    return pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed"
    )


@pytest.fixture(scope="session")
def browser(sync_api: Any) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture()
def empty_server(tmp_path: Path) -> Iterator[Server]:
    server = Server(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, sync_api: Any, demo_export: DemoExport
) -> Iterator[Server]:
    """A server over 78 weeks of generated running, imported as a Strava export."""
    from backstride.demo.history import DEMO_ZONE
    from backstride.ingest.pipeline import import_paths
    from backstride.store import open_store

    folder = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{folder / 'demo.db'}"
    export = demo_export(clock.today(DEMO_ZONE), weeks=78)
    with open_store(url) as store:
        store.update_athlete(name="Demo runner", time_zone=DEMO_ZONE)
        import_paths(store, [export], workers=min(2, os.cpu_count() or 1))
    server = Server(url)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture()
def runner_server(tmp_path: Path, sync_api: Any, demo_export: DemoExport) -> Iterator[Server]:
    """Its own server (the test writes to the diary) over eight weeks of demo running,
    with three calm mornings (2/10) in the diary so the runner has a usual pain level."""
    from datetime import UTC, datetime, time, timedelta

    from backstride.domain.backcare import PainReport, PainTiming
    from backstride.ingest.pipeline import import_paths
    from backstride.store import open_store

    url = f"sqlite:///{tmp_path / 'runner.db'}"
    today = clock.today()
    export = demo_export(today, weeks=8)
    with open_store(url) as store:
        store.update_athlete(name="Runner", time_zone="UTC")
        import_paths(store, [export], workers=1)
        for days_ago in (3, 5, 7):
            morning = datetime.combine(today - timedelta(days=days_ago), time(7), UTC)
            store.add_pain_report(PainReport(morning, 2, PainTiming.NEXT_MORNING))
    server = Server(url)
    try:
        yield server
    finally:
        server.stop()
