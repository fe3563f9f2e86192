"""Plan quality over a fixed set of runner profiles, and beside published plans.

Each profile is a runner with a history (none; steady weeks of 15, 30 or 50 km; 30 km
weeks then a break of 1, 2 or 6 weeks), a goal (a weekly distance, or a 5k, 10k, half
or marathon 6-20 weeks out), 2-5 run days a week and km or miles. The plan is made on a
Saturday with nothing run yet that week (the case issue 11 measured), and on a
Wednesday. For each plan the table gives:

- first: the first whole week as a share of the runner's current level (training.level
  over the complete weeks before the plan; '-' without one);
- shortest: the shortest planned run (minutes for run-walks and timed runs);
- long/easy: the long run against the week's longest easy run, averaged over the weeks
  with both, and the long run's share of its week;
- race: the race on race day ('run'), refused with the earliest safe date, or '-';
- labels: weeks whose label does not match their sessions (the independent validator);
- goal weeks: weeks at 95 % of a weekly goal or more; for a race, weeks whose long run
  reaches what the race needs;
- rules: every rule the independent validator finds broken (plan.validate).

    .venv/bin/python benchmarks/plan_quality.py              # the table
    .venv/bin/python benchmarks/plan_quality.py --markdown   # as README.md shows it
    .venv/bin/python benchmarks/plan_quality.py --published  # beside published plans

It also times generation (median of 3 per profile), which a runner waits for in
`plan new` (a refused race searches for its earliest safe date).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from backstride.domain.activity import Activity, SourceFormat, Sport, Units
from backstride.domain.backcare import History, RunType
from backstride.plan import (
    Plan,
    PlanError,
    PlanProfile,
    PlanResult,
    PlanSession,
    generate,
    parse_goal,
)
from backstride.plan.races import race_spec, ready_long_m
from backstride.plan.validate import validate
from backstride.training.days import week_start_of
from backstride.training.level import level_after
from backstride.training.weekly import training_days
from backstride.units import METRES_PER_MILE

ZONE = "Europe/London"
SATURDAY = date(2027, 1, 16)
WEDNESDAY = date(2027, 1, 13)
DAYS = {2: (2, 5), 3: (1, 3, 5), 4: (0, 2, 4, 6), 5: (0, 1, 3, 4, 6)}
PACE_S_PER_KM = 360.0


def _run(day: date, km: float, pace: float = PACE_S_PER_KM) -> Activity:
    start = datetime.combine(day, clock_time(8), ZoneInfo(ZONE)).astimezone(ZoneInfo("UTC"))
    return Activity(
        sport=Sport.RUN,
        start_utc=start,
        elapsed_s=km * pace,
        moving_s=km * pace,
        source_format=SourceFormat.MANUAL,
        distance_m=km * 1000.0,
    )


def steady(today: date, weekly_km: float, days: int, gap_weeks: int = 0) -> History:
    """Eight steady weeks of `weekly_km` on `days` days (the last day's run the long run,
    1.6 times the others), ending `gap_weeks` complete weeks before today's week."""
    monday = week_start_of(today)
    shares = [1.0] * (days - 1) + [1.6]
    runs = []
    for w in range(1 + gap_weeks, 9 + gap_weeks):
        for d, share in zip(DAYS[days], shares, strict=True):
            day = monday - timedelta(days=7 * w) + timedelta(days=d)
            runs.append(_run(day, weekly_km * share / sum(shares)))
    return History(activities=tuple(runs), time_zone=ZONE)


@dataclass(frozen=True)
class Profile:
    name: str
    history_km: float | None  # None: no base
    gap_weeks: int
    goal: str  # weekly:..., or race:NAME+WEEKS (weeks from the first whole week)
    days: int
    units: Units = Units.KM


