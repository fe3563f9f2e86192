"""Server-side render time of the web app's main pages over ten years of history.

Ten years (520 weeks) of generated running (`backstride.demo`) is imported once,
as a Strava export, into a temporary SQLite file (or the one given with --db, kept
for the next run). Each page is then requested N times through Starlette's
TestClient; the median and the slowest time per page are reported. The issue's
bar: under 100 ms per page on the server.

    .venv/bin/python benchmarks/bench_web.py                # 520 weeks, 15 requests a page
    .venv/bin/python benchmarks/bench_web.py --weeks 78 -n 5
    .venv/bin/python benchmarks/bench_web.py --db /tmp/ten-years.db   # keep the database
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.demo import demo_runs, write_strava_export
from backstride.demo.history import DEMO_ZONE
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store
from backstride.web import create_app

PAGES = (
    "/",
    "/week",
    "/activities",
    "/activities/{latest}",
    "/charts",
    "/charts?weeks=52",
    "/shoes",
    "/import",
    "/settings",
    "/api/status",
    "/api/week",
    "/api/activities",
    "/api/charts/weekly-distance?weeks=52",
    "/plan",
    "/routines/warm-up",
    "/screening",
    "/api/charts/pain?weeks=52",
    "/api/charts/load?weeks=52",
    "/api/plan",
    "/api/config",
)
BAR_MS = 100.0


def build(database: Path, weeks: int) -> int:
    """Import `weeks` of demo history into `database` unless it is there; the activity count."""
    url = f"sqlite:///{database}"
    with open_store(url) as store:
        if not store.activities():
            store.update_athlete(name="Demo runner", time_zone=DEMO_ZONE)
            with tempfile.TemporaryDirectory() as folder:
                export = write_strava_export(
                    demo_runs(date.today(), weeks=weeks), Path(folder) / "export.zip"
                )
                started = time.perf_counter()
                report = import_paths(store, [export])
                print(
                    f"imported {report.imported} activities in "
                    f"{time.perf_counter() - started:.1f} s"
                )
        return len(store.activities())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("-n", type=int, default=15, help="requests per page")
    parser.add_argument("--db", type=Path, help="SQLite file to use and keep")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = args.db or Path(folder) / "bench.db"
        count = build(database, args.weeks)
        app = create_app(f"sqlite:///{database}")
        with TestClient(app, base_url="http://127.0.0.1") as client:
            latest = client.get("/api/activities?limit=1").json()["items"][0]["id"]
            if client.get("/api/plan").status_code == 404:  # the Plan pages need a plan
                token = client.cookies.get("backstride_csrf") or ""
                made = client.post(
                    "/api/plan",
                    json={"goal": "weekly:40km", "confirm_start": True},
                    headers={"X-CSRF-Token": token},
                )
                print(f"plan made: {made.status_code}")
            print(f"{count} activities ({args.weeks} weeks); {args.n} requests a page\n")
            print(f"{'page':40} {'median ms':>10} {'max ms':>8} {'KB':>6}")
            worst = 0.0
            for template in PAGES:
                path = template.format(latest=latest)
                client.get(path)  # warm caches (templates, zone data)
                times = []
                size = 0
                for _ in range(args.n):
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    size = len(response.content)
                    if response.status_code != 200:
                        raise SystemExit(f"{path} answered {response.status_code}")
                median = statistics.median(times)
                worst = max(worst, median)
                flag = "" if median < BAR_MS else "  over the bar"
                print(f"{path:40} {median:10.1f} {max(times):8.1f} {size / 1024:6.0f}{flag}")
    print(f"\nslowest median: {worst:.1f} ms (bar: {BAR_MS:.0f} ms)")


if __name__ == "__main__":
    main()
