"""Laps as the device summed them up: read from FIT lap messages (both decoders agree) and
TCX <Lap> elements, stored beside the activity on SQLite and PostgreSQL, replaced by a richer
file of the same run, and taken along by delete and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backstride.domain.activity import Lap
from backstride.ingest import tcx
from backstride.ingest.fit import decoder, sdk
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

FIT = Path("fit")
FR955_5_LAPS = FIT / "GoldenCheetah__test__runs__GarminFR955v18.zip!14211916346_ACTIVITY.fit"
FR955_7_LAPS = FIT / "GoldenCheetah__test__roundtrip__Fr955v19.28andStryd.fit"
RACE_10K_FIT = FIT / "GoldenCheetah__test__runs__10kUNLP2014-Garmin15.fit"
RACE_10K_TCX = Path("tcx") / "GoldenCheetah__test__runs__10kUNLP2014-Garmin15.tcx"


def _laps_of(path: Path) -> tuple[Lap, ...]:
    parse = tcx.parse if path.suffix == ".tcx" else decoder.parse
    (activity,) = parse(path.read_bytes(), str(path))
    return activity.laps


@pytest.mark.clock_free
@pytest.mark.parametrize(
    ("name", "count"), [(FR955_5_LAPS, 5), (FR955_7_LAPS, 7), (RACE_10K_FIT, 11)]
)
def test_fit_laps_are_read_in_order_and_add_up_to_the_run(
    corpus: Path, name: Path, count: int
) -> None:
    path = corpus / name
    (activity,) = decoder.parse(path.read_bytes(), str(path))
    laps = activity.laps
    assert [lap.number for lap in laps] == list(range(1, count + 1))
    starts = [lap.start_utc for lap in laps]
    assert all(s is not None for s in starts) and starts == sorted(starts)  # type: ignore[type-var]
    assert activity.distance_m is not None
    assert sum(lap.distance_m or 0 for lap in laps) == pytest.approx(activity.distance_m, rel=0.01)
    assert sum(lap.moving_s or 0 for lap in laps) == pytest.approx(activity.moving_s, rel=0.01)


@pytest.mark.clock_free
def test_the_fr955_laps_carry_heart_rate_and_cadence_in_steps_per_minute(corpus: Path) -> None:
    laps = _laps_of(corpus / FR955_5_LAPS)
    for lap in laps:
        assert lap.avg_hr is not None and 60 < lap.avg_hr < 220
        assert lap.max_hr is not None and lap.max_hr >= lap.avg_hr
        # both feet: a runner's 150-200 steps a minute, not the device's per-foot 75-100
        assert lap.avg_cadence_spm is not None and 120 < lap.avg_cadence_spm < 220


@pytest.mark.clock_free
def test_garmin_s_sdk_reads_the_same_laps(corpus: Path) -> None:
    path = corpus / FR955_7_LAPS
    (ours,) = decoder.parse(path.read_bytes(), str(path))
    (theirs,) = sdk.parse(path.read_bytes(), str(path))
    assert ours.laps == theirs.laps and len(ours.laps) == 7


@pytest.mark.clock_free
def test_the_10k_race_has_the_same_eleven_laps_in_its_tcx_and_its_fit(corpus: Path) -> None:
    from_fit, from_tcx = _laps_of(corpus / RACE_10K_FIT), _laps_of(corpus / RACE_10K_TCX)
    assert len(from_fit) == len(from_tcx) == 11
    for a, b in zip(from_fit, from_tcx, strict=True):
        assert a.distance_m == pytest.approx(b.distance_m, abs=1.0)
        assert (a.moving_s or 0) == pytest.approx(b.moving_s or 0, abs=1.0)
        assert a.start_utc is not None and b.start_utc is not None
        assert abs((a.start_utc - b.start_utc).total_seconds()) <= 1
    assert [round(lap.distance_m or 0) for lap in from_fit[:10]] == [1000] * 10


@pytest.mark.clock_free
def test_a_lap_no_device_could_record_keeps_its_other_values() -> None:
    from backstride.domain.activity import sane_lap_start, sane_lap_value

    assert sane_lap_value("avg_hr", 400.0) is None
    assert sane_lap_value("distance_m", float("nan")) is None
    assert sane_lap_value("elapsed_s", -1.0) is None
    assert sane_lap_value("avg_cadence_spm", 172.0) == 172.0
    assert sane_lap_start(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))) is None
    assert sane_lap_start(datetime(2024, 7, 9, 16, tzinfo=timezone(timedelta(hours=2)))) == (
        datetime(2024, 7, 9, 14, tzinfo=UTC)
    )


def test_laps_are_stored_read_back_and_go_to_the_trash_with_their_run(
    db_url: str, corpus: Path
) -> None:
    path = corpus / FR955_5_LAPS
    with open_store(db_url) as store:
        import_paths(store, [path], workers=1)
        (run,) = store.activities()
        assert run.id is not None
        stored = store.laps(run.id)
        assert stored == list(_laps_of(path))
        store.trash_record("activity", run.id, "the run")
        assert store.laps(run.id) == []
        (trashed,) = store.trashed()
        store.restore_trashed(trashed.id)
        assert store.laps(run.id) == stored


def test_a_richer_file_of_the_same_run_brings_its_laps(db_url: str, corpus: Path) -> None:
    """The 10k race as TCX first, then its FIT (richer): one run, the FIT's laps."""
    with open_store(db_url) as store:
        import_paths(store, [corpus / RACE_10K_TCX], workers=1)
        import_paths(store, [corpus / RACE_10K_FIT], workers=1)
        (run,) = store.activities()
        assert run.id is not None
        assert store.laps(run.id) == list(_laps_of(corpus / RACE_10K_FIT))


def test_revision_0008_goes_down_and_up_again_keeping_the_runs(db_url: str, corpus: Path) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, inspect

    from backstride.store.engine import MIGRATIONS

    with open_store(db_url) as store:
        import_paths(store, [corpus / FR955_5_LAPS], workers=1)
    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        assert "activity_lap" not in inspect(connection).get_table_names()
        command.upgrade(config, "0008")
        assert "activity_lap" in inspect(connection).get_table_names()
    engine.dispose()
    with open_store(db_url) as store:
        (run,) = store.activities()
        assert run.id is not None and store.laps(run.id) == []  # gone with the table
