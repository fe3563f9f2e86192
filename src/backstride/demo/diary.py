"""The sample runner's diary: pain reports, check-ins, core sessions, red-flag screenings,
a brace and retired shoes, to go with `demo_runs`.

The back follows a story: a steady low level, a flare of a month (radiating into the leg
for a while, a red-flag screening, a review by a physiotherapist) and a recovery. And it
plants clear associations for the insights to find: next-morning pain is higher after runs
without a warm-up (+1.5 points), in shoes past 80 % of their replace-at distance (+1.5)
and after a short night (+1.0); pain after the run is higher without a warm-up (+1.0).
Nothing else (the brace, the treadmill, speed sessions) changes the pain. Deterministic
for a given seed. `demo_diary` is pure; `save_diary` stores it after the runs' import.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from backstride.demo.history import DEMO_ZONE, FLARE_WEEKS, DemoRun, first_monday, flare_start
from backstride.domain import Sport
from backstride.domain.backcare import (
    CheckIn,
    PainReport,
    PainTiming,
    RedFlagAnswer,
    Session,
    SessionKind,
)
from backstride.rules.redflags import RED_FLAGS
from backstride.store import Store

WORN_AT_KM = 0.8 * 402.336  # 80 % of the default replace-at distance
EFFECTS = {"no-warm-up": 1.5, "worn-shoes": 1.5, "short-sleep": 1.0, "no-warm-up-after": 1.0}
BRACE = "Posture brace"
CORE = ("plank", "side-plank", "glute-bridge", "back-extension", "bird-dog")
NOTES = (
    "Sat at a desk all day, stiff getting up.",
    "Late for work, no time to warm up.",
    "Felt loose after the walk and jog start.",
    "Long drive yesterday.",
    "Slept badly, woke with a stiff back.",
)


@dataclass(frozen=True)
class DemoPain:
    """A pain report and the start of the run it is about (linked once the run is stored)."""

    report: PainReport
    run_start: datetime | None = None


@dataclass(frozen=True)
class DemoDiary:
    pain: tuple[DemoPain, ...]
    check_ins: tuple[CheckIn, ...]
    sessions: tuple[Session, ...]
    red_flag_answers: tuple[RedFlagAnswer, ...]
    brace_runs: tuple[datetime, ...]  # starts of the runs the brace was worn on
    retired_shoes: tuple[str, ...]
    clearance_note: str = "Assessed by my physiotherapist: no sign of anything serious."


def _baseline(week: int, flare: int | None) -> float:
    """The back's usual level in a week: low, then the flare, then a recovery."""
    if flare is None or week < flare:
        return 2.0
    steps = (5.0, 5.5, 5.0, 4.5, 3.8, 3.2, 2.7, 2.3)
    return steps[week - flare] if week - flare < len(steps) else 2.0


def _at(day: date, clock: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, zone).astimezone(UTC)


def _score(value: float) -> float:
    return float(min(10, max(0, round(value))))


