"""`check_week`: one week's findings and figures from one training log, the same as
`check` over those seven days and `weekly_figures` of a log built apart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_rules_builders import MONDAY, at, core, history, run, steady_week

from backstride.domain.backcare import History, PainReport, PainTiming, RoutineRecord
from backstride.rules import RulesConfig, check
from backstride.rules.engine import check_week
from backstride.training.weekly import training_days, weekly_figures

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def a_varied_history() -> History:
    runs = [
        *steady_week(MONDAY - timedelta(weeks=3), 5.0),
        *steady_week(MONDAY - timedelta(weeks=2), 6.0, days=(0, 1, 2, 4, 6)),
        *steady_week(MONDAY - timedelta(weeks=1), 4.0),
        run(MONDAY, 12.0, pace_s_per_km=300),
        run(MONDAY + timedelta(days=1), 3.0),
        run(MONDAY + timedelta(days=3), 9.0, rpe=7),
    ]
    return history(
        *runs,
        pain_reports=(
            PainReport(at(MONDAY, 9), 6, PainTiming.DURING),
            PainReport(at(MONDAY + timedelta(days=2), 7), 4, PainTiming.NEXT_MORNING),
        ),
        sessions=(core(MONDAY + timedelta(days=2)),),
        routines=(RoutineRecord(runs[-1].id or 0, 0.0, None, 5.0, "walk", confirmed=True),),
    )


@pytest.mark.parametrize("first_weekday", [0, 6])
@pytest.mark.parametrize("weeks_back", [0, 1, 3, 10])
def test_a_week_is_check_and_figures_of_the_same_seven_days(
    first_weekday: int, weeks_back: int
) -> None:
    full = a_varied_history()
    config = RulesConfig(first_weekday=first_weekday)
    start = training_days(full, first_weekday).week_of(MONDAY - timedelta(weeks=weeks_back))
    week = check_week(full, config, start)
    assert week.week_start == start
    assert week.week_end == start + timedelta(days=6)
    assert week.findings == check(full, config, start, start + timedelta(days=6))
    assert week.figures == weekly_figures(training_days(full, first_weekday), start)
