"""Run every fuzz target, one after the other, each for a number of inputs or seconds.

    .venv/bin/python benchmarks/fuzz/all.py --runs 1000000            # the issue's goal
    .venv/bin/python benchmarks/fuzz/all.py --seconds 600 fit gpx      # ten minutes each
    make fuzz FUZZ_SECONDS=600                                         # the same, all five

libFuzzer stops at the first crash; this driver then starts the target again on the grown
corpus (the crash stays in tests/fuzz-crashes/<format>/ for its regression test) until the
budget is spent, and adds up what every run did. It prints one line per format (inputs
run, crashes, corpus size, the slowest input per MB) and writes them to --out as JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FORMATS = ("fit", "gpx", "tcx", "strava", "garmin")
MAX_RESTARTS = 25


def fuzz_one(fmt: str, runs: int | None, seconds: float | None, work: Path) -> dict[str, object]:
    corpus = work / "corpus" / fmt
    crashes_dir = REPO / "tests" / "fuzz-crashes" / fmt
    before = set(crashes_dir.glob("*")) if crashes_dir.is_dir() else set()
    total = 0
    restarts = 0
    slowest = {"slowest_s_per_mb": 0.0, "slowest_s": 0.0, "slowest_bytes": 0}
    started = time.monotonic()
    work.mkdir(parents=True, exist_ok=True)
    log = work / f"{fmt}.log"
    with log.open("a") as out:
        while restarts <= MAX_RESTARTS:
            args = [sys.executable, str(HERE / "run.py"), fmt, str(corpus)]
            if runs is not None:
                args.append(f"-runs={runs - total}")
            if seconds is not None:
                left = seconds - (time.monotonic() - started)
                if left < 1:
                    break
                args.append(f"-max_total_time={int(left)}")
            done = subprocess.run(args, stdout=out, stderr=subprocess.PIPE, text=True)
            out.write(done.stderr)
            out.flush()
            units = re.findall(r"stat::number_of_executed_units:\s*(\d+)", done.stderr)
            total += int(units[-1]) if units else 0
            stats_file = work / "corpus" / f"{fmt}-stats.json"
            if stats_file.exists():
                stats = json.loads(stats_file.read_text())
                if stats["slowest_s_per_mb"] > slowest["slowest_s_per_mb"]:
                    slowest = {k: stats[k] for k in slowest}
                stats_file.unlink()
            if done.returncode == 0 or (runs is not None and total >= runs):
                break
            restarts += 1
    found = sorted(p.name for p in set(crashes_dir.glob("*")) - before)
    return {
        "format": fmt,
        "inputs": total,
        "crashes": found,
        "corpus_files": len(list(corpus.glob("*"))),
        "seconds": round(time.monotonic() - started),
        **slowest,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("formats", nargs="*", default=list(FORMATS))
    parser.add_argument("--runs", type=int, help="inputs per format")
    parser.add_argument("--seconds", type=float, help="seconds per format")
    parser.add_argument("--work", type=Path, default=HERE, help="corpus/ and logs go here")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    if args.runs is None and args.seconds is None:
        args.seconds = 60.0
    results = []
    for fmt in args.formats:
        result = fuzz_one(fmt, args.runs, args.seconds, args.work)
        results.append(result)
        print(
            f"{fmt}: {result['inputs']:,} inputs in {result['seconds']} s, "
            f"{len(result['crashes'])} crashes {result['crashes']}, "
            f"corpus {result['corpus_files']} files, slowest "
            f"{result['slowest_s_per_mb']} s/MB ({result['slowest_s']} s, "
            f"{result['slowest_bytes']} bytes)",
            flush=True,
        )
        args.out.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