def demo_diary(runs: Sequence[DemoRun], end: date, *, weeks: int = 78, seed: int = 7) -> DemoDiary:
    """The diary that goes with `demo_runs(end, weeks=weeks, seed=seed)`; every item is
    dated before `end`."""
    rng = random.Random(seed * 7919 + 1)
    zone = ZoneInfo(DEMO_ZONE)
    start = first_monday(end, weeks)
    flare = flare_start(weeks)
    yesterday = end - timedelta(days=1)

    def week_of(day: date) -> int:
        return (day - start).days // 7

    days = [start + timedelta(days=i) for i in range((end - start).days)]
    week_noise = {w: rng.gauss(0, 0.5) for w in range(weeks + 1)}
    # Check-ins: most mornings; the night before a day is that day's sleep.
    check_ins, short_night = [], set()
    for day in days:
        if day != yesterday and rng.random() > 0.85:
            continue
        short = rng.random() < 0.15
        if short:
            short_night.add(day)
        base = _baseline(week_of(day), flare)
        check_ins.append(
            CheckIn(
                day,
                sleep_hours=round(rng.uniform(5.0, 6.0) if short else rng.gauss(7.4, 0.4), 1),
                sleep_quality=rng.choice((1, 2, 3) if short else (2, 3, 4, 4, 5)),
                stiffness=float(min(10, max(0, round(base + rng.gauss(0.5, 1.0))))),
                ate_enough=rng.random() < 0.9,
            )
        )
    pain: list[DemoPain] = []
    shoe_km: dict[str, float] = {}
    brace_from = start + timedelta(weeks=weeks // 2)
    brace_runs = []
    for run in runs:
        if run.sport is not Sport.RUN:
            continue
        day = run.start_utc.astimezone(zone).date()
        worn = shoe_km.get(run.gear or "", 0.0) >= WORN_AT_KM
        shoe_km[run.gear or ""] = shoe_km.get(run.gear or "", 0.0) + run.distance_m / 1000
        if day >= brace_from and rng.random() < 0.3:
            brace_runs.append(run.start_utc)
        base = _baseline(week_of(day), flare) + week_noise[week_of(day)]
        skipped = run.warm_up_s == 0
        in_flare = flare is not None and flare <= week_of(day) < flare + FLARE_WEEKS
        places = ("lower",) * 5 + ("buttock",)
        where = "leg" if in_flare and rng.random() < 0.4 else rng.choice(places)
        end_of_run = run.start_utc + timedelta(seconds=run.duration_s)
        if rng.random() < 0.3:
            pain.append(
                DemoPain(
                    PainReport(
                        run.start_utc - timedelta(minutes=5),
                        _score(base + rng.gauss(0, 0.8)),
                        PainTiming.BEFORE,
                        "lower",
                    ),
                    run.start_utc,
                )
            )
        if rng.random() < 0.15:
            pain.append(
                DemoPain(
                    PainReport(
                        run.start_utc + timedelta(seconds=run.duration_s / 2),
                        _score(base + 0.5 + rng.gauss(0, 0.8)),
                        PainTiming.DURING,
                        where,
                        radiating=where == "leg",
                    ),
                    run.start_utc,
                )
            )
        if rng.random() < 0.6:
            after = base + rng.gauss(0, 0.9) + (EFFECTS["no-warm-up-after"] if skipped else 0)
            pain.append(
                DemoPain(
                    PainReport(
                        end_of_run + timedelta(minutes=10),
                        _score(after),
                        PainTiming.AFTER,
                        where,
                        radiating=where == "leg",
                        note=NOTES[1] if skipped and rng.random() < 0.1 else None,
                    ),
                    run.start_utc,
                )
            )
        morning = day + timedelta(days=1)
        if morning < end and rng.random() < 0.85:
            score = base + rng.gauss(0, 0.8)
            score += EFFECTS["no-warm-up"] if skipped else 0
            score += EFFECTS["worn-shoes"] if worn else 0
            score += EFFECTS["short-sleep"] if day in short_night else 0
            note = rng.choice(NOTES) if rng.random() < 0.06 else None
            pain.append(
                DemoPain(
                    PainReport(
                        _at(morning, time(7, 30), zone),
                        _score(score),
                        PainTiming.NEXT_MORNING,
                        where,
                        radiating=where == "leg",
                        note=note,
                    ),
                    run.start_utc,
                )
            )
    sessions = []
    for day in days:
        if day.weekday() in (1, 3) and rng.random() < 0.8:
            sessions.append(
                Session(
                    day,
                    SessionKind.CORE,
                    float(rng.choice((15, 20))),
                    CORE if rng.random() < 0.7 else CORE[:3],
                    _at(day, time(19, 0), zone),
                    3.0,
                )
            )
    answers = [RedFlagAnswer(f.id, _at(start, time(8, 0), zone), False) for f in RED_FLAGS]
    if flare is not None:
        asked = start + timedelta(weeks=flare + 2, days=2)
        cleared = _at(asked + timedelta(days=9), time(17, 0), zone)
        answers += [
            RedFlagAnswer(
                f.id,
                _at(asked, time(8, 5), zone),
                f.id == "not-improving",
                cleared if f.id == "not-improving" else None,
            )
            for f in RED_FLAGS
        ]
    used = [name for name in dict.fromkeys(r.gear for r in runs if r.gear)]
    return DemoDiary(
        tuple(sorted(pain, key=lambda p: p.report.at)),
        tuple(check_ins),
        tuple(sessions),
        tuple(answers),
        tuple(brace_runs),
        tuple(used[:-1]),
    )


def save_diary(store: Store, diary: DemoDiary) -> int:
    """Store the diary after the runs were imported: pain reports linked to their runs, the
    brace and the retired shoes. Returns how many items were stored."""
    by_start = {a.start_utc: a.id for a in store.activities() if a.is_run and a.id}
    for item in diary.pain:
        run_id = by_start.get(item.run_start) if item.run_start else None
        report = item.report if run_id is None else replace(item.report, activity_id=run_id)
        store.add_pain_report(report)
    for check_in in diary.check_ins:
        store.save_check_in(check_in)
    for session in diary.sessions:
        store.add_session(session)
    cleared = [a for a in diary.red_flag_answers if a.cleared_at is not None]
    store.add_red_flag_answers(
        [RedFlagAnswer(a.question, a.answered_at, a.positive) for a in diary.red_flag_answers]
    )
    for answer in cleared:
        assert answer.cleared_at is not None
        note = diary.clearance_note
        store.clear_red_flags(answer.cleared_at, question=answer.question, note=note)
    braced = [by_start[s] for s in diary.brace_runs if s in by_start]
    if braced:
        store.add_gear(BRACE, kind="brace")
        store.assign_gear(BRACE, braced)
    for name in diary.retired_shoes:
        store.update_gear(name, retired=True)
    return (
        len(diary.pain) + len(diary.check_ins) + len(diary.sessions) + len(diary.red_flag_answers)
    )
