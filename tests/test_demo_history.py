"""The demo's story, whatever day it is made on: it ends yesterday, with pain reports,
check-ins, a flare that comes and goes, and a red flag a clinician cleared, so every page
shows something real on first start."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from statistics import mean
from zoneinfo import ZoneInfo

import pytest

from backstride.demo import demo_diary, demo_runs
from backstride.demo.history import DEMO_ZONE, first_monday, flare_start
from backstride.domain.backcare import PainTiming

WEEKS = 78


@pytest.mark.clock_free
@pytest.mark.parametrize("end", [date(2027, 3, 22) + timedelta(days=i) for i in range(7)])
def test_the_demo_ends_yesterday_with_a_flare_and_a_recovery(end: date) -> None:
    zone = ZoneInfo(DEMO_ZONE)
    yesterday = end - timedelta(days=1)
    runs = demo_runs(end, weeks=WEEKS)
    diary = demo_diary(runs, end, weeks=WEEKS)
    run_days = [r.start_utc.astimezone(zone).date() for r in runs]
    pain_days = [p.report.at.astimezone(zone).date() for p in diary.pain]
    check_days = [c.on for c in diary.check_ins]
    every_day = run_days + pain_days + check_days + [s.on for s in diary.sessions]
    assert max(every_day) == yesterday  # nothing today or later, and yesterday is there
    assert yesterday in check_days and max(run_days) >= end - timedelta(days=3)
    assert len(diary.pain) > 100 and len(diary.check_ins) > 300
    # next-morning pain by week: low, a flare, then back down
    start = first_monday(end, WEEKS)
    by_week: dict[int, list[float]] = defaultdict(list)
    for p in diary.pain:
        if p.report.timing is PainTiming.NEXT_MORNING:
            by_week[(p.report.at.astimezone(zone).date() - start).days // 7].append(p.report.score)
    flare = flare_start(WEEKS)
    assert flare is not None
    before = mean(s for w in range(flare - 8, flare) for s in by_week[w])
    during = mean(s for w in range(flare, flare + 3) for s in by_week[w])
    last_weeks = mean(s for w in range(WEEKS - 6, WEEKS + 1) for s in by_week[w])
    assert during >= before + 2, (before, during)
    assert last_weeks <= before + 1, (before, last_weeks)
    assert any(p.report.radiating for p in diary.pain)  # the flare spreads for a while
    positive = [a for a in diary.red_flag_answers if a.positive]
    assert positive and diary.clearance_note  # a red flag, then a clinician's clearance
