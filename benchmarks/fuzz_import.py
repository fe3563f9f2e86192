"""Mutation fuzzing of every import format through the import pipeline.

    .venv/bin/python benchmarks/fuzz_import.py                   # 2,000 inputs per format
    .venv/bin/python benchmarks/fuzz_import.py --per-format 100000 --seed 7
    make fuzz                                                    # the long run

Each input is a corpus file (../shared/corpus: FIT, GPX, TCX, the Strava and Garmin
sample exports) mutated a few times over: bits flipped, bytes set to edge values, runs
inserted, deleted, duplicated or cut; text formats also get dates moved to year 0001 or
9999, numbers made huge, negative or NaN, control characters and deep nesting; exports
get one member mutated and the zip rebuilt. Every input goes through
`import_paths` into one real SQLite file. A crash is any exception leaving the import, a
report line holding a raw Python message, or a report line of more than one line. Crashing
inputs are written to --keep (default benchmarks/fuzz-crashes/) to become regression tests.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from backstride.ingest.fit.crc import crc16
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

FORMATS = ("fit", "gpx", "tcx", "strava", "garmin")
# What no report line may hold: Python speaking instead of backstride.
RAW = re.compile(
    r"Traceback|unsupported operand|Python int|object has no attribute|"
    r"(TypeError|ValueError|KeyError|IndexError|OverflowError|RecursionError|AttributeError)\b"
)
EDGE_BYTES = (0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF)
TEXT_MUTATIONS: tuple[tuple[str, str], ...] = (
    (r"\d{4}-\d\d-\d\d", "9999-12-31"),
    (r"\d{4}-\d\d-\d\d", "0001-01-01"),
    (r"\d{4}-\d\d-\d\d", "1969-12-31"),
    (r"\d+\.\d+", "1e308"),
    (r"\d+\.\d+", "-5"),
    (r"\d+\.\d+", "NaN"),
    (r"\d+", "99999999999999999999999"),
    (r">[^<]{1,40}<", ">\x1b[2J\x1b]0;x\x07<"),
    (r"\d\d:\d\d:\d\d", "25:61:61"),
)


def corpus_root() -> Path:
    here = Path(__file__).resolve().parent.parent
    for candidate in (
        here.parent / "shared" / "corpus",
        here / "corpus",
        Path("/work/shared/corpus"),
    ):
        if candidate.is_dir():
            return candidate
    raise SystemExit("no corpus: expected ../shared/corpus")


def seeds(fmt: str, root: Path | None = None, limit: int = 60) -> list[Path]:
    """The corpus files one format starts from (the smallest `limit`, for speed)."""
    root = root or corpus_root()
    if fmt == "strava":
        return [root / "export" / "sample-strava-export.zip"]
    if fmt == "garmin":
        return [root / "export" / "sample-garmin-export.zip"]
    files = sorted((root / fmt).glob(f"*.{fmt}"), key=lambda p: (p.stat().st_size, p.name))
    return files[:limit]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out.extend(rng.randbytes(8))
        at = rng.randrange(len(out))
        match rng.randrange(7):
            case 0:
                out[at] ^= 1 << rng.randrange(8)
            case 1:
                out[at] = rng.choice(EDGE_BYTES)
            case 2:
                out[at:at] = rng.randbytes(rng.randint(1, 16))
            case 3:
                del out[at : at + rng.randint(1, 64)]
            case 4:
                end = min(len(out), at + rng.randint(1, 256))
                out[at:at] = out[at:end]
            case 5:
                del out[at:]
            case _:
                if at + 4 <= len(out):
                    out[at : at + 4] = rng.choice((b"\xff\xff\xff\x7f", b"\x00\x00\x00\x80"))
    return bytes(out)


def mutate_text(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 3)):
        choice = rng.randrange(len(TEXT_MUTATIONS) + 2)
        if choice == len(TEXT_MUTATIONS):
            at = rng.randrange(max(len(text), 1))
            depth = rng.choice((50, 5000, 100_000))
            text = text[:at] + "<a>" * depth + "</a>" * depth + text[at:]
        elif choice == len(TEXT_MUTATIONS) + 1:
            return mutate_bytes(text.encode(), rng)
        else:
            pattern, value = TEXT_MUTATIONS[choice]
            matches = list(re.finditer(pattern, text))
            if matches:
                hit = rng.choice(matches)
                text = text[: hit.start()] + value + text[hit.end() :]
    return text.encode("utf-8", errors="surrogatepass")


def mutate_json(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.1:
        depth = rng.choice((1000, 100_000))
        return b"[" * depth + b"]" * depth
    text = data.decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 3)):
        key = rng.choice(
            (
                "startTimeGmt",
                "startTimeLocal",
                "duration",
                "distance",
                "avgHr",
                "name",
                "activityId",
            )
        )
        value = rng.choice(
            ("1e308", "-1", "253402300799000", "-62135596800000", '"x"', "null", "[]", "{}",
             '"\\u001b[2J"', "99999999999999999999999999", "true")
        )  # fmt: skip
        text = re.sub(
            rf'("{key}"\s*:\s*)[^,}}\]]+', lambda m, v=value: m.group(1) + v, text, count=1
        )
    return text.encode()


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return mutate_bytes(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    target = rng.randrange(len(members))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (info, body) in enumerate(members):
            if index == target:
                name = info.filename.casefold()
                if name.endswith(".json"):
                    body = mutate_json(body, rng)
                elif name.endswith((".csv", ".gpx", ".tcx")):
                    body = mutate_text(body, rng)
                else:
                    body = mutate_bytes(body, rng)
            archive.writestr(info.filename, body)
    return out.getvalue()


def with_fit_crcs(data: bytes) -> bytes:
    """A mutated FIT file with its sizes and CRCs made right again, so the decoder reads
    past the checks into the records (where the interesting bugs are)."""
    if len(data) < 14 or data[0] not in (12, 14):
        return data
    out = bytearray(data)
    header = out[0]
    body_end = len(out) - 2
    out[4:8] = max(body_end - header, 0).to_bytes(4, "little")
    if header == 14:
        out[12:14] = crc16(bytes(out[:12])).to_bytes(2, "little")
    out[body_end:] = crc16(bytes(out[:body_end])).to_bytes(2, "little")
    return bytes(out)


def mutate_fit(data: bytes, rng: random.Random) -> bytes:
    mutated = mutate_bytes(data, rng)
    return with_fit_crcs(mutated) if rng.random() < 0.8 else mutated


def mutator(fmt: str) -> Callable[[bytes, random.Random], bytes]:
    if fmt in ("strava", "garmin"):
        return mutate_zip
    if fmt in ("gpx", "tcx"):
        return lambda data, rng: (mutate_text if rng.random() < 0.5 else mutate_bytes)(data, rng)
    return mutate_fit


@dataclass
class Counts:
    fmt: str
    inputs: int = 0
    crashes: int = 0
    failed_lines: int = 0
    imported: int = 0
    slowest_s_per_mb: float = 0.0
    examples: list[str] = field(default_factory=list)


def fuzz(
    fmt: str, count: int, seed: int = 1, keep: Path | None = None, work: Path | None = None
) -> Counts:
    """Run `count` mutated inputs of one format; how many crashed."""
    rng = random.Random(f"{fmt}-{seed}")
    bases = [(path, path.read_bytes()) for path in seeds(fmt)]
    mutate = mutator(fmt)
    counts = Counts(fmt)
    with tempfile.TemporaryDirectory(dir=work) as folder:
        root = Path(folder)
        store = open_store(f"sqlite:///{root / 'fuzz.sqlite'}")
        try:
            for index in range(count):
                base, data = rng.choice(bases)
                mutated = mutate(data, rng)
                path = root / f"{index}-{base.name}"
                path.write_bytes(mutated)
                started = time.perf_counter()
                problem = None
                try:
                    report = import_paths(store, [path], workers=1)
                except Exception:
                    problem = traceback.format_exc(limit=3).strip().splitlines()[-1]
                else:
                    counts.imported += report.imported + report.merged
                    counts.failed_lines += len(report.failed)
                    for line in report.failed + report.warnings:
                        if RAW.search(line) or "\n" in line or "\x1b" in line:
                            problem = f"raw line: {line[:200]!r}"
                            break
                seconds = time.perf_counter() - started
                megabytes = max(len(mutated) / 1e6, 0.05)
                counts.slowest_s_per_mb = max(counts.slowest_s_per_mb, seconds / megabytes)
                counts.inputs += 1
                if problem is not None:
                    counts.crashes += 1
                    if len(counts.examples) < 10:
                        counts.examples.append(f"{base.name}: {problem}")
                    if keep is not None:
                        keep.mkdir(parents=True, exist_ok=True)
                        (keep / f"{fmt}-{seed}-{index}-{base.name}").write_bytes(mutated)
                path.unlink()
        finally:
            store.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-format", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--keep", type=Path, default=Path(__file__).parent / "fuzz-crashes")
    args = parser.parse_args()
    os.environ.setdefault("BACKSTRIDE_NOW", "2026-12-05T10:00")
    print("| format | inputs | crashes | failed lines | imported | slowest s/MB |")
    print("|---|---|---|---|---|---|")
    total = 0
    for fmt in args.formats.split(","):
        counts = fuzz(fmt, args.per_format, args.seed, args.keep)
        total += counts.crashes
        print(
            f"| {fmt} | {counts.inputs:,} | {counts.crashes} | {counts.failed_lines:,} | "
            f"{counts.imported:,} | {counts.slowest_s_per_mb:.2f} |",
            flush=True,
        )
        for example in counts.examples:
            print(f"    {example}", file=sys.stderr)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
