"""TCX reading on the real corpus: lap totals, indoor files, multisport, mutations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.domain import Activity, SourceFormat, Sport
from backstride.ingest import tcx
from backstride.ingest.errors import IngestError, NotAnActivity

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def _files(corpus: Path) -> list[Path]:
    return sorted((corpus / "tcx").glob("*.tcx"))


def _parse(path: Path) -> list[Activity]:
    return tcx.parse(path.read_bytes(), path.name)


def _floats(pattern: str, text: str) -> list[float]:
    return [float(v) for v in re.findall(pattern, text)]


def test_every_corpus_tcx_parses_with_its_lap_totals(corpus: Path) -> None:
    files = _files(corpus)
    assert len(files) >= 35
    for path in files:
        text = path.read_text(encoding="utf-8")
        activities = _parse(path)
        assert len(activities) == len(re.findall(r"<Activity[ >]", text)), path.name
        for activity in activities:
            assert activity.source_format is SourceFormat.TCX
            assert activity.start_utc.utcoffset() is not None
            assert activity.elapsed_s > 0
            assert activity.moving_s is not None
            assert activity.moving_s <= activity.elapsed_s + 1e-6
            samples = activity.samples
            assert samples is not None and len(samples) > 0
            assert np.all(np.diff(samples.time_s) >= 0) and samples.time_s[0] >= 0
            assert samples.time_s[-1] <= activity.elapsed_s + 1e-6
        if len(activities) == 1:  # an independent sum of the laps
            (activity,) = activities
            lap_times = _floats(r"<TotalTimeSeconds>([\d.]+)<", text)
            assert activity.moving_s == pytest.approx(sum(lap_times)), path.name
            lap_distance = sum(_floats(r"</TotalTimeSeconds>\s*<DistanceMeters>([\d.]+)<", text))
            if lap_distance > 0:
                assert activity.distance_m == pytest.approx(lap_distance), path.name


def test_matches_the_strava_export_truth(corpus: Path) -> None:
    truth = json.loads((corpus / "export" / "sample-strava-export.truth.json").read_text())
    checked = 0
    for row in truth:
        if not row["source"].startswith("tcx/"):
            continue
        (activity,) = _parse(corpus / row["source"])
        assert activity.start_utc.isoformat() == row["start_utc"]
        assert activity.distance_m == pytest.approx(row["distance_m"], abs=0.01)
        # Truth counts to the last trackpoint with a position; we count to the
        # end of the last lap (a final position-less point), within 2 s.
        assert activity.elapsed_s == pytest.approx(row["elapsed_s"], abs=2.0)
        checked += 1
    assert checked >= 3


def test_heart_rate_is_weighted_by_lap_time(corpus: Path) -> None:
    path = corpus / "tcx" / "vkurup__tests__files__test.tcx"
    text = path.read_text(encoding="utf-8")
    times = _floats(r"<TotalTimeSeconds>([\d.]+)<", text)
    averages = _floats(r"<AverageHeartRateBpm[^>]*>\s*<Value>(\d+)<", text)
    maxima = _floats(r"<MaximumHeartRateBpm[^>]*>\s*<Value>(\d+)<", text)
    assert len(times) == len(averages) == 3
    (activity,) = _parse(path)
    expected = sum(t * a for t, a in zip(times, averages, strict=True)) / sum(times)
    assert activity.avg_hr == pytest.approx(expected)
    assert activity.max_hr == max(maxima)
    assert activity.sport is Sport.RUN
    assert activity.notes == "Aerobics"
    assert activity.device == "Forerunner 410 Software Version 2.20"


def test_indoor_files_without_gps_keep_their_lap_distance(corpus: Path) -> None:
    for name in [
        "GoldenCheetah__test__swims__GarminHRMswim.tcx",
        "GoldenCheetah__test__aerolab__velodrome_test__activity_769724393.tcx",
    ]:
        (activity,) = _parse(corpus / "tcx" / name)
        assert activity.samples is not None and activity.samples.lat_deg is None
        assert activity.distance_m is not None and activity.distance_m > 1000


def test_multisport_file_gives_one_activity_per_sport(corpus: Path) -> None:
    path = corpus / "tcx" / "GoldenCheetah__test__rides__activity_165850259_multi-session.tcx"
    activities = _parse(path)
    assert [a.sport for a in activities] == [Sport.RUN, Sport.CYCLING, Sport.RUN, Sport.CYCLING]
    assert activities[1].distance_m is None  # a trainer ride that recorded 0 m


def test_run_cadence_extension_is_doubled(corpus: Path) -> None:
    path = corpus / "tcx" / "alenrajsp__tcxreader__tests__data__cross-country-skiing_activity_1.tcx"
    text = path.read_text(encoding="utf-8")
    per_foot = _floats(r"<(?:\w+:)?RunCadence>(\d+)<", text)
    (activity,) = _parse(path)
    assert activity.samples is not None and activity.samples.cadence_spm is not None
    assert np.nansum(activity.samples.cadence_spm) == pytest.approx(2 * sum(per_foot))
    lap_times = _floats(r"<TotalTimeSeconds>([\d.]+)<", text)
    lap_cadence = _floats(r"<(?:\w+:)?AvgRunCadence>(\d+)<", text)
    expected = 2 * sum(t * c for t, c in zip(lap_times, lap_cadence, strict=True)) / sum(lap_times)
    assert activity.avg_cadence_spm == pytest.approx(expected)


def test_polar_file_with_whitespace_before_the_declaration(corpus: Path) -> None:
    path = (
        corpus / "tcx" / "GoldenCheetah__test__rides__2020-02-05_17-25-14_Training-with-Notes.tcx"
    )
    data = path.read_bytes()
    (plain,) = tcx.parse(data, path.name)
    (padded,) = tcx.parse(b"\r\n   \t" + data, path.name)
    assert plain.samples == padded.samples
    assert padded.samples is not None and len(padded.samples) == data.count(b"<Trackpoint>")
    assert padded.device == "Polar Vantage V"
    assert padded.notes is not None and "Muskelkater" in padded.notes


def test_not_tcx_and_empty_documents() -> None:
    with pytest.raises(NotAnActivity):
        tcx.parse(b'<TrainingCenterDatabase xmlns="x"><Courses/></TrainingCenterDatabase>', "c")
    with pytest.raises(IngestError, match="not a TCX file"):
        tcx.parse(b"<gpx/>", "x.tcx")
    with pytest.raises(IngestError):
        tcx.parse(b"", "x.tcx")


_SMALL = [
    "GoldenCheetah__test__aerolab__open_air_helmet_test__activity_790564009.tcx",
    "GoldenCheetah__test__swims__argmac_Garmin_FR910XT_2015_01_31_10_17_02.tcx",
    "alenrajsp__example_data__sup_activity_1.tcx",
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(_SMALL) - 1),
    cut=st.floats(0, 1),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=4)), max_size=4),
)
def test_truncated_or_mutated_tcx_raises_only_ingest_error(
    corpus: Path, index: int, cut: float, edits: list[tuple[float, bytes]]
) -> None:
    data = bytearray((corpus / "tcx" / _SMALL[index]).read_bytes())
    data = data[: int(len(data) * cut) + 1] if cut < 0.99 else data
    for where, replacement in edits:
        at = int(where * len(data))
        data[at : at + len(replacement)] = replacement
    try:
        activities = tcx.parse(bytes(data), "mutated.tcx")
    except IngestError as exc:
        assert "\n" not in str(exc)
        return
    for activity in activities:
        assert activity.elapsed_s > 0
