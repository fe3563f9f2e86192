"""Server-side render time of the web app's main pages over ten years of history.

Ten years (520 weeks) of generated running (`backstride.demo`) is imported once,
as a Strava export, into a temporary SQLite file (or the one given with --db, kept
for the next run). Each page is then requested N times through Starlette's
TestClient on two paths, one block of N requests after the other, each block
starting after a full garbage collection:

- uncached: the History is loaded from the store on every request (what the web
  app did before `HistoryCache`; `history_cache(store).keep = False`);
- cached: the History is kept between requests and read again only when the
  store's revision moved (one small query per request).

The median and slowest time per page are reported for both, with their ratio,
and the two paths' responses are compared byte for byte. The issue's bar: under
100 ms per page on the server.

    .venv/bin/python benchmarks/bench_web.py                # 520 weeks, 15 requests a page
    .venv/bin/python benchmarks/bench_web.py --weeks 78 -n 5
    .venv/bin/python benchmarks/bench_web.py --db /tmp/ten-years.db   # keep the database
    .venv/bin/python benchmarks/bench_web.py --db /tmp/ten-years.db --markdown  # README table
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from backstride.demo import demo_runs, write_strava_export
from backstride.demo.history import DEMO_ZONE
from backstride.ingest.pipeline import import_paths
from backstride.services.history import history_cache
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


def timed(client: TestClient, path: str) -> tuple[float, bytes]:
    """One request: milliseconds and the body (which must be a 200)."""
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed, response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=520)
    parser.add_argument("-n", type=int, default=15, help="requests per page and path")
    parser.add_argument("--db", type=Path, help="SQLite file to use and keep")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = args.db or Path(folder) / "bench.db"
        count = build(database, args.weeks)
        app = create_app(f"sqlite:///{database}")
        cache = history_cache(app.state.store)
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
            print(f"{count} activities ({args.weeks} weeks); {args.n} requests a page and path\n")
            print(
                f"{'page':40} {'uncached ms':>11} {'cached ms':>9} {'ratio':>6} "
                f"{'max ms':>7} {'KB':>4}  same"
            )
            rows = []
            for template in PAGES:
                path = template.format(latest=latest)
                uncached: list[float] = []
                cached: list[float] = []
                bodies: dict[bool, bytes] = {}
                for keep, times in ((False, uncached), (True, cached)):
                    cache.keep = keep
                    client.get(path)  # warm up (templates, zone data, the cache)
                    gc.collect()  # each block starts from the same collector state
                    for _ in range(args.n):
                        elapsed, bodies[keep] = timed(client, path)
                        times.append(elapsed)
                cache.keep = True
                before, after = statistics.median(uncached), statistics.median(cached)
                same = "yes" if bodies[False] == bodies[True] else "NO"
                rows.append((path, before, after, max(cached), len(bodies[True]), same))
                flag = "" if after < BAR_MS else "  over the bar"
                print(
                    f"{path:40} {before:11.1f} {after:9.1f} {before / after:5.1f}x "
                    f"{max(cached):7.1f} {len(bodies[True]) / 1024:4.0f}  {same}{flag}"
                )
    worst = max(after for _, _, after, _, _, _ in rows)
    print(f"\nslowest median (cached): {worst:.1f} ms (bar: {BAR_MS:.0f} ms)")
    if any(same != "yes" for *_, same in rows):
        raise SystemExit("the cached and uncached paths answered differently")
    if args.markdown:
        print("\n| page | uncached ms | cached ms | uncached / cached | cached max ms | KB |")
        print("|---|---|---|---|---|---|")
        for path, before, after, slowest, size, _ in rows:
            print(
                f"| `{path}` | {before:.1f} | {after:.1f} | {before / after:.1f}x "
                f"| {slowest:.1f} | {size / 1024:.0f} |"
            )


if __name__ == "__main__":
    main()
