"""Coverage-guided fuzzing (atheris, libFuzzer) of one import format.

    .venv/bin/python benchmarks/fuzz/run.py gpx -max_total_time=15     # CI's budget
    .venv/bin/python benchmarks/fuzz/run.py fit -runs=1000000          # the long run
    make fuzz FUZZ_SECONDS=600                                         # every format

Export zips are mutated through their members (the zip is written again around a mutated
member, so its CRCs stay right and inputs reach the readers), a quarter of the time as raw
bytes. The corpus directory (default benchmarks/fuzz/corpus/<format>, not committed) is seeded
from ../shared/corpus (seeds.py) and grows with what libFuzzer finds. Crashing inputs are
written to tests/fuzz-crashes/<format>/ (a regression test replays each). Arguments after the
format are libFuzzer's; -max_len, -timeout and -rss_limit_mb have defaults here. Every
2,000 inputs <corpus>/../<format>-stats.json gets the inputs run and the slowest input
(CPU seconds, size, seconds per MB); the slowest input itself is kept beside it.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
import zipfile
from pathlib import Path

import atheris

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import seeds  # noqa: E402

with atheris.instrument_imports(include=["backstride", "targets"]):
    import targets

# A small input's time is mostly fixed cost: sizes under this count as this (MB).
MIN_MB = 0.05


class Stats:
    def __init__(self, fmt: str, out: Path) -> None:
        self.fmt = fmt
        self.out = out
        self.inputs = 0
        self.slowest = (0.0, 0, b"")  # (s per MB, size, input)
        self.slowest_s = 0.0

    def record(self, data: bytes, seconds: float) -> None:
        self.inputs += 1
        per_mb = seconds / max(len(data) / 1e6, MIN_MB)
        if per_mb > self.slowest[0]:
            self.slowest = (per_mb, len(data), bytes(data))
            self.slowest_s = seconds
        if self.inputs % 2_000 == 0:
            self.write()

    def write(self) -> None:
        per_mb, size, data = self.slowest
        (self.out / f"{self.fmt}-slowest.bin").write_bytes(data)
        stats = {
            "format": self.fmt,
            "inputs": self.inputs,
            "slowest_s": round(self.slowest_s, 4),
            "slowest_bytes": size,
            "slowest_s_per_mb": round(per_mb, 3),
        }
        (self.out / f"{self.fmt}-stats.json").write_text(json.dumps(stats) + "\n")


def _rebuilt(data: bytes, rng: random.Random, depth: int) -> bytes:
    """The zip `data` with one member (or one member of a zip inside it) mutated by
    libFuzzer and the archive written again, so sizes and CRCs are right and the mutation
    reaches the member's reader instead of stopping at zipfile's checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [
            (info.filename, archive.read(info), info.compress_type)
            for info in archive.infolist()
            if not info.filename.endswith("/")
        ]
    if not members:
        raise ValueError("no member")
    at = rng.randrange(len(members))
    name, body, method = members[at]
    if body[:4] == b"PK\x03\x04" and depth < 2 and rng.random() < 0.8:
        body = _rebuilt(body, rng, depth + 1)
    elif rng.random() < 0.05:
        name = atheris.Mutate(name.encode(), len(name) + 8).decode("utf-8", "replace") or "x"
    else:
        body = atheris.Mutate(body, len(body) + 256)
    members[at] = (name, body, method)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member, content, kind in members:
            info = zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = kind if kind in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) else 0
            archive.writestr(info, content)
    return out.getvalue()


def zip_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """Mostly a member mutated inside a rebuilt zip; sometimes the raw bytes."""
    rng = random.Random(seed)
    if rng.random() < 0.25:
        return atheris.Mutate(data, max_size)
    try:
        mutated = _rebuilt(data, rng, 0)
    except Exception:  # not a zip (any more): mutate the bytes
        return atheris.Mutate(data, max_size)
    return mutated if len(mutated) <= max_size else atheris.Mutate(data, max_size)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in targets.FORMATS:
        raise SystemExit(f"usage: run.py FORMAT [libFuzzer args]; FORMAT: {targets.FORMATS}")
    fmt, extra = sys.argv[1], sys.argv[2:]
    corpus = next((Path(a) for a in extra if not a.startswith("-")), HERE / "corpus" / fmt)
    extra = [a for a in extra if a.startswith("-")]
    if not corpus.is_dir() or not any(corpus.iterdir()):
        seeds.write_seeds(fmt, corpus)
    crashes = REPO / "tests" / "fuzz-crashes" / fmt
    crashes.mkdir(parents=True, exist_ok=True)
    names = {a.split("=", 1)[0] for a in extra}
    defaults = {
        "-max_len": str(seeds.MAX_LEN[fmt]),
        "-timeout": "10",
        "-rss_limit_mb": "1024",
        "-artifact_prefix": f"{crashes}/",
        "-print_final_stats": "1",
    }
    args = [f"{k}={v}" for k, v in defaults.items() if k not in names]
    stats = Stats(fmt, corpus.parent)

    def one_input(data: bytes) -> None:
        # CPU time: a niced run on a busy machine waits for the processor, which is not
        # the input's doing.
        started = time.process_time()
        try:
            targets.run(fmt, data)
        finally:
            stats.record(data, time.process_time() - started)

    import atexit

    atexit.register(stats.write)
    mutators = {"custom_mutator": zip_mutator} if fmt in ("strava", "garmin") else {}
    atheris.Setup([sys.argv[0], *args, *extra, str(corpus)], one_input, **mutators)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
