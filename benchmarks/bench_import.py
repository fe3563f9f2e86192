"""The whole import, end to end, on each candidate FIT decoder side by side.

Every candidate runs the same pipeline (`backstride.ingest.pipeline.import_paths`:
sniff, gunzip, hash, decode in worker processes, dedupe, store in a fresh SQLite
file) over the corpus folders and the two sample exports; only the module that
decodes FIT files changes. GPX and TCX go through our parsers in every row.
Each row runs in its own process; peak memory is the larger of that process's
and its workers' max RSS. Ratios are against garmin-fit-sdk.

    .venv/bin/python benchmarks/bench_import.py                 # all rows, a few minutes
    .venv/bin/python benchmarks/bench_import.py --only ours     # just ours, 1 and 2 workers
    .venv/bin/python benchmarks/bench_import.py --scale 260     # + ours on a 5-year export
    .venv/bin/python benchmarks/bench_import.py --long-runs 120 --postgres URL
        # + a folder of 120 long runs as a watch writes them (benchmarks/long_runs.py):
        #   garmin-fit-sdk decoding them, then ours importing them on SQLite (and PostgreSQL)

MB/s in the corpus table counts activity files' bytes after gzip; the long-runs table counts
uncompressed FIT bytes (the same as the files' bytes there: plain .fit files), so its figures
compare with the decoder table in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BACKSTRIDE_CORPUS", REPO.parent / "shared" / "corpus"))

# Row name -> (FIT parser spec for `import_paths(parsers=...)`, workers).
ROWS: dict[str, tuple[str, int]] = {
    "garmin-fit-sdk": ("backstride.ingest.fit.sdk", 2),
    "fitdecode": ("bench_fit_decoders:_fitdecode", 2),
    "fitparse": ("bench_fit_decoders:_fitparse", 2),
    "ours": ("backstride.ingest.fit", 2),
    "ours, 1 worker": ("backstride.ingest.fit", 1),
}


def corpus_inputs() -> list[Path]:
    return [CORPUS / "fit", CORPUS / "tcx", CORPUS / "gpx", CORPUS / "export"]


def run_one(spec: str, workers: int, paths: list[Path], url: str = "") -> dict[str, Any]:
    """One import into a fresh database (SQLite, or a fresh schema at a PostgreSQL `url`),
    in this process."""
    from backstride.ingest.pipeline import import_paths
    from backstride.ingest.sniff import Kind
    from backstride.store import open_store

    with tempfile.TemporaryDirectory() as folder, _fresh_database(url, folder) as where:
        store = open_store(where)
        start = time.perf_counter()
        report = import_paths(store, paths, workers=workers, parsers={Kind.FIT: spec})
        seconds = time.perf_counter() - start
        stored = len(store.activities())
        store.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "bytes": report.bytes_read,
        "seconds": seconds,
        "activities": stored,
        "failed": len(report.failed),
        "peak_mb": max(own, workers_peak),
    }


@contextlib.contextmanager
def _fresh_database(url: str, folder: str) -> Iterator[str]:
    """A fresh SQLite file in `folder`, or a fresh schema in the PostgreSQL database `url`."""
    if not url:
        yield f"sqlite:///{folder}/bench.db"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = f"bench_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        base = make_url(url)
        options = f"-csearch_path={schema}"
        yield base.update_query_dict({"options": options}).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def sdk_decode(paths: list[Path]) -> dict[str, Any]:
    """garmin-fit-sdk decoding every file (to our activities), in this process: decode only."""
    from backstride.ingest.fit.sdk import parse

    data = [p.read_bytes() for p in paths]
    activities = failed = 0
    start = time.perf_counter()
    for one, path in zip(data, paths, strict=True):
        try:
            activities += len(parse(one, path.name))
        except Exception:  # a file the SDK cannot read (or that holds no activity)
            failed += 1
    seconds = time.perf_counter() - start
    return {
        "bytes": sum(len(d) for d in data),
        "seconds": seconds,
        "activities": activities,
        "failed": failed,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(spec: str, workers: int, paths: list[Path], url: str = "") -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", spec, "--workers", str(workers)]
    if url:
        command += ["--url", url]
    command += [str(p) for p in paths]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _table(rows: list[tuple[str, dict[str, Any]]]) -> None:
    base_name = "SDK" if any(name == "garmin-fit-sdk" for name, _ in rows) else rows[0][0]
    base = next((r for name, r in rows if name == "garmin-fit-sdk"), rows[0][1])
    base_mbs = base["bytes"] / base["seconds"] / 1e6
    base_aps = base["activities"] / base["seconds"]
    print(f"\n{base['bytes'] / 1e6:.1f} MB of activity files (after gzip), fresh SQLite per row\n")
    print(
        "| decoder | workers | activities | failed | MB/s | activities/s | peak MB "
        f"| MB/s vs {base_name} | act/s vs {base_name} | peak vs {base_name} |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        mbs = r["bytes"] / r["seconds"] / 1e6
        aps = r["activities"] / r["seconds"]
        print(
            f"| {name} | {r['workers']} | {r['activities']} | {r['failed']} | {mbs:.2f} "
            f"| {aps:.1f} | {r['peak_mb']:.0f} | {mbs / base_mbs:.1f}x | {aps / base_aps:.1f}x "
            f"| {r['peak_mb'] / base['peak_mb']:.2f}x |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="row names to run")
    parser.add_argument("--scale", type=int, default=0, help="weeks of generated history")
    parser.add_argument(
        "--long-runs", type=int, default=0, help="files in a folder of long runs (0: none)"
    )
    parser.add_argument(
        "--long-runs-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "backstride-bench-long-runs",
        help="where the long runs are written once and kept",
    )
    parser.add_argument(
        "--folder", type=Path, help="an export's FIT files: the SDK and ours side by side"
    )
    parser.add_argument(
        "--postgres", default="", help="also import the long runs or the folder here"
    )
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one == "sdk-decode":
        print(json.dumps(sdk_decode(args.paths)))
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.workers, args.paths, args.url)))
        return
    if args.folder:
        _folder(args.folder, args.postgres)
        if args.only == []:
            return
    if not (CORPUS / "MANIFEST.tsv").exists():
        sys.exit(f"the corpus is not at {CORPUS}")
    if args.long_runs:
        _long_runs(args.long_runs, args.long_runs_dir, args.postgres)
        if args.only == []:
            return
    names = [n for n in ROWS if not args.only or any(n.startswith(o) for o in args.only)]
    rows: list[tuple[str, dict[str, Any]]] = []
    for name in names:
        spec, workers = ROWS[name]
        result = _child(spec, workers, corpus_inputs())
        rows.append((name, {**result, "workers": workers}))
        print(f"{name}: {result['seconds']:.1f} s", file=sys.stderr)
    if args.scale:
        from backstride.demo import demo_runs, write_strava_export

        with tempfile.TemporaryDirectory() as folder:
            export = write_strava_export(
                demo_runs(date(2026, 11, 1), weeks=args.scale), Path(folder) / "big.zip"
            )
            for workers in (1, 2):
                result = _child("backstride.ingest.fit", workers, [*corpus_inputs(), export])
                label = f"ours + {args.scale}-week export"
                rows.append((label, {**result, "workers": workers}))
    _table(rows)


def _long_runs(count: int, cache: Path, postgres: str) -> None:
    """garmin-fit-sdk decoding the long runs, then ours importing them, in one run."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from long_runs import VERSION, write_long_runs

    folder = cache / f"v{VERSION}-{count}"
    paths = write_long_runs(CORPUS, folder, count)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    _side_by_side(
        paths,
        folder,
        postgres,
        f"{count} long runs (60-120 min at 1 s, benchmarks/long_runs.py): {megabytes:.1f} MB "
        "of FIT, uncompressed (= the files' bytes); a folder of .fit files, fresh database",
    )


