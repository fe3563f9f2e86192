"""The coverage-guided fuzz targets (benchmarks/fuzz/): every crash they ever found is kept
under tests/fuzz-crashes/<format>/ and replayed here through the same target; and each
target runs under atheris for a short fixed budget (`make fuzz` runs them for longer)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent
FUZZ = REPO / "benchmarks" / "fuzz"
CRASHES = Path(__file__).resolve().parent / "fuzz-crashes"
FORMATS = ("fit", "gpx", "tcx", "strava", "garmin")
# Seconds of coverage-guided fuzzing per format on every test run.
CI_SECONDS = int(os.environ.get("BACKSTRIDE_FUZZ_SECONDS", "12"))


def _module(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FUZZ / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def kept_crashes() -> list[tuple[str, Path]]:
    return [
        (fmt, path)
        for fmt in FORMATS
        for path in sorted((CRASHES / fmt).glob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]


@pytest.mark.clock_free
@pytest.mark.parametrize(
    ("fmt", "path"), kept_crashes(), ids=[f"{f}/{p.name[:20]}" for f, p in kept_crashes()]
)
def test_every_input_a_fuzzer_crashed_on_is_now_refused_or_imported(fmt: str, path: Path) -> None:
    targets = _module("targets")
    stored = targets.run(fmt, path.read_bytes())  # raises on anything but a clean refusal
    assert stored >= 0


@pytest.mark.clock_free
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_seeds_reach_the_importer_and_store_activities(fmt: str, corpus: Path) -> None:
    seeds, targets = _module("seeds"), _module("targets")
    made = seeds.seeds(fmt, corpus)
    assert made and all(len(data) <= seeds.MAX_LEN[fmt] for _, data in made)
    assert sum(targets.run(fmt, data) for _, data in made) > 0


@pytest.mark.clock_free
@pytest.mark.parametrize("fmt", FORMATS)
def test_coverage_guided_fuzzing_finds_no_crash_in_a_short_run(
    fmt: str, corpus: Path, tmp_path: Path
) -> None:
    pytest.importorskip("atheris")
    crashes = CRASHES / fmt
    before = {p.name for p in crashes.glob("*")} if crashes.is_dir() else set()
    run = subprocess.run(
        [
            sys.executable,
            str(FUZZ / "run.py"),
            fmt,
            f"-max_total_time={CI_SECONDS}",
            str(tmp_path / "corpus"),
        ],
        capture_output=True,
        text=True,
        timeout=CI_SECONDS + 120,
        env={**os.environ, "BACKSTRIDE_CORPUS": str(corpus)},
    )
    found = {p.name for p in crashes.glob("*")} - before
    assert run.returncode == 0 and not found, run.stderr[-3000:]
    executed = re.findall(r"stat::number_of_executed_units:\s*(\d+)", run.stderr)
    assert executed and int(executed[-1]) > 100, run.stderr[-3000:]