PROFILES: tuple[Profile, ...] = (
    Profile("beginner, no base", None, 0, "weekly:15km", 3),
    Profile("beginner, no base", None, 0, "race:5k+12", 3),
    Profile("beginner, no base", None, 0, "race:5k+12", 2, Units.MI),
    Profile("15 km/week steady", 15, 0, "weekly:25km", 3),
    Profile("15 km/week steady", 15, 0, "race:5k+6", 2),
    Profile("15 km/week steady", 15, 0, "race:10k+10", 3, Units.MI),
    Profile("15 km/week steady", 15, 0, "race:half+6", 3),
    Profile("30 km/week steady", 30, 0, "weekly:40km", 4),
    Profile("30 km/week steady", 30, 0, "race:10k+8", 3),
    Profile("30 km/week steady", 30, 0, "race:half+12", 3),
    Profile("30 km/week steady", 30, 0, "race:half+16", 4, Units.MI),
    Profile("30 km/week steady", 30, 0, "race:marathon+20", 4),
    Profile("50 km/week steady", 50, 0, "weekly:60km", 5),
    Profile("50 km/week steady", 50, 0, "race:half+8", 4),
    Profile("50 km/week steady", 50, 0, "race:marathon+16", 4, Units.MI),
    Profile("50 km/week steady", 50, 0, "race:marathon+12", 5),
    Profile("30 km/week, 1-week break", 30, 1, "weekly:35km", 3),
    Profile("30 km/week, 2-week break", 30, 2, "race:10k+10", 3),
    Profile("30 km/week, 6-week break", 30, 6, "weekly:30km", 3),
    Profile("30 km/week, 6-week break", 30, 6, "race:half+14", 4, Units.MI),
)


def goal_text(profile: Profile, today: date) -> str:
    if profile.goal.startswith("weekly:"):
        return profile.goal
    name, weeks = profile.goal.removeprefix("race:").split("+")
    race_day = week_start_of(today) + timedelta(days=7 * int(weeks) + 6)  # a Sunday
    return f"race:{name}@{race_day}"


def history_of(profile: Profile, today: date) -> History:
    if profile.history_km is None:
        return History(time_zone=ZONE)
    return steady(today, profile.history_km, profile.days, profile.gap_weeks)


@dataclass(frozen=True)
class Row:
    profile: Profile
    today: date
    goal: str
    first: str
    shortest: str
    long_easy: str
    race: str
    labels: int
    goal_weeks: str
    rules: int
    seconds: float


def _unit(units: Units) -> float:
    return METRES_PER_MILE if units is Units.MI else 1000.0


def _level(history: History, today: date) -> float | None:
    log = training_days(history)
    first = log.first_week()
    monday = week_start_of(today)
    if first is None or first >= monday:
        return None
    return level_after(log.weekly_distances(first, monday - timedelta(days=7))).distance_m


def _weeks(plan: Plan) -> Iterator[tuple[date, list[PlanSession]]]:
    for w in plan.weeks:
        end = w.start + timedelta(days=7)
        yield w.start, [s for s in plan.sessions if s.is_run and w.start <= s.on < end]


