"""Insights from a whole `History`: each factor is read from the core (training log,
routines, the rules' findings, shoes, check-ins) and pain goes with the right run day."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pytest

from backstride.domain import Activity, Gear, SourceFormat, Sport
from backstride.domain.backcare import (
    CheckIn,
    History,
    PainReport,
    PainTiming,
    RoutineRecord,
    Shoe,
)
from backstride.insights import InsightOptions, Outcome, build_table, compute
from backstride.rules import RulesConfig

pytestmark = pytest.mark.clock_free

START = date(2026, 1, 5)  # a Monday


def _run(i: int, day: date, km: float = 6.0, **extra: object) -> Activity:
    start = datetime.combine(day, time(7, 0), UTC)
    fields: dict[str, object] = {
        "sport": Sport.RUN,
        "start_utc": start,
        "elapsed_s": km * 360,
        "moving_s": km * 360,
        "distance_m": km * 1000,
        "source_format": SourceFormat.MANUAL,
        "id": i,
        "gear": "Old pair",
        "avg_cadence_spm": 166.0,
    }
    fields.update(extra)
    return Activity(**fields)  # type: ignore[arg-type]


def planted_history(seed: int, weeks: int = 40, effect: float = 2.0) -> History:
    """Runs on Mon, Wed, Sat; the warm-up skipped on about a third of them, and then the
    next morning `effect` points worse."""
    rng = random.Random(seed)
    runs, routines, pain, check_ins = [], [], [], []
    i = 0
    for week in range(weeks):
        for weekday in (0, 2, 5):
            i += 1
            day = START + timedelta(weeks=week, days=weekday)
            runs.append(_run(i, day, km=rng.uniform(5, 7)))
            skipped = rng.random() < 0.35
            routines.append(RoutineRecord(i, 0.0 if skipped else 5.0, "walk", 3.0, "walk", True))
            score = min(10, max(0, round(3 + rng.gauss(0, 1) + (effect if skipped else 0))))
            morning = datetime.combine(day + timedelta(days=1), time(7, 30), UTC)
            pain.append(PainReport(morning, score, PainTiming.NEXT_MORNING))
            check_ins.append(CheckIn(day, sleep_hours=7.0, sleep_quality=3, stiffness=2))
    return History(
        activities=tuple(runs),
        pain_reports=tuple(pain),
        check_ins=tuple(check_ins),
        routines=tuple(routines),
        shoes=(Shoe(Gear("Old pair", distance_m=0.0)),),
    )


def test_a_planted_warm_up_effect_is_found_through_the_whole_history() -> None:
    history = planted_history(1)
    found = compute(history, None, START, START + timedelta(weeks=40))
    top = found.stand_out[0]
    assert (top.outcome, top.factor) == (Outcome.NEXT_MORNING, "warm-up")
    c = top.comparison
    assert c.low is not None and c.high is not None and c.low <= 2.0 <= c.high
    assert c.n_with + c.n_without == 120
    assert top.sentence.startswith(f"On the {c.n_with} mornings after runs without a warm-up")
    assert f"than after the {c.n_without} with one." in top.sentence
    assert "worse" in top.sentence and "cause" not in top.sentence
    assert {i.factor for i in found.stand_out} == {"warm-up"}
    json.dumps(found.to_json())  # serialisable as it is


def test_the_warm_up_minimum_comes_from_the_runner_s_rules_config() -> None:
    history = planted_history(2, weeks=10)
    strict = RulesConfig(rules={})
    table = build_table(history, strict, START, START + timedelta(weeks=10))
    assert np.nansum(table.factors["warm-up"]) > 0
    assert "at least 2 min" in next(f for f in table.descriptions if f.id == "warm-up").present


def test_every_factor_is_read_from_the_history() -> None:
    days = [START + timedelta(days=d) for d in (0, 1, 3, 7, 8)]
    runs = (
        _run(1, days[0], km=5, sub_sport="treadmill"),
        _run(2, days[1], km=8, gear="New pair", avg_cadence_spm=150.0),  # the day after a run
        _run(3, days[2], km=5),
        _run(4, days[3], km=5, gear=None),
        _run(5, days[4], km=5),
    )
    history = History(
        activities=runs,
        pain_reports=(
            PainReport(datetime.combine(days[1], time(7), UTC), 5, PainTiming.NEXT_MORNING),
            PainReport(datetime.combine(days[1], time(9), UTC), 3, PainTiming.AFTER, activity_id=2),
            PainReport(datetime.combine(days[4], time(7), UTC), 2, PainTiming.NEXT_MORNING),
        ),
        check_ins=(
            *(
                CheckIn(d, sleep_hours=7.5, sleep_quality=4, stiffness=2)
                for d in days
                if d != days[2]
            ),
            CheckIn(days[2], sleep_hours=5.5, sleep_quality=1, stiffness=6, ate_enough=False),
        ),
        routines=(RoutineRecord(1, 0.0, None, 4.0, "walk", True),),
        shoes=(
            Shoe(Gear("Old pair", start_distance_m=330_000.0)),
            Shoe(Gear("New pair"), replace_at_m=600_000.0),
        ),
    )
    table = build_table(history, RulesConfig(), days[0], days[-1], braced_runs=frozenset({3}))
    assert table.days == tuple(days)
    f = {k: list(v) for k, v in table.factors.items()}

    def row(name: str) -> list[object]:
        return [None if np.isnan(v) else int(v) for v in f[name]]

    assert row("warm-up") == [1, None, None, None, None]  # only run 1 has a record
    assert row("cool-down") == [0, None, None, None, None]
    assert row("treadmill") == [1, 0, 0, 0, 0]
    assert row("back-to-back") == [0, 1, 0, 0, 1]
    assert row("worn-shoes") == [1, 0, 1, None, 1]  # 330 km is past 80 % of 402 km
    assert row("brace") == [0, 0, 1, 0, 0]
    assert row("long-run-spike") == [None, 1, 0, 0, 0]  # 8 km after 5 km: +60 %
    assert row("short-sleep")[2] == 1 and row("poor-sleep")[2] == 1
    assert row("not-eating-enough")[2] == 1 and row("stiffness")[2] == 1
    assert row("short-sleep")[0] == 0
    assert table.outcomes[Outcome.NEXT_MORNING][0] == 5.0  # the morning after day 0
    assert table.outcomes[Outcome.NEXT_MORNING][3] == 2.0  # the morning after day 7
    assert table.outcomes[Outcome.AFTER_RUN][1] == 3.0
    no_brace = build_table(history, RulesConfig(), days[0], days[-1], braced_runs=None)
    assert np.isnan(no_brace.factors["brace"]).all()


def test_little_data_says_so_and_the_minimum_is_an_option() -> None:
    history = planted_history(3, weeks=2)
    found = compute(history, None, START, START + timedelta(weeks=2))
    assert not found.stand_out and not found.no_clear_link
    warm = next(
        i for i in found.not_enough_data if (i.factor, i.outcome) == ("warm-up", "next-morning")
    )
    n = min(warm.comparison.n_with, warm.comparison.n_without)
    assert warm.sentence.startswith(f"not enough data yet: {n} of 8 days")
    low = compute(
        history, None, START, START + timedelta(weeks=2), options=InsightOptions(min_days=2)
    )
    assert any(i.enough_data for i in low.all())


def test_an_empty_history_gives_no_numbers() -> None:
    found = compute(History(), None, START, START + timedelta(days=30))
    assert found.run_days == 0 and not found.stand_out and not found.no_clear_link
    assert all(i.sentence.startswith("not enough data yet: 0 of 8 days") for i in found.all())
    assert found.cadence.bands == () and json.dumps(found.to_json())


def test_cadence_is_compared_within_its_pace_band() -> None:
    runs = []
    for i in range(12):
        day = START + timedelta(days=2 * i)
        # easy runs at 6:00/km near 166 spm, faster runs at 5:00/km near 176 spm
        runs.append(_run(i + 1, day, km=6, avg_cadence_spm=166.0 + (i % 3)))
        runs.append(
            _run(
                100 + i,
                day,
                km=6,
                elapsed_s=6 * 300,
                moving_s=6 * 300,
                avg_cadence_spm=176.0 if i != 11 else 170.0,
            )
        )
    found = compute(History(activities=tuple(runs)), None, START, START + timedelta(days=30))
    bands = {b.label(found.cadence.units): b.usual_spm for b in found.cadence.bands}
    assert bands == {"5:00-5:30/km": 176.0, "6:00-6:30/km": 167.0}
    last_fast = next(r for r in found.cadence.runs if r.activity_id == 111)
    assert found.cadence.below_usual(last_fast) is True
    assert not any(found.cadence.below_usual(r) for r in found.cadence.runs if r.band == 12)
