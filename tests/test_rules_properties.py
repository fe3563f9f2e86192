"""Property tests: findings do not depend on import order or on the runner's units.
Plus every rule over real device files."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from realfiles import corpus_files
from test_rules_builders import MONDAY, at, core, profile_samples, run

from backstride.domain.activity import Activity, Gear, Units
from backstride.domain.backcare import History, PainReport, PainTiming, Session, SessionKind, Shoe
from backstride.rules import check, status
from backstride.training.routines import detect_cool_down, detect_warm_up
from backstride.training.weekly import training_days

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

START = MONDAY - timedelta(days=70)


@st.composite
def histories(draw: st.DrawFn) -> History:
    n = draw(st.integers(min_value=0, max_value=25))
    activities = []
    for _ in range(n):
        d = START + timedelta(days=draw(st.integers(0, 90)))
        hour = draw(st.sampled_from([0, 6, 12, 23]))
        km = draw(st.floats(1, 25, allow_nan=False))
        pace = draw(st.sampled_from([300.0, 330.0, 360.0, 400.0]))
        gear = draw(st.sampled_from([None, "A", "B"]))
        samples = (
            profile_samples([(120, 1.4), (600, 1000 / pace), (120, 1.4)])
            if draw(st.booleans()) and km < 3
            else None
        )
        activities.append(
            run(d, km, hour=hour, minute=30, pace_s_per_km=pace, gear=gear, samples=samples)
        )
    pains = [
        PainReport(
            at(START + timedelta(days=draw(st.integers(0, 90))), draw(st.sampled_from([7, 23]))),
            draw(st.sampled_from([0.0, 1.0, 2.5, 4.0, 6.0, 8.0])),
            draw(st.sampled_from(list(PainTiming))),
        )
        for _ in range(draw(st.integers(0, 15)))
    ]
    sessions = [
        Session(
            START + timedelta(days=draw(st.integers(0, 90))),
            draw(st.sampled_from(list(SessionKind))),
            30,
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    shoes = (Shoe(Gear("A", start_distance_m=300_000.0)), Shoe(Gear("B")))
    return History(
        activities=tuple(activities),
        pain_reports=tuple(pains),
        sessions=tuple(sessions),
        shoes=shoes,
        time_zone="Europe/London",
    )


def _shuffled(h: History, perm: st.DataObject) -> History:
    def shuffle(items: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(perm.draw(st.permutations(items)))

    return replace(
        h,
        activities=shuffle(h.activities),
        pain_reports=shuffle(h.pain_reports),
        sessions=shuffle(h.sessions),
    )


def _key(findings: list) -> list:  # type: ignore[type-arg]
    return [
        (f.rule, f.severity, f.on, f.week_start, sorted(f.values.items(), key=str))
        for f in findings
    ]


UNTIL = START + timedelta(days=92)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.data())
def test_findings_do_not_depend_on_import_order(h: History, data: st.DataObject) -> None:
    shuffled = _shuffled(h, data)
    assert check(h, None, START, UNTIL) == check(shuffled, None, START, UNTIL)
    assert status(h, None, UNTIL - timedelta(days=3)) == status(
        shuffled, None, UNTIL - timedelta(days=3)
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_changing_units_changes_no_finding(h: History) -> None:
    in_km = check(replace(h, units=Units.KM), None, START, UNTIL)
    in_mi = check(replace(h, units=Units.MI), None, START, UNTIL)
    assert _key(in_km) == _key(in_mi)
    assert not any(re.search(r"\d km\b", f.message) for f in in_mi)
    assert not any(re.search(r"\d mi\b", f.message) for f in in_km)


def test_units_are_in_every_distance_message() -> None:
    h = History(
        activities=(run(MONDAY - timedelta(days=7), 10), run(MONDAY, 20)), sessions=(core(MONDAY),)
    )
    msgs = [
        f.message
        for f in check(replace(h, units=Units.MI), None, MONDAY, MONDAY + timedelta(days=6))
    ]
    assert any("mi" in m for m in msgs)


# --- real device files ----------------------------------------------------------
def _real_runs(corpus: Path) -> list[Activity]:
    from backstride.ingest.errors import IngestError
    from backstride.ingest.fit import sdk as fit_sdk

    out: list[Activity] = []
    for entry in corpus_files():
        if entry.running != "yes" or entry.negative or not entry.path.name.endswith(".fit"):
            continue
        try:
            out.extend(
                a for a in fit_sdk.parse(entry.path.read_bytes(), entry.path.name) if a.is_run
            )
        except IngestError:
            continue
    return out


@pytest.mark.corpus
def test_routines_and_rules_over_real_runs(corpus: Path) -> None:
    runs = _real_runs(corpus)
    assert len(runs) >= 10
    detected = 0
    for activity in runs:
        for found in (detect_warm_up(activity), detect_cool_down(activity)):
            if found is None:
                continue
            assert 0 <= found.minutes * 60 <= activity.elapsed_s + 60
            assert (found.kind is None) == (found.minutes == 0)
            detected += found.minutes > 0
    assert detected >= 3
    h = History(
        activities=tuple(a.with_(id=i) for i, a in enumerate(runs)), time_zone="Europe/London"
    )
    log = training_days(h)
    assert len(log.runs) == len(runs)
    first = min(r.day for r in log.runs)
    last = max(r.day for r in log.runs)
    findings = check(h, None, first, last)
    assert all(f.source for f in findings)
    assert (
        check(replace(h, activities=tuple(reversed(h.activities))), None, first, last) == findings
    )
