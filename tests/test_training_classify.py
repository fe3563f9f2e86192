"""Run classification (easy, long, speed), easy pace and speed-work minutes."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from test_rules_builders import MONDAY, history, profile_samples, run

from backstride.domain.activity import Samples
from backstride.domain.backcare import RunType, RunTypeOverride
from backstride.training.classify import (
    Reference,
    classify_run,
    easy_speed_m_s,
    speed_profile,
    speed_seconds,
)
from backstride.training.weekly import training_days, weekly_figures

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

EASY = 1000 / 360  # 6:00/km
REF = Reference(easy_speed_m_s=EASY, usual_distance_m=8000, easy_hr_bpm=140)


def test_steady_easy_run_is_easy_with_no_speed_minutes() -> None:
    activity = run(MONDAY, 8, samples=profile_samples([(2880, EASY)]))
    assert classify_run(activity, REF) is RunType.EASY
    assert speed_seconds(activity, EASY) == 0


def test_tempo_run_is_speed() -> None:
    segments = [(600, EASY), (1200, EASY * 1.2), (600, EASY)]
    activity = run(MONDAY, 8, samples=profile_samples(segments))
    assert classify_run(activity, REF) is RunType.SPEED
    assert abs(speed_seconds(activity, EASY) - 1200) <= 31  # smoothing blurs the edges


def test_intervals_are_speed_through_their_structure() -> None:
    reps = [(90, EASY * 1.35), (120, EASY * 0.8)] * 5
    activity = run(MONDAY, 8, samples=profile_samples([(900, EASY), *reps, (600, EASY)]))
    fast_fraction = speed_seconds(activity, EASY) / len(activity.samples or [])
    assert 0.10 <= fast_fraction < 0.20
    assert classify_run(activity, REF) is RunType.SPEED


def test_strides_stay_easy() -> None:
    strides = [(20, EASY * 1.5), (60, EASY)] * 4
    activity = run(MONDAY, 8, samples=profile_samples([(2400, EASY), *strides]))
    assert classify_run(activity, REF) is RunType.EASY


def test_long_run_from_distance_against_usual() -> None:
    assert classify_run(run(MONDAY, 12.0), REF) is RunType.LONG  # 1.5 x 8 km
    assert classify_run(run(MONDAY, 11.9), REF) is RunType.EASY


def test_summary_pace_without_samples() -> None:
    fast = run(MONDAY, 8, pace_s_per_km=360 / 1.11)
    slow = run(MONDAY, 8, pace_s_per_km=360 / 1.09)
    assert classify_run(fast, REF) is RunType.SPEED
    assert classify_run(slow, REF) is RunType.EASY
    assert speed_seconds(fast, EASY) == fast.moving_s
    assert speed_seconds(slow, EASY) == 0


def test_heart_rate_confirms_a_borderline_session() -> None:
    segments = [(1500, EASY), (360, EASY * 1.25), (1000, EASY)]  # ~12.6% fast, one block
    samples = profile_samples(segments)
    assert isinstance(samples, Samples)
    n = len(samples)
    hr = np.where(np.arange(n) > 1400, 160.0, 135.0)
    with_hr = Samples(samples.time_s, samples.distance_m, samples.speed_m_s, hr)
    assert classify_run(run(MONDAY, 8, samples=samples), REF) is RunType.EASY
    assert classify_run(run(MONDAY, 8, samples=with_hr), REF) is RunType.SPEED


def test_no_reference_means_easy() -> None:
    assert classify_run(run(MONDAY, 30), None) is RunType.EASY


def test_pauses_do_not_count_as_time() -> None:
    samples = profile_samples([(600, EASY)])
    assert isinstance(samples, Samples)
    t = samples.time_s.copy()
    t[300:] += 3600  # an hour's pause half way
    paused = Samples(t, samples.distance_m, samples.speed_m_s)
    profile = speed_profile(paused)
    assert profile is not None
    assert len(profile) < 620


def test_easy_pace_is_median_of_the_12_weeks_before_the_week() -> None:
    runs = [run(MONDAY - timedelta(days=7 * w + 2), 8, pace_s_per_km=360) for w in range(6)]
    runs.append(run(MONDAY - timedelta(days=100), 8, pace_s_per_km=300))  # outside 84 days
    dated = [(a.start_utc.date(), a) for a in runs]
    assert easy_speed_m_s(dated, MONDAY) == EASY


def test_easy_pace_for_a_new_runner_uses_their_first_runs() -> None:
    runs = [run(MONDAY + timedelta(days=d), 5, pace_s_per_km=330) for d in range(3)]
    dated = [(a.start_utc.date(), a) for a in runs]
    assert easy_speed_m_s(dated, MONDAY) == 1000 / 330
    assert easy_speed_m_s([], MONDAY) is None


def test_override_wins_and_weekly_speed_minutes() -> None:
    base = [run(MONDAY - timedelta(days=d), 8) for d in range(3, 30, 3)]
    tempo = run(MONDAY, 8, pace_s_per_km=300)
    plain = run(MONDAY + timedelta(days=2), 8)
    h = history(*base, tempo, plain, overrides=(RunTypeOverride(plain.id or 0, RunType.LONG),))
    log = training_days(h)
    types = {r.activity.id: r.run_type for r in log.runs}
    assert types[tempo.id] is RunType.SPEED
    assert types[plain.id] is RunType.LONG
    figures = weekly_figures(log, MONDAY)
    assert tempo.moving_s is not None and figures.speed_min == tempo.moving_s / 60
    assert figures.distance_m == 16000
    assert figures.run_days == 2


def test_date_order_does_not_matter() -> None:
    d = date(2024, 1, 1)
    a = [run(d + timedelta(days=i), 5 + i) for i in range(10)]
    first = training_days(history(*a))
    second = training_days(history(*reversed(a)))
    assert first == second
