"""A small budget of the mutation fuzzer (benchmarks/fuzz_import.py) on every import format:
no mutated input may crash the import or reach the runner as a raw Python message.
`make fuzz` runs the same harness for as long as wanted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

# Inputs per format here; the long runs are in benchmarks/README.md.
BUDGET = 40


def harness() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz_import.py"
    spec = importlib.util.spec_from_file_location("fuzz_import", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_import"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.clock_free
@pytest.mark.parametrize("fmt", ["fit", "gpx", "tcx", "strava", "garmin"])
def test_mutated_inputs_never_crash_an_import(fmt: str, tmp_path: Path) -> None:
    fuzz = harness()
    counts = fuzz.fuzz(fmt, BUDGET, seed=2026, keep=tmp_path / "crashes", work=tmp_path)
    assert counts.inputs == BUDGET
    assert counts.crashes == 0, counts.examples
    assert counts.failed_lines + counts.imported > 0  # the inputs reached the importer


@pytest.mark.clock_free
def test_the_fit_mutator_keeps_crcs_right_so_inputs_reach_the_records(corpus: Path) -> None:
    from backstride.ingest.fit.crc import crc16

    fuzz = harness()
    data = fuzz.seeds("fit", corpus)[0].read_bytes()
    fixed = fuzz.with_fit_crcs(data[:-40] + bytes(40))
    assert crc16(fixed[:-2]) == int.from_bytes(fixed[-2:], "little")
