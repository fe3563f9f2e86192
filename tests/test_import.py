"""The import pipeline end to end: real files and exports into a real database."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest
from realfiles import corpus_files

from backstride.domain import SourceFormat, Sport
from backstride.ingest.pipeline import import_paths
from backstride.store import Store, open_store

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


@pytest.fixture()
def store(tmp_db_url: str) -> Store:
    return open_store(tmp_db_url)


def _truth(corpus: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(
        (corpus / "export" / "sample-strava-export.truth.json").read_text()
    )
    return rows


def _find(store: Store, row: dict[str, object]) -> list[object]:
    start = datetime.fromisoformat(str(row["start_utc"]))
    return [
        a
        for a in store.activities()
        if abs((a.start_utc - start).total_seconds()) <= 1
        and abs((a.distance_m or 0) - float(str(row["distance_m"])))
        <= 0.005 * max(float(str(row["distance_m"])), 1.0)
    ]


def test_strava_export_matches_its_truth(store: Store, corpus: Path) -> None:
    report = import_paths(store, [corpus / "export" / "sample-strava-export.zip"], workers=1)
    truth = _truth(corpus)
    assert report.failed == []
    # Three pairs of rows are the same run from two files: each pair is one activity.
    assert report.imported + report.merged + report.duplicates == len(truth)
    assert len(store.activities()) == len(truth) - 3
    for row in truth:
        found = _find(store, row)
        assert len(found) == 1, row
        activity = found[0]
        elapsed = float(str(row["elapsed_s"]))
        assert activity.elapsed_s == pytest.approx(elapsed, rel=0.005, abs=2.0), row  # type: ignore[attr-defined]
        if row["gear"]:
            assert activity.gear == row["gear"], row  # type: ignore[attr-defined]


def test_shoe_mileage_is_the_sum_of_the_gear_column(store: Store, corpus: Path) -> None:
    import_paths(store, [corpus / "export" / "sample-strava-export.zip"], workers=1)
    expected: dict[str, float] = defaultdict(float)
    for row in _truth(corpus):
        if row["gear"]:
            expected[str(row["gear"])] += float(str(row["distance_m"]))
    shoes = {g.name: g.distance_m for g in store.gear()}
    assert set(shoes) == set(expected)
    for name, metres in expected.items():
        assert shoes[name] == pytest.approx(metres, rel=0.001)


def test_second_import_adds_nothing(store: Store, corpus: Path) -> None:
    export = corpus / "export" / "sample-strava-export.zip"
    first = import_paths(store, [export], workers=1)
    before = [(a.id, a.content_hash, a.gear, a.name) for a in store.activities()]
    second = import_paths(store, [export], workers=2)
    assert first.imported > 20
    assert second.imported == 0 and second.merged == 0 and second.failed == []
    assert second.duplicates == len(_truth(corpus))
    assert [(a.id, a.content_hash, a.gear, a.name) for a in store.activities()] == before


def test_watch_file_and_strava_copy_become_one_activity(store: Store, corpus: Path) -> None:
    watch = corpus / "fit" / "dtcooper__tests__files__activity-small-fenix2-run.fit"
    first = import_paths(store, [watch], workers=1)
    assert first.imported == 1
    import_paths(store, [corpus / "export" / "sample-strava-export.zip"], workers=1)
    same = [a for a in store.activities() if a.start_utc.isoformat().startswith("2015-08-15T14:45")]
    assert len(same) == 1
    kept = same[0]
    assert kept.source_format is SourceFormat.FIT
    assert kept.external_id == "9100047514"  # the Strava row lent its id, name and gear
    assert kept.gear == "Brooks Ghost 15"
    assert kept.name


def test_csv_row_then_watch_file_keeps_the_richer_source(
    store: Store, corpus: Path, tmp_path: Path
) -> None:
    # The export first (its row for the fenix run, but with the file missing) ...
    source = corpus / "export" / "sample-strava-export.zip"
    stripped = tmp_path / "export-without-file.zip"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            if "9100047514" not in info.filename:
                dst.writestr(info, src.read(info))
    report = import_paths(store, [stripped], workers=1)
    assert any("9100047514" in w for w in report.warnings)
    row_only = [a for a in store.activities() if a.external_id == "9100047514"]
    assert row_only[0].source_format is SourceFormat.STRAVA_CSV
    # ... then the watch file: it replaces the row, keeping the row's name and gear.
    watch = corpus / "fit" / "dtcooper__tests__files__activity-small-fenix2-run.fit"
    second = import_paths(store, [watch], workers=1)
    assert second.merged == 1 and second.imported == 0
    kept = [a for a in store.activities() if a.external_id == "9100047514"]
    assert len(kept) == 1
    assert kept[0].source_format is SourceFormat.FIT
    assert kept[0].id == row_only[0].id
    assert kept[0].gear == "Brooks Ghost 15"
    full = store.activity(kept[0].id or 0)
    assert full is not None and full.samples is not None and len(full.samples) > 1000


def test_garmin_export_names_and_ids(store: Store, corpus: Path) -> None:
    report = import_paths(store, [corpus / "export" / "sample-garmin-export.zip"], workers=2)
    activities = store.activities()
    assert report.imported >= 20
    assert all(a.external_id for a in activities)
    assert all(a.name for a in activities)
    assert {a.sport for a in activities} >= {Sport.RUN}


def test_corpus_folder_imports_and_every_negative_file_gets_one_line(
    store: Store, corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "watch"
    shutil.copytree(corpus / "fit", folder / "fit")
    shutil.copytree(corpus / "tcx", folder / "tcx")
    report = import_paths(store, [folder], workers=2)
    negatives = [f.path.name for f in corpus_files() if f.negative and f.path.suffix != ".zip"]
    assert negatives
    for name in negatives:
        lines = [line for line in report.failed if name in line]
        assert len(lines) == 1, (name, report.failed)
        assert "\n" not in lines[0] and "Traceback" not in lines[0]
    assert report.imported > 100
    # Every failure is a real problem with the file, named and explained.
    assert all(": " in line for line in report.failed)


def test_gzipped_and_renamed_files_are_sniffed_by_content(
    store: Store, corpus: Path, tmp_path: Path
) -> None:
    import gzip

    fit = (corpus / "fit" / "dtcooper__tests__files__activity-small-fenix2-run.fit").read_bytes()
    tcx_path = next((corpus / "tcx").glob("*10kUNLP2014*"))
    (tmp_path / "run.gpx").write_bytes(fit)  # a FIT file with the wrong name
    (tmp_path / "other.dat.gz").write_bytes(gzip.compress(tcx_path.read_bytes()))
    report = import_paths(store, [tmp_path / "run.gpx", tmp_path / "other.dat.gz"], workers=1)
    assert report.failed == [] and report.imported == 2
    formats = sorted(a.source_format.value for a in store.activities())
    assert formats == ["fit", "tcx"]


def test_a_file_with_several_activities_keeps_them_all(store: Store, corpus: Path) -> None:
    tcx = corpus / "tcx" / "GoldenCheetah__test__rides__activity_165850259_multi-session.tcx"
    first = import_paths(store, [tcx], workers=1)
    assert first.failed == [] and first.imported == 4
    hashes = [a.content_hash for a in store.activities()]
    assert len(set(hashes)) == 4
    second = import_paths(store, [tcx], workers=1)
    assert second.imported == 0 and second.duplicates == 1
    assert len(store.activities()) == 4


def test_walking_cadence_is_steps_per_minute_like_running(store: Store, corpus: Path) -> None:
    # The watch counts one foot for every foot sport: 61 + 0.227 per foot on this walk.
    walk = corpus / "fit" / "dtcooper__tests__files__garmin-fenix-5-walk.fit"
    import_paths(store, [walk], workers=1)
    (activity,) = store.activities()
    assert activity.sport is Sport.WALK
    assert activity.avg_cadence_spm == pytest.approx(2 * (61 + 29 / 128), abs=0.01)
    full = store.activity(activity.id or 0)
    assert full is not None and full.samples is not None
    cadence = full.samples.cadence_spm
    assert cadence is not None
    moving = cadence[cadence > 0]
    assert 90 < float(moving.mean()) < 140


def _everything(store: Store) -> list[tuple[object, ...]]:
    """Every stored activity with its files, samples and warm-up, without ids."""
    files = store.source_files()
    routines = {
        log.activity_id: (log.record.warm_up_min, log.record.cool_down_min)
        for log in store.routine_logs().values()
    }
    out = []
    for activity in store.activities_with_samples([a.id for a in store.activities() if a.id]):
        assert activity.id is not None
        samples = None if activity.samples is None else len(activity.samples)
        summary = activity.with_(id=None, samples=None)
        found = routines.get(activity.id)
        out.append((repr(summary), sorted(files.get(activity.id, [])), samples, found))
    return sorted(out)


def test_batched_writes_store_what_one_at_a_time_stores(
    db_url: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The corpus (duplicates, same runs from two sources, bad files) imported with new
    activities written in batches, and one at a time: the same activities, files, samples,
    failures and counts, on SQLite and PostgreSQL."""
    from backstride.ingest import pipeline

    paths = [corpus / "fit", corpus / "tcx", corpus / "gpx", corpus / "export"]
    batched = open_store(db_url)
    report = import_paths(batched, paths, workers=2)
    assert report.merged > 0 and report.duplicates > 0 and report.failed
    alone = open_store(f"sqlite:///{tmp_path / 'one-at-a-time.db'}")
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 1)
    one_by_one = import_paths(alone, paths, workers=2)
    assert report.as_dict() == one_by_one.as_dict()
    assert _everything(batched) == _everything(alone)
    assert len(_everything(batched)) == report.imported
    batched.close()
    alone.close()
