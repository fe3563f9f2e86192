"""Shared fixtures: the pinned clock, where the real device files are, and the databases to
test on."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import pytest
from demo_exports import DemoExport, exports_in
from hypothesis import HealthCheck, settings
from realfiles import CORPUS, CorpusFile, corpus_files
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from backstride import clock
from backstride.store import Store, open_store

__all__ = ["CORPUS", "CorpusFile", "corpus_files"]

# -- property tests ---------------------------------------------------------------------------
# No per-example deadline (a busy machine is slow, not wrong). In CI (CI=true) every run tries
# the same examples, so a red CI means a change broke something; elsewhere each run tries new
# ones (and Hypothesis keeps any failure it finds in .hypothesis to replay it); `make fuzz`
# explores the importers for as long as it is given.
settings.register_profile(
    "local", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile("ci", settings.get_profile("local"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "local")


# -- demo exports -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> DemoExport:
    """`demo_export(end, weeks=8, seed=7)`: the demo history ending the day before `end`,
    written once as a Strava export for the whole run and shared by every xdist worker
    (the SDK's FIT encoder is slow). Import it; never write to it."""
    if os.environ.get("BACKSTRIDE_TEST_EXPORTS"):  # make test-calendar: shared by its runs
        return exports_in(Path(os.environ["BACKSTRIDE_TEST_EXPORTS"]))
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    return exports_in(shared / "demo-exports")


# -- the clock ---------------------------------------------------------------------------------
# Every test runs on a pinned clock, never the machine's: BACKSTRIDE_TEST_NOW names the moment
# (a local time in the runner's zone), and `make test-calendar` runs the suite again under
# every weekday at 00:30 and 23:30. Commands started in a subprocess inherit it.
DEFAULT_TEST_NOW = "2026-12-05T10:00"  # a Saturday morning
TEST_NOW = os.environ.get("BACKSTRIDE_TEST_NOW", DEFAULT_TEST_NOW)
os.environ[clock.ENV_NOW] = TEST_NOW
os.environ.pop(clock.ENV_TODAY, None)
clock.check()

_real_now = clock.now
_clock_reads = [0]
_spawns = [0]  # backstride commands and servers a test started (they may read the clock)


def _counted_now(zone: tzinfo | str | None = None) -> datetime:
    # The store's own stamps (when a row was written) do not count: no answer a runner
    # sees depends on them, so a test that only stores things stays clock-free.
    frame = sys._getframe(1)
    while frame.f_globals.get("__name__") == "backstride.clock" and frame.f_back is not None:
        frame = frame.f_back
    if not str(frame.f_globals.get("__name__", "")).startswith("backstride.store"):
        _clock_reads[0] += 1
    return _real_now(zone)


clock.now = _counted_now  # count reads, for `clock_free` below

_real_popen_init = subprocess.Popen.__init__


def _counted_popen_init(self: subprocess.Popen[Any], args: Any, *rest: Any, **kw: Any) -> None:
    # A backstride command or server started from a test may read the clock in its own
    # process: the calendar runs such a test under every pinned day (a `clock_free` mark on
    # it is its author's word that the answer does not depend on the day).
    words = [str(a) for a in args] if isinstance(args, (list, tuple)) else [str(args)]
    if any("backstride" in word for word in words):
        _spawns[0] += 1
    _real_popen_init(self, args, *rest, **kw)


subprocess.Popen.__init__ = _counted_popen_init  # type: ignore[method-assign]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`BACKSTRIDE_TEST_SELECT=FILE` (scripts/test-calendar): run only the tests named in FILE,
    one node id a line: those that read the clock at the calendar's first moment, and every
    browser test (their server reads it in another process, for every page) unless
    `BACKSTRIDE_TEST_BROWSER=no` (the calendar's moments without the browser tests)."""
    chosen = os.environ.get("BACKSTRIDE_TEST_SELECT")
    if not chosen:
        return
    wanted = set(Path(chosen).read_text(encoding="utf-8").splitlines())
    browser = os.environ.get("BACKSTRIDE_TEST_BROWSER", "yes") != "no"
    kept = [
        i
        for i in items
        if (i.nodeid in wanted or i.nodeid.startswith("tests/e2e/"))
        and (browser or not i.nodeid.startswith("tests/e2e/"))
    ]
    kept_ids = {id(i) for i in kept}
    dropped = [i for i in items if id(i) not in kept_ids]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture()
def move_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """Moves the pinned clock on, for steps that must not share one instant (a screening,
    then a pain report). Keep moves to minutes: at 23:30 an hour would change the day."""

    def move(by: timedelta) -> None:
        now = datetime.fromisoformat(os.environ[clock.ENV_NOW])
        monkeypatch.setenv(clock.ENV_NOW, (now + by).isoformat())

    return move


@pytest.fixture(autouse=True)
def _clock_free_tests_do_not_read_the_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked `clock_free` is left out of `make test-calendar`; prove it may be."""
    _clock_reads[0] = _spawns[0] = 0
    yield
    if os.environ.get("BACKSTRIDE_TEST_CLOCK_LOG"):
        with open(os.environ["BACKSTRIDE_TEST_CLOCK_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{_clock_reads[0] + _spawns[0]} {request.node.nodeid}\n")
    if request.node.get_closest_marker("clock_free") and _clock_reads[0]:
        pytest.fail(
            f"marked clock_free but read the clock {_clock_reads[0]} times: remove the mark so "
            "make test-calendar runs it under every pinned day"
        )


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The real device files in ../shared/corpus; tests skip with a reason where absent."""
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"real device corpus not found at {CORPUS} (clone with ../shared beside it)")
    return CORPUS


POSTGRES_URL = os.environ.get("BACKSTRIDE_TEST_POSTGRES_URL", "")


@pytest.fixture()
def tmp_db_url(tmp_path: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp_path / 'backstride.db'}"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(not POSTGRES_URL, reason="BACKSTRIDE_TEST_POSTGRES_URL not set"),
            ],
        ),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_db_url: str) -> Iterator[str]:
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL schema dropped after."""
    if request.param == "sqlite":
        yield tmp_db_url
        return
    schema = f"backstride_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture()
def open_db(db_url: str) -> Iterator[Callable[[], Store]]:
    """Opens the test database as often as a test likes (each a separate engine); closes
    every store after."""
    stores: list[Store] = []

    def opener() -> Store:
        stores.append(open_store(db_url))
        return stores[-1]

    yield opener
    for store in stores:
        store.close()