def measure(profile: Profile, today: date) -> Row:
    history = history_of(profile, today)
    goal_label = goal_text(profile, today)
    goal = parse_goal(goal_label, profile.units)
    days = DAYS[profile.days]
    plan_profile = PlanProfile(profile.units, run_days=days, long_run_day=days[-1])
    timings, result = [], None
    for _ in range(3):
        started = time.perf_counter()
        try:
            result = generate(plan_profile, history, goal, None, today)
        except PlanError as exc:
            return Row(profile, today, goal_label, "-", "-", "-", f"error: {exc}", 0, "-", 0, 0.0)
        timings.append(time.perf_counter() - started)
    assert isinstance(result, PlanResult)
    if result.needs_confirmation:  # the runner confirms the proposed start, as plan new asks
        plan_profile = PlanProfile(
            profile.units,
            run_days=days,
            long_run_day=days[-1],
            start_week_m=result.plan.baseline_week_m,
        )
        result = generate(plan_profile, history, goal, None, today)
    plan = result.plan
    unit = _unit(profile.units)
    level = _level(history, today)
    first_week = next(w for w in plan.weeks if w.start > today)
    first = f"{first_week.target_m / level:.0%}" if level else "-"
    runs = [s for s in plan.sessions if s.is_run and not s.race]
    short = min(runs, key=lambda s: s.distance_m or 0)
    shortest = (
        f"{(short.duration_s or 0) / 60:.0f} min"
        if short.target == "time"
        else f"{(short.distance_m or 0) / unit:.1f} {profile.units.value}"
    )
    ratios, shares = [], []
    for _, week_runs in _weeks(plan):
        longs = [s for s in week_runs if s.run_type is RunType.LONG]
        easy = [s for s in week_runs if s.run_type is not RunType.LONG and not s.race]
        total = sum(s.distance_m or 0 for s in week_runs if not s.race)
        if longs and easy and total:
            ratios.append((longs[0].distance_m or 0) / max(s.distance_m or 0 for s in easy))
            shares.append((longs[0].distance_m or 0) / total)
    long_easy = "-"
    if ratios:
        long_easy = f"{statistics.fmean(ratios):.2f}x, {statistics.fmean(shares):.0%}"
    violations = validate(plan, history, None, today)
    labels = sum(1 for v in violations if v.rule == "plan" and "not one" in v.message)
    if goal.race_date is None:
        race = "-"
        reached = sum(1 for w in plan.weeks if w.target_m >= 0.95 * goal.distance_m)
        goal_weeks = f"{reached} of {len(plan.weeks)}"
    else:
        on_day = [s for s in plan.sessions if s.race and s.on == goal.race_date]
        race = "run" if on_day else "not run"
        if result.refused:
            race = f"refused, safe {result.earliest_safe}"
        ready = ready_long_m(race_spec(goal.distance_m), goal.distance_m, plan.easy_speed_m_s)
        reached = sum(
            1
            for _, week_runs in _weeks(plan)
            if any(s.run_type is RunType.LONG and (s.distance_m or 0) >= ready for s in week_runs)
        )
        goal_weeks = f"{reached} of {len(plan.weeks)}"
    return Row(
        profile,
        today,
        goal_label,
        first,
        shortest,
        long_easy,
        race,
        labels,
        goal_weeks,
        len(violations) - labels,
        statistics.median(timings),
    )


HEAD = ("runner", "made on", "goal", "days", "units", "first", "shortest", "long/easy",
        "race", "labels", "goal weeks", "rules", "ms")  # fmt: skip


def cells(row: Row) -> tuple[str, ...]:
    p = row.profile
    return (
        p.name,
        f"{row.today:%a}",
        row.goal,
        str(p.days),
        p.units.value,
        row.first,
        row.shortest,
        row.long_easy,
        row.race,
        str(row.labels),
        row.goal_weeks,
        str(row.rules),
        f"{row.seconds * 1000:.0f}",
    )


def print_table(rows: list[Row], markdown: bool) -> None:
    table = [HEAD, *(cells(r) for r in rows)]
    if markdown:
        print("| " + " | ".join(HEAD) + " |")
        print("|" + "---|" * len(HEAD))
        for line in table[1:]:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(line[i]) for line in table) for i in range(len(HEAD))]
    for line in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))


# -- beside published plans -------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    name: str
    profile: Profile
    weeks: tuple[tuple[float, float], ...]  # per week: (km a week, long run km), in order
    days: int
    what: str  # the published plan's measure, in words


# NHS Couch to 5K: three sessions a week; its minutes of running per week (week 1: 8 x
# 1 min; week 9: 30 min), given here as (running minutes a week, longest run minutes).
C25K = ((24, 1), (27, 1.5), (27, 3), (48, 5), (60, 20), (68, 25), (75, 25), (84, 28), (90, 30))
# Hal Higdon, Novice 10K (8 weeks, 3 runs): miles Tue + Thu + Sun long run.
HIGDON_10K_MI = ((2.5, 2, 3), (2.5, 2, 3.5), (2.5, 2, 4), (3, 2, 4), (3, 2, 4.5), (3, 2, 5),
                 (3, 2, 5.5))  # fmt: skip
