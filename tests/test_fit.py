"""The fast FIT decoder against Garmin's SDK, field by field, on every real file."""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

import fitdecode
import numpy as np
import pytest
from garmin_fit_sdk import CrcCalculator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from realfiles import CORPUS, corpus_files

from backstride.domain import Activity
from backstride.domain.activity import SAMPLE_COLUMNS
from backstride.ingest import fit
from backstride.ingest.errors import IngestError, NotAnActivity
from backstride.ingest.fit import sdk as fit_sdk
from backstride.ingest.fit.crc import crc16

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

FIT_FILES = [f for f in corpus_files() if f.path.parent.name == "fit"]
NEGATIVE = [f for f in FIT_FILES if f.negative]
EDGE = [f for f in FIT_FILES if f.negative_or_edge.startswith("EDGE")]
COMPRESSED_TIMESTAMPS = [
    "dtcooper__tests__files__antfs-dump.63.fit",
    "dtcooper__tests__files__compressed-speed-distance.fit",
]
STRAVA_ANDROID = "dtcooper__tests__files__strava-android-app-201.10-b1218918.fit"


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _differences(ours: Activity, sdk: Activity) -> list[str]:
    out = [
        f"{f.name}: {getattr(ours, f.name)!r} != {getattr(sdk, f.name)!r}"
        for f in fields(Activity)
        if f.name != "samples" and not _same(getattr(ours, f.name), getattr(sdk, f.name))
    ]
    a, b = ours.samples, sdk.samples
    if a is None or b is None:
        return out if a is b else [*out, "samples: one side has none"]
    if a.columns().keys() != b.columns().keys():
        return [*out, f"sample columns {sorted(a.columns())} != {sorted(b.columns())}"]
    for name in SAMPLE_COLUMNS:
        x, y = a.columns().get(name), b.columns().get(name)
        if (
            x is not None
            and y is not None
            and not (x.shape == y.shape and np.allclose(x, y, rtol=1e-9, atol=0.0, equal_nan=True))
        ):
            out.append(f"samples.{name} differ")
    return out


def _sdk_result(data: bytes, name: str) -> list[Activity] | type[IngestError]:
    try:
        return fit_sdk.parse(data, name)
    except NotAnActivity:
        return NotAnActivity
    except IngestError:
        return IngestError


@pytest.mark.corpus
@pytest.mark.parametrize("entry", FIT_FILES, ids=lambda f: f.path.name)
def test_every_field_equals_the_sdk(corpus: Path, entry: object) -> None:
    path = entry.path  # type: ignore[attr-defined]
    data = path.read_bytes()
    expected = _sdk_result(data, path.name)
    if expected is IngestError:
        if path.name in (*COMPRESSED_TIMESTAMPS, STRAVA_ANDROID):
            pytest.skip("the SDK cannot decode this file; ours can: tested below")
        with pytest.raises(IngestError):
            fit.parse(data, path.name)
        return
    if expected is NotAnActivity:
        with pytest.raises(NotAnActivity):
            fit.parse(data, path.name)
        return
    ours = fit.parse(data, path.name)
    assert isinstance(expected, list)
    assert len(ours) == len(expected)
    for mine, theirs in zip(ours, expected, strict=True):
        assert _differences(mine, theirs) == []


@pytest.mark.corpus
@pytest.mark.parametrize("entry", NEGATIVE, ids=lambda f: f.path.name)
def test_negative_files_fail_with_one_line(corpus: Path, entry: object) -> None:
    path = entry.path  # type: ignore[attr-defined]
    with pytest.raises(IngestError) as caught:
        fit.parse(path.read_bytes(), path.name)
    assert "\n" not in str(caught.value) and str(caught.value)


@pytest.mark.corpus
@pytest.mark.parametrize("entry", EDGE, ids=lambda f: f.path.name)
def test_edge_files_decode(corpus: Path, entry: object) -> None:
    path = entry.path  # type: ignore[attr-defined]
    try:
        activities = fit.parse(path.read_bytes(), path.name)
    except NotAnActivity:
        return
    assert activities and all(a.elapsed_s >= 0 for a in activities)


