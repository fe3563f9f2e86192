"""The samples blob: lossless for any float64 columns, compact for real recordings."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from backstride.domain import samples_codec
from backstride.domain.activity import SAMPLE_COLUMNS, Samples
from backstride.ingest.fit import sdk as fit_sdk

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

RUNS = (
    "fit/GoldenCheetah__test__roundtrip__Fr955v19.28andStryd.fit",
    "fit/jimmykane__test__garmin-stamina.fit",
    "fit/dtcooper__tests__files__2013-02-06-12-11-14.fit",
)


def same_bits(a: Samples, b: Samples) -> bool:
    """Equal down to the sign of zero; any NaN equals any NaN."""
    if a.columns().keys() != b.columns().keys():
        return False
    for name, left in a.columns().items():
        right = b.columns()[name]
        if right.dtype != np.float64 or left.shape != right.shape:
            return False
        nan = np.isnan(left)
        if not np.array_equal(nan, np.isnan(right)):
            return False
        if not np.array_equal(left[~nan].view(np.int64), right[~nan].view(np.int64)):
            return False
    return True


ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)

# Values as devices give them: decimals, FIT positions and altitudes, with gaps.
RECORDED = (
    st.integers(-(10**9), 10**9).map(lambda i: i / 100),
    st.integers(-(2**31), 2**31 - 1).map(lambda i: i * (180.0 / 2**31)),
    st.integers(0, 65535).map(lambda i: i / 5 - 500),
    st.integers(0, 250).map(float),
)


@st.composite
def samples(draw: st.DrawFn, recorded: bool = False) -> Samples:
    """Samples of any length and columns; `recorded` draws one device-like kind per column."""
    n = draw(st.integers(min_value=0, max_value=200))

    def column() -> np.ndarray:
        if not recorded:
            return draw(arrays(np.float64, n, elements=ANY_FLOAT))
        kind = draw(st.sampled_from(RECORDED))
        gaps = draw(st.booleans())
        elements = st.one_of(kind, st.just(float("nan"))) if gaps else kind
        return draw(arrays(np.float64, n, elements=elements))

    columns = {"time_s": column()}
    for name in SAMPLE_COLUMNS[1:]:
        if draw(st.booleans()):
            columns[name] = column()
    return Samples(**columns)


@given(samples())
def test_any_float64_columns_come_back_bit_for_bit(original: Samples) -> None:
    decoded = samples_codec.decode(samples_codec.encode(original))
    assert decoded == original
    assert same_bits(decoded, original)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])  # big arrays, busy CI
@given(samples(recorded=True))
def test_recorded_values_with_gaps_come_back_bit_for_bit(original: Samples) -> None:
    decoded = samples_codec.decode(samples_codec.encode(original))
    assert same_bits(decoded, original)


def test_negative_zero_keeps_its_sign() -> None:
    original = Samples(time_s=np.array([0.0, 1.0]), altitude_m=np.array([-0.0, 0.5]))
    decoded = samples_codec.decode(samples_codec.encode(original))
    assert decoded.altitude_m is not None
    assert np.signbit(decoded.altitude_m[0])


@settings(max_examples=50)
@given(samples(), st.data())
def test_a_cut_blob_is_refused_with_value_error(original: Samples, data: st.DataObject) -> None:
    blob = samples_codec.encode(original)
    cut = data.draw(st.integers(min_value=0, max_value=len(blob) - 1))
    with pytest.raises(ValueError, match="samples blob"):
        samples_codec.decode(blob[:cut])


def test_an_unknown_format_version_is_refused() -> None:
    blob = bytearray(samples_codec.encode(Samples(time_s=np.arange(10.0))))
    blob[0] = samples_codec.VERSION + 1
    with pytest.raises(ValueError, match="format version"):
        samples_codec.decode(bytes(blob))


def test_a_column_that_is_not_numeric_is_refused() -> None:
    bad = Samples(time_s=np.arange(2.0), heart_rate_bpm=np.array(["a", "b"], dtype=object))
    with pytest.raises(ValueError, match="heart_rate_bpm is not numeric"):
        samples_codec.encode(bad)


@pytest.mark.parametrize("name", RUNS)
def test_real_runs_round_trip_compactly(corpus: Path, name: str) -> None:
    path = corpus / name
    (activity,) = fit_sdk.parse(path.read_bytes(), path.name)
    assert activity.samples is not None
    blob = samples_codec.encode(activity.samples)
    assert same_bits(samples_codec.decode(blob), activity.samples)
    plain = zlib.compress(b"".join(c.tobytes() for c in activity.samples.columns().values()))
    # 8 float64 columns are 64 bytes a sample raw, about 15 with plain zlib.
    assert len(blob) < len(plain) / 2
    assert len(blob) / len(activity.samples) < 10.0
