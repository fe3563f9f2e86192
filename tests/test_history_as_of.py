"""Status on a past date sees only what was recorded by the end of that day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_rules_builders import MONDAY, at, core, history, run

from backstride.domain.backcare import PainReport, PainTiming, RedFlagAnswer
from backstride.rules import status
from backstride.rules.redflags import RED_FLAGS

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def test_as_of_drops_everything_recorded_after_the_day() -> None:
    tuesday = MONDAY + timedelta(days=1)
    emergency = RED_FLAGS[0].id
    full = history(
        run(MONDAY, 5.0),
        run(tuesday, 6.0, hour=23, minute=30),  # 23:30 local still belongs to Tuesday
        run(tuesday + timedelta(days=1), 7.0),
        pain_reports=(
            PainReport(at(MONDAY, 9), 2, PainTiming.AFTER),
            PainReport(at(tuesday + timedelta(days=1), 7), 8, PainTiming.NEXT_MORNING),
        ),
        sessions=(core(MONDAY), core(tuesday + timedelta(days=2))),
        red_flag_answers=(
            RedFlagAnswer(emergency, at(MONDAY, 10), True, cleared_at=at(tuesday, 23, 59)),
            RedFlagAnswer(emergency, at(tuesday, 12), True, cleared_at=at(MONDAY + timedelta(5))),
        ),
    )
    past = full.as_of(tuesday)
    assert [a.distance_m for a in past.activities] == [5000.0, 6000.0]
    assert [p.score for p in past.pain_reports] == [2]
    assert [s.on for s in past.sessions] == [MONDAY]
    # The first flag was cleared that day; the second was still open at the end of it.
    assert [a.cleared_at is None for a in past.red_flag_answers] == [False, True]


def test_status_on_a_past_day_ignores_the_next_mornings_pain() -> None:
    tuesday = MONDAY + timedelta(days=1)
    runs = [run(MONDAY - timedelta(days=d), 5.0) for d in range(1, 22, 3)]
    usual = tuple(
        PainReport(at(MONDAY - timedelta(days=d), 7), 2, PainTiming.NEXT_MORNING) for d in (2, 5, 8)
    )
    bad_morning = PainReport(at(tuesday + timedelta(days=1), 7), 9, PainTiming.NEXT_MORNING)
    full = history(*runs, run(tuesday, 5.0), pain_reports=(*usual, bad_morning))
    on_tuesday = status(full, None, tuesday)
    on_wednesday = status(full, None, tuesday + timedelta(days=1))
    assert not any(f.rule == "pain-next-morning" for f in on_tuesday.pain)
    assert any(f.rule == "pain-next-morning" for f in on_wednesday.pain)