# Hal Higdon, Novice 2 half marathon (12 weeks, 4 runs): Tue, Wed, Thu and Sat long run.
HIGDON_HALF_MI = ((3, 3, 3, 4), (3, 3, 3, 5), (3, 4, 3, 6), (3, 4, 3, 7), (3, 4, 3, 8),
                  (3, 4, 3, 3.1), (3, 5, 3, 9), (3, 5, 3, 10), (3, 5, 3, 6.2), (3, 5, 3, 11),
                  (3, 5, 3, 12))  # fmt: skip


def published_rows() -> None:
    """Week by week, the published plan beside ours for a runner who could start it."""
    print("NHS Couch to 5K (minutes of running a week, longest run) beside ours, no base:")
    beginner = Profile("beginner", None, 0, "race:5k+12", 3)
    plan = _plan_for(beginner, SATURDAY)
    ours = [
        (
            sum(_running_s(s) for s in runs) / 60,
            max((_longest_s(s) for s in runs), default=0.0) / 60,
        )
        for _, runs in _weeks(plan)
        if runs
    ]
    print("week  NHS (min, longest)  ours (min, longest)  sessions: NHS 3, ours",
          len(next(r for _, r in _weeks(plan) if r)))  # fmt: skip
    for i, (nhs, us) in enumerate(zip(C25K, ours, strict=False), 1):
        print(f"{i:>4}  {nhs[0]:>5.0f} {nhs[1]:>5.1f}         {us[0]:>5.0f} {us[1]:>5.1f}")
    half = Profile("half", 21, 0, "race:half+12", 4)
    for name, table, profile in (
        ("Higdon Novice 10K", HIGDON_10K_MI, Profile("10k", 12, 0, "race:10k+8", 3)),
        ("Higdon Novice 2 half marathon", HIGDON_HALF_MI, half),
    ):
        plan = _plan_for(profile, SATURDAY)
        print(
            f"\n{name} (km a week, long-run share) beside ours from "
            f"{profile.history_km:g} km a week, {profile.days} days:"
        )
        print("week  published          ours")
        weeks = [(w, r) for w, r in _weeks(plan) if w > SATURDAY]
        for i, week in enumerate(table, 1):
            total = sum(week) * METRES_PER_MILE / 1000
            share = week[-1] / sum(week)
            ours_txt = "-"
            if i <= len(weeks):
                _, runs = weeks[i - 1]
                km = sum(s.distance_m or 0 for s in runs if not s.race) / 1000
                longs = [s for s in runs if s.run_type is RunType.LONG]
                ours_share = (longs[0].distance_m or 0) / 1000 / km if longs and km else 0
                ours_txt = f"{km:5.1f} km, {ours_share:.0%}"
            print(f"{i:>4}  {total:5.1f} km, {share:.0%}   {ours_txt}")


def _running_s(s: PlanSession) -> float:
    return s.walk_run.run_s if s.walk_run else float(s.duration_s or 0)


def _longest_s(s: PlanSession) -> float:
    return s.walk_run.longest_run_s if s.walk_run else float(s.duration_s or 0)


def _plan_for(profile: Profile, today: date) -> Plan:
    history = history_of(profile, today)
    days = DAYS[profile.days]
    goal = parse_goal(goal_text(profile, today), profile.units)
    result = generate(PlanProfile(profile.units, days, days[-1]), history, goal, None, today)
    if result.needs_confirmation:
        start = PlanProfile(profile.units, days, days[-1], start_week_m=result.plan.baseline_week_m)
        result = generate(start, history, goal, None, today)
    return result.plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--published", action="store_true", help="beside published plans")
    args = parser.parse_args()
    if args.published:
        published_rows()
        return
    rows = [measure(p, today) for p in PROFILES for today in (SATURDAY, WEDNESDAY)]
    print_table(rows, args.markdown)


if __name__ == "__main__":
    main()