def _folder(folder: Path, postgres: str) -> None:
    """An export's FIT files as a folder (the issue's held-out check): the SDK decoding them,
    then ours importing the folder, in one run."""
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".fit" and p.is_file())
    if not paths:
        sys.exit(f"no .fit files under {folder}")
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    _side_by_side(
        paths,
        folder,
        postgres,
        f"{folder}: {len(paths)} FIT files, {megabytes:.1f} MB uncompressed; imported as a "
        "folder, fresh database",
    )


def _command(folder: Path) -> dict[str, Any]:
    """`backstride import FOLDER` on a fresh SQLite file, timed from outside: the whole
    command, Python's start-up, the schema and the re-plan included."""
    command = Path(sys.executable).with_name("backstride")
    with tempfile.TemporaryDirectory() as where:
        start = time.perf_counter()
        out = subprocess.run(
            [str(command), "--db", f"{where}/db.sqlite", "import", str(folder), "--json"],
            check=False,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
    report = json.loads(out.stdout)
    return {"seconds": seconds, "activities": report["imported"], "peak_mb": float("nan")}


def _side_by_side(paths: list[Path], folder: Path, postgres: str, title: str) -> None:
    rows: list[tuple[str, dict[str, Any]]] = []
    sdk = _child("sdk-decode", 1, paths)
    rows.append(("garmin-fit-sdk, decode only (1 process)", {**sdk, "workers": 1}))
    print(f"SDK decode: {sdk['seconds']:.1f} s", file=sys.stderr)
    for label, url in (("SQLite", ""), ("PostgreSQL", postgres)):
        if label == "PostgreSQL" and not url:
            continue
        result = _child("backstride.ingest.fit", 2, [folder], url)
        rows.append((f"ours, whole import, {label}", {**result, "workers": 2}))
        print(f"ours on {label}: {result['seconds']:.1f} s", file=sys.stderr)
    command = _command(folder)
    rows.append(
        (
            "`backstride import` command, SQLite (start-up included)",
            {**command, "bytes": sdk["bytes"], "workers": 2},
        )
    )
    print(f"\n{title}\n")
    base = rows[0][1]
    base_mbs = base["bytes"] / base["seconds"] / 1e6
    print("| row | workers | activities | MB/s | activities/s | peak MB | MB/s vs SDK |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        mbs = r["bytes"] / r["seconds"] / 1e6
        peak = "" if r["peak_mb"] != r["peak_mb"] else f"{r['peak_mb']:.0f}"
        print(
            f"| {name} | {r['workers']} | {r['activities']} | {mbs:.2f} "
            f"| {r['activities'] / r['seconds']:.1f} | {peak} "
            f"| {mbs / base_mbs:.1f}x |"
        )


if __name__ == "__main__":
    main()
