"""Hostile input for every importer at once: mutated and truncated real bytes.

Each format's own tests mutate its files; these go through the whole import
(sniffing, gzip, zip, the export readers, the store) and check that nothing
ever raises and the database only ever holds whole activities.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.ingest.decode import parse_any
from backstride.ingest.errors import IngestError
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _mutate(data: bytes, cut: float, flips: list[tuple[float, int]]) -> bytes:
    out = bytearray(data[: max(1, int(len(data) * cut))])
    for where, value in flips:
        out[int(where * (len(out) - 1))] = value
    return bytes(out)


mutations = st.tuples(
    st.floats(min_value=0.0, max_value=1.0),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
)


@pytest.fixture(scope="module")
def strava_export(corpus: Path) -> bytes:
    return (corpus / "export" / "sample-strava-export.zip").read_bytes()


@SETTINGS
@given(mutation=mutations)
def test_gzipped_files_never_raise_anything_but_ingest_error(
    corpus: Path, mutation: tuple[float, list[tuple[float, int]]]
) -> None:
    raw = (corpus / "fit" / "dtcooper__tests__files__2013-02-06-12-11-14.fit").read_bytes()
    data = _mutate(gzip.compress(raw), *mutation)
    try:
        activities = parse_any(data, "run.fit.gz")
    except IngestError as exc:
        assert "\n" not in str(exc)
    else:
        assert all(a.elapsed_s >= 0 for a in activities)


@SETTINGS
@given(
    mutation=mutations, member=st.sampled_from(["activities.csv", "activities/9100023757.fit.gz"])
)
def test_mutated_strava_exports_import_what_they_can(
    tmp_path_factory: pytest.TempPathFactory,
    strava_export: bytes,
    mutation: tuple[float, list[tuple[float, int]]],
    member: str,
) -> None:
    folder = tmp_path_factory.mktemp("export")
    target = folder / "export.zip"
    with zipfile.ZipFile(io.BytesIO(strava_export)) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, _mutate(data, *mutation) if info.filename == member else data)
    store = open_store(f"sqlite:///{folder / 'db.sqlite'}")
    report = import_paths(store, [target], workers=1)
    assert all("\n" not in line for line in report.failed)
    stored = store.activities()
    assert len(stored) == report.imported  # merged runs add no row
    for activity in stored:
        assert activity.start_utc.tzinfo is not None
        assert activity.elapsed_s >= 0
        assert activity.id is not None and store.activity(activity.id) is not None
    store.close()


@SETTINGS
@given(mutation=mutations)
def test_mutated_zip_containers_fail_cleanly(
    tmp_path_factory: pytest.TempPathFactory,
    strava_export: bytes,
    mutation: tuple[float, list[tuple[float, int]]],
) -> None:
    folder = tmp_path_factory.mktemp("zip")
    target = folder / "broken.zip"
    target.write_bytes(_mutate(strava_export, *mutation))
    store = open_store(f"sqlite:///{folder / 'db.sqlite'}")
    report = import_paths(store, [target], workers=1)
    assert all("\n" not in line and line for line in report.failed)
    assert len(store.activities()) == report.imported
    store.close()


def test_garmin_summary_json_that_is_not_json_is_one_line(corpus: Path, tmp_path: Path) -> None:
    source = corpus / "export" / "sample-garmin-export.zip"
    target = tmp_path / "garmin.zip"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("summarizedActivities.json"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = import_paths(store, [target], workers=1)
    assert report.failed and all("\n" not in line for line in report.failed)
    assert any("summarizedActivities" in line for line in report.failed)
    # The activity files themselves still import.
    assert report.imported >= 20
    store.close()