@pytest.mark.corpus
@pytest.mark.parametrize("name", COMPRESSED_TIMESTAMPS)
def test_compressed_timestamps_match_fitdecode(corpus: Path, name: str) -> None:
    """The SDK cannot read these old Forerunner files; fitdecode can, record by record."""
    path = corpus / "fit" / name
    (activity,) = fit.parse(path.read_bytes(), name)
    expected = []
    with fitdecode.FitReader(str(path)) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                expected.append(
                    (frame.get_value("timestamp"), frame.get_value("heart_rate", fallback=None))
                )
    samples = activity.samples
    assert samples is not None and len(samples) == len(expected) > 100
    times = [activity.start_utc.timestamp() + t for t in samples.time_s]
    # fitdecode leaves times below 0x10000000 (no clock fix yet) as seconds since 1989-12-31
    assert times == [
        stamp + 631065600.0 if isinstance(stamp, int) else stamp.timestamp()
        for stamp, _ in expected
    ]
    assert samples.heart_rate_bpm is not None
    hr = [None if math.isnan(v) else v for v in samples.heart_rate_bpm]
    assert hr == [None if v is None else float(v) for _, v in expected]


@pytest.mark.corpus
def test_compressed_speed_distance_expands(corpus: Path) -> None:
    name = "dtcooper__tests__files__compressed-speed-distance.fit"
    (activity,) = fit.parse((corpus / "fit" / name).read_bytes(), name)
    samples = activity.samples
    assert samples is not None and samples.distance_m is not None and samples.speed_m_s is not None
    distance = samples.distance_m[~np.isnan(samples.distance_m)]
    assert np.all(np.diff(distance) >= 0)  # accumulated across 12-bit roll-overs
    assert distance[-1] == pytest.approx(activity.distance_m, rel=0.02)


@pytest.mark.corpus
def test_strava_android_crash_file_keeps_its_good_part(corpus: Path) -> None:
    (activity,) = fit.parse((corpus / "fit" / STRAVA_ANDROID).read_bytes(), STRAVA_ANDROID)
    assert activity.is_run and activity.distance_m == pytest.approx(11274.04)
    assert activity.samples is not None and len(activity.samples) > 400
    assert 0 <= activity.samples.time_s.max() <= activity.elapsed_s


def test_not_fit_and_short_input() -> None:
    for data in (b"", b"\x0e\x10", b"hello world, not a FIT file at all"):
        with pytest.raises(IngestError):
            fit.parse(data, "x.fit")


@given(st.binary(max_size=3000), st.integers(min_value=0, max_value=0xFFFF))
def test_crc_equals_the_sdk(data: bytes, start: int) -> None:
    assert crc16(data) == CrcCalculator.calculate_crc(data, 0, len(data))
    assert crc16(data, start) == crc16(data[7:], crc16(data[:7], start))


def _sample_files() -> list[bytes]:
    names = [
        "dtcooper__tests__files__Activity.fit",
        "dtcooper__tests__files__compressed-speed-distance.fit",
        "dtcooper__tests__files__activity-settings.fit",
    ]
    return [(CORPUS / "fit" / n).read_bytes() for n in names if (CORPUS / "fit" / n).exists()]


SAMPLES = _sample_files()


@pytest.mark.skipif(not SAMPLES, reason="real device corpus not found")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_truncated_or_mutated_files_only_raise_ingest_error(data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(SAMPLES))
    cut = data.draw(st.integers(min_value=0, max_value=len(original)))
    blob = bytearray(original[:cut] if data.draw(st.booleans()) else original)
    for _ in range(data.draw(st.integers(min_value=0, max_value=8))):
        if blob:
            blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(st.integers(0, 255))
    if len(blob) > 14 and data.draw(st.booleans()):  # a valid CRC, so the decoder meets the damage
        blob[-2:] = crc16(bytes(blob[:-2])).to_bytes(2, "little")
    try:
        fit.parse(bytes(blob), "mutated.fit")
    except IngestError as error:
        assert "\n" not in str(error)
