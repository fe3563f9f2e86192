"""The History the web app keeps between requests, on a real SQLite file and a real
PostgreSQL: it equals a fresh `load_history`, and any write (this process, another
connection, the CLI in another process) is seen by the next request."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from backstride import clock
from backstride.domain.activity import Activity, SourceFormat, Sport
from backstride.domain.backcare import PainReport, PainTiming, RedFlagAnswer, RunType, SessionKind
from backstride.domain.backcare import Session as TrainingSession
from backstride.rules import RED_FLAGS, RulesConfig, check, status
from backstride.services.history import HistoryCache, history_cache, load_history
from backstride.store import Store, open_store
from backstride.training.days import to_local_date
from backstride.web import WebSettings, create_app
from backstride.web.charts.views import load_info

BASE = "http://127.0.0.1"
# Every page of the web app that asks the rules, in JSON.
RULE_ROUTES = (
    "/api/status",
    "/api/week",
    "/api/charts/load?weeks=52",
    "/api/charts/pain?weeks=52",
    "/api/charts/weekly-distance?weeks=52",
)


def seed(store: Store, weeks: int = 10) -> list[int]:
    """Four runs a week for `weeks` weeks up to yesterday, a shoe, some pain, a screening
    before them; the run ids."""
    store.add_gear("Ghost 15", default=True)
    now = clock.now_utc().replace(hour=7, minute=0, second=0, microsecond=0)
    ids = []
    for i in range(weeks * 7, 0, -1):
        if i % 7 in (1, 3, 5, 6):
            start = now - timedelta(days=i)
            ids.append(
                store.add_activity(
                    Activity(
                        sport=Sport.RUN,
                        start_utc=start,
                        elapsed_s=1800.0 + 60 * (i % 5),
                        source_format=SourceFormat.MANUAL,
                        distance_m=5000.0 + 400 * (i % 6),
                        content_hash=f"{i:064x}",
                    )
                )
            )
            if i % 3 == 0:
                store.add_pain_report(
                    PainReport(start + timedelta(hours=20), 2 + i % 4, PainTiming.NEXT_MORNING)
                )
    store.add_session(TrainingSession(now.date() - timedelta(days=2), SessionKind.CORE, 20))
    screened = now - timedelta(days=weeks * 7 + 1)  # the red-flag questions, all answered no
    store.add_red_flag_answers([RedFlagAnswer(f.id, screened, False) for f in RED_FLAGS])
    return ids


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        seed(opened)
        yield opened


def test_the_kept_history_is_a_fresh_load_until_something_is_written(store: Store) -> None:
    cache = HistoryCache()
    first = cache.get(store)
    assert first == load_history(store)
    assert cache.get(store) is first
    assert cache.loads == 1

    store.add_pain_report(PainReport(clock.now_utc(), 7, PainTiming.DURING))
    second = cache.get(store)
    assert second is not first
    assert second == load_history(store)
    assert [r.score for r in second.pain_reports][-1] == 7
    assert cache.get(store) is second
    assert cache.loads == 2


def test_a_cache_that_keeps_nothing_loads_on_every_get(store: Store) -> None:
    cache = HistoryCache(keep=False)
    first, second = cache.get(store), cache.get(store)
    assert first == second == load_history(store)
    assert first is not second
    assert cache.loads == 2


def test_a_write_through_another_connection_is_seen_by_the_next_get(db_url: str) -> None:
    with open_store(db_url) as reader, open_store(db_url) as writer:
        ids = seed(writer)
        cache = HistoryCache()
        assert cache.get(reader) == load_history(writer)
        writer.set_run_type(ids[-1], RunType.SPEED)
        after = cache.get(reader)
        assert after == load_history(writer)
        assert [(o.activity_id, o.run_type) for o in after.overrides] == [(ids[-1], RunType.SPEED)]
        assert cache.loads == 2


def test_the_rules_over_the_kept_history_answer_as_over_a_fresh_load(store: Store) -> None:
    kept = history_cache(store).get(store)
    assert history_cache(store).get(store) is kept  # the second request is served from the cache
    fresh = load_history(store)
    config = RulesConfig()
    today = to_local_date(clock.now_utc(), fresh.time_zone)
    for day in (today, today - timedelta(days=10), today - timedelta(days=40)):
        assert status(kept, config, day) == status(fresh, config, day)
        assert check(kept, config, day - timedelta(days=27), day) == check(
            fresh, config, day - timedelta(days=27), day
        )
        params = {"spike_ratio": 1.5, "max_monotony": 2.0}
        since = day - timedelta(weeks=8)
        assert load_info(kept, 0, day, since, params) == load_info(fresh, 0, day, since, params)


def test_every_rule_route_answers_the_same_from_the_cache_and_from_a_fresh_app(
    db_url: str, store: Store
) -> None:
    def answers() -> tuple[list[object], int]:
        app = create_app(db_url, WebSettings(store_url=db_url))
        with TestClient(app, base_url=BASE) as client:
            first = [client.get(path).json() for path in RULE_ROUTES]
            again = [client.get(path).json() for path in RULE_ROUTES]
            assert again == first
            return first, history_cache(app.state.store).loads

    cached, loads = answers()
    assert loads == 1  # ten requests, one load
    fresh, _ = answers()
    assert cached == fresh


def test_the_web_app_sees_pain_the_cli_logs_from_another_process(db_url: str) -> None:
    with open_store(db_url) as seeding:
        seed(seeding)
    app = create_app(db_url, WebSettings(store_url=db_url))
    with TestClient(app, base_url=BASE) as client:
        before = client.get("/api/status").json()
        assert client.get("/api/status").json() == before
        cache = history_cache(app.state.store)
        assert cache.loads == 1
        assert not [f for f in before["pain"] if f["rule"] == "pain-during"]

        env = {**os.environ, "BACKSTRIDE_DATABASE_URL": db_url}
        command = ["log", "pain", "--score", "8", "--when", "during", "--none-apply"]
        logged = subprocess.run(
            [sys.executable, "-m", "backstride", *command],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert logged.returncode == 0, logged.stderr

        after = client.get("/api/status").json()
        assert cache.loads == 2
        during = [f for f in after["pain"] if f["rule"] == "pain-during"]
        assert [f["values"]["score"] for f in during] == [8]
        assert after["severity"] == "hold"
