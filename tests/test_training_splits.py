"""Splits and climbing from a run's samples: synthetic runs with known answers (even pace,
a negative split, a hill, GPS jitter, gaps), then a real watch file."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from realfiles import CORPUS

from backstride.domain.activity import Samples
from backstride.ingest.decode import parse_any
from backstride.training.splits import climb, splits

pytestmark = pytest.mark.clock_free
KM, MILE = 1000.0, 1609.344


def _run(speeds: list[float], seconds: int, **columns: np.ndarray) -> Samples:
    """One sample a second, each stretch of `seconds` at one speed (m/s)."""
    speed = np.repeat(np.array(speeds, dtype=float), seconds)
    time = np.arange(len(speed), dtype=float)
    distance = np.concatenate(([0.0], np.cumsum(speed[:-1])))
    return Samples(time_s=time, distance_m=distance, speed_m_s=speed, **columns)


def test_an_even_run_splits_into_equal_kilometres_and_a_short_last_one() -> None:
    run = _run([4.0], 1376)  # 5.5 km at 4:10 per km
    found = splits(run, KM)
    assert [s.number for s in found] == [1, 2, 3, 4, 5, 6]
    assert all(s.duration_s == pytest.approx(250.0) for s in found[:5])
    assert found[-1].distance_m == pytest.approx(500.0, abs=4.0)
    assert sum(s.distance_m for s in found) == pytest.approx(float(run.distance_m[-1]))  # type: ignore[index]
    assert sum(s.duration_s for s in found) == pytest.approx(float(run.time_s[-1]))


def test_a_negative_split_shows_and_miles_are_miles() -> None:
    run = _run([3.0, 4.0], 1073)  # about 3.2 km slow, then 4.3 km fast
    found = splits(run, MILE)
    assert found[0].distance_m == pytest.approx(MILE)
    assert found[0].duration_s == pytest.approx(MILE / 3.0, abs=1.0)
    assert found[-2].pace_s_per_m == pytest.approx(1 / 4.0, abs=1e-3)
    assert found[0].pace_s_per_m > found[-2].pace_s_per_m  # type: ignore[operator]


def test_heart_rate_and_cadence_are_averaged_over_each_split() -> None:
    n = 1000
    hr = np.where(np.arange(n) < 250, 140.0, 160.0)  # the first kilometre takes 250 s
    cadence = np.full(n, 170.0)
    cadence[::7] = np.nan  # dropped samples do not count
    run = _run([4.0], n, heart_rate_bpm=hr, cadence_spm=cadence)
    first, second = splits(run, KM)[:2]
    assert first.avg_hr == pytest.approx(140.0)
    assert second.avg_hr == pytest.approx(160.0)
    assert first.avg_cadence_spm == pytest.approx(170.0)


def test_a_hill_is_climbed_once_and_jitter_adds_no_hills() -> None:
    n = 2000  # 8 km at 4 m/s; a 40 m hill in the middle kilometres
    distance = np.arange(n) * 4.0
    hill = 40.0 * np.clip(1 - np.abs(distance - 4000.0) / 1500.0, 0, None)
    jitter = np.random.default_rng(5).normal(0, 0.4, n)
    run = _run([4.0], n, altitude_m=100.0 + hill + jitter)
    ascent, descent = climb(run.distance_m, run.altitude_m)  # type: ignore[arg-type]
    assert ascent == pytest.approx(40.0, abs=3.0) and descent == pytest.approx(40.0, abs=3.0)
    flat = _run([4.0], n, altitude_m=100.0 + jitter)
    assert climb(flat.distance_m, flat.altitude_m)[0] < 3.0  # type: ignore[arg-type]
    found = splits(run, KM)
    assert sum(s.ascent_m or 0 for s in found) == pytest.approx(ascent, abs=1.0)
    assert (found[0].ascent_m or 0) < 1.0 and (found[3].ascent_m or 0) > 10.0


def test_no_distance_or_a_standing_start_gives_no_splits() -> None:
    time = np.arange(100, dtype=float)
    assert splits(Samples(time_s=time), KM) == []
    assert splits(Samples(time_s=time, distance_m=np.zeros(100)), KM) == []
    gappy = _run([4.0], 800)
    assert gappy.distance_m is not None
    distance = gappy.distance_m.copy()
    distance[100:200] = np.nan  # a GPS gap: the split still spans it
    found = splits(Samples(time_s=gappy.time_s, distance_m=distance), KM)
    assert sum(s.duration_s for s in found) == pytest.approx(799.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=1.5, max_value=6.5), min_size=1, max_size=8),
    st.integers(min_value=60, max_value=900),
    st.sampled_from([KM, MILE]),
)
def test_splits_always_add_up_to_the_run(speeds: list[float], seconds: int, every: float) -> None:
    run = _run(speeds, seconds)
    assert run.distance_m is not None
    found = splits(run, every)
    covered = sum(s.distance_m for s in found)
    assert covered == pytest.approx(float(run.distance_m[-1]), abs=50.0)
    assert all(s.distance_m <= every + 1e-6 for s in found)
    assert all(s.duration_s > 0 for s in found)


def test_a_real_watch_run_splits_to_its_own_distance() -> None:
    path = CORPUS / "fit" / "dtcooper__tests__files__activity-small-fenix2-run.fit"
    if not path.exists():
        pytest.skip("the corpus is not beside the checkout")
    (activity,) = parse_any(path.read_bytes(), path.name)
    assert activity.samples is not None and activity.distance_m
    found = splits(activity.samples, KM)
    assert found and sum(s.distance_m for s in found) == pytest.approx(
        activity.distance_m, rel=0.02
    )
    assert all(s.avg_hr is None or 60 < s.avg_hr < 220 for s in found)
