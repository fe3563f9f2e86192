"""`build`: the clinician report for a period, from a `History`, the rules config and the
runner's plans. Pure: the generation date is passed in, nothing is read or written."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from backstride.domain.backcare import History, PainReport, PainTiming
from backstride.insights import InsightOptions, compute
from backstride.plan.model import Plan, causes
from backstride.report.model import (
    Adherence,
    ChangeRow,
    FindingCount,
    NoteRow,
    PainEntry,
    PlaceSummary,
    PlanSummary,
    PlanWeekRow,
    RedFlagRow,
    ReportDocument,
    Screening,
    ShoeRow,
    WeekRow,
)
from backstride.rules import RED_FLAGS_BY_ID, REGISTRY, Facts, RulesConfig, Severity, check
from backstride.rules.pain import usual_pain
from backstride.rules.routine import shoe_distance_by_day
from backstride.training.weekly import TrainingLog, weekly_figures, weeks_between

FINDING_FLOOR = Severity.ADVICE  # info findings (load ratios) stay out of a clinician's report
EPS = 1e-9


def build(
    history: History,
    config: RulesConfig | None,
    since: date,
    until: date,
    *,
    generated_on: date,
    runner: str = "Runner",
    plans: Sequence[Plan] = (),
    braced_runs: frozenset[int] | None = None,
    options: InsightOptions | None = None,
) -> ReportDocument:
    """The report for the local days `since..until`; `plans` newest first (the first is the
    runner's current plan); `braced_runs` as for `insights.compute`."""
    if since > until:
        raise ValueError(f"the period starts ({since}) after it ends ({until})")
    config = config or RulesConfig()
    history = history.as_of(until)
    facts = Facts(history, config.first_weekday)
    zone = ZoneInfo(history.time_zone)
    pain = _pain_in(history, since, until, zone)
    weeks = tuple(
        _week_row(facts.log, week, pain, zone)
        for week in weeks_between(since, until, config.first_weekday)
    )
    return ReportDocument(
        runner=runner,
        since=since,
        until=until,
        generated_on=generated_on,
        units=history.units,
        time_zone=history.time_zone,
        plan=_plan_summary(plans[0], since, until) if plans else None,
        weeks=weeks,
        usual_pain=usual_pain(facts, until + timedelta(days=1)).score,
        pain=tuple(
            PainEntry(
                r.at.astimezone(zone),
                r.timing.value,
                r.score,
                r.location,
                r.radiating,
                r.note,
            )
            for r in pain
        ),
        places=_places(pain),
        screenings=_screenings(history, since, until, zone),
        open_red_flags=tuple(
            _red_flag_row(a.question, True, None)
            for a in history.red_flag_answers
            if a.positive and a.cleared_at is None
        ),
        findings=_findings(history, config, since, until),
        changes=_changes(plans, since, until),
        adherence=_adherence(facts, config, since, until, len(weeks)),
        shoes=_shoes(facts, config, since, until),
        insights=compute(history, config, since, until, braced_runs=braced_runs, options=options),
        notes=_notes(history, facts.log, pain, since, until, zone),
    )


def _pain_in(history: History, since: date, until: date, zone: ZoneInfo) -> list[PainReport]:
    return sorted(
        (r for r in history.pain_reports if since <= r.at.astimezone(zone).date() <= until),
        key=lambda r: (r.at, r.timing.value),
    )


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _week_row(log: TrainingLog, week: date, pain: list[PainReport], zone: ZoneInfo) -> WeekRow:
    fig = weekly_figures(log, week)
    last = week + timedelta(days=6)
    scores = [r for r in pain if week <= r.at.astimezone(zone).date() <= last]
    return WeekRow(
        week_start=week,
        distance_m=fig.distance_m,
        runs=fig.runs,
        run_days=fig.run_days,
        longest_m=fig.longest_run_m,
        speed_min=fig.speed_min,
        core_sessions=fig.core_sessions,
        cross_sessions=fig.cross_sessions,
        pain_reports=len(scores),
        pain_mean=_mean([r.score for r in scores]),
        next_morning_mean=_mean([r.score for r in scores if r.timing is PainTiming.NEXT_MORNING]),
    )


def _places(pain: list[PainReport]) -> tuple[PlaceSummary, ...]:
    by_place: dict[str, list[PainReport]] = {}
    for r in pain:
        by_place.setdefault(r.location or "not given", []).append(r)
    order = ("lower", "middle", "upper", "buttock", "leg", "not given")
    return tuple(
        PlaceSummary(
            place,
            len(reports),
            statistics.fmean(r.score for r in reports),
            max(r.score for r in reports),
            sum(r.radiating for r in reports),
        )
        for place, reports in sorted(
            by_place.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
        )
    )


def _red_flag_row(question: str, positive: bool, cleared_on: date | None) -> RedFlagRow:
    flag = RED_FLAGS_BY_ID.get(question)
    if flag is None:
        return RedFlagRow(0, question, "", positive, cleared_on)
    return RedFlagRow(flag.number, flag.question, flag.urgency.value, positive, cleared_on)


def _screenings(
    history: History, since: date, until: date, zone: ZoneInfo
) -> tuple[Screening, ...]:
    """Each day's answers in the period (a screening), with its positive answers; a
    positive answer from before the period that is still open or was cleared in it too."""
    by_day: dict[date, list[RedFlagRow]] = {}
    counts: dict[date, int] = {}
    for a in history.red_flag_answers:
        day = a.answered_at.astimezone(zone).date()
        cleared = a.cleared_at.astimezone(zone).date() if a.cleared_at else None
        relevant = since <= day <= until or (
            a.positive and day < since and (cleared is None or cleared >= since)
        )
        if not relevant:
            continue
        counts[day] = counts.get(day, 0) + 1
        rows = by_day.setdefault(day, [])
        if a.positive:
            rows.append(_red_flag_row(a.question, True, cleared))
    return tuple(
        Screening(day, counts[day], tuple(sorted(by_day[day], key=lambda r: r.number)))
        for day in sorted(by_day)
    )


def _findings(
    history: History, config: RulesConfig, since: date, until: date
) -> tuple[FindingCount, ...]:
    grouped: dict[tuple[str, str], list[tuple[date, str]]] = {}
    for f in check(history, config, since, until):
        if f.severity.rank < FINDING_FLOOR.rank:
            continue
        when = f.on or f.week_start or since
        grouped.setdefault((f.rule, f.severity.value), []).append((when, f.message))
    rows = [
        FindingCount(
            rule,
            REGISTRY[rule].title if rule in REGISTRY else rule,
            severity,
            len(items),
            min(d for d, _ in items),
            max(d for d, _ in items),
            max(items)[1],
        )
        for (rule, severity), items in grouped.items()
    ]
    return tuple(sorted(rows, key=lambda r: (-Severity(r.severity).rank, -r.count, r.rule)))


def _plan_summary(plan: Plan, since: date, until: date) -> PlanSummary:
    return PlanSummary(
        goal_kind=plan.goal.kind.value,
        goal_distance_m=plan.goal.distance_m,
        race_date=plan.goal.race_date,
        created_on=plan.created_on,
        start=plan.start,
        end=plan.end,
        stopped_on=plan.stopped_on,
        weeks=tuple(
            PlanWeekRow(w.start, w.block.value, w.target_m, w.posture_cue)
            for w in plan.weeks
            if w.start <= until and w.start + timedelta(days=6) >= since
        ),
    )


def _changes(plans: Sequence[Plan], since: date, until: date) -> tuple[ChangeRow, ...]:
    seen: set[tuple[date, str, str]] = set()
    rows = []
    for plan in plans:
        for c in causes(plan.changes):
            key = (c.on, c.rule, c.what)
            if key in seen or not (since <= c.made_on <= until):
                continue
            seen.add(key)
            rows.append(ChangeRow(c.on, c.made_on, c.rule, c.what, c.why))
    return tuple(sorted(rows, key=lambda r: (r.made_on, r.on, r.rule)))


def _adherence(
    facts: Facts, config: RulesConfig, since: date, until: date, weeks: int
) -> Adherence:
    runs = facts.log.runs_between(since, until)
    warm_min = config.params(REGISTRY["warm-up"])["min_minutes"]
    cool_min = config.params(REGISTRY["cool-down"])["min_minutes"]
    core_target = int(config.params(REGISTRY["core"])["min_sessions"])
    sessions = facts.log.sessions_between(since, until)
    core_weeks = sum(
        1
        for week in weeks_between(since, until, facts.first_weekday)
        if weekly_figures(facts.log, week).core_sessions >= core_target
    )
    warm = [r.warm_up for r in runs if r.warm_up is not None]
    cool = [r.cool_down for r in runs if r.cool_down is not None]
    return Adherence(
        runs=len(runs),
        warm_up_known=len(warm),
        warm_up_done=sum(w.minutes >= warm_min - EPS for w in warm),
        warm_up_min=warm_min,
        cool_down_known=len(cool),
        cool_down_done=sum(c.minutes >= cool_min - EPS for c in cool),
        cool_down_min=cool_min,
        weeks=weeks,
        core_sessions=sum(s.is_core for s in sessions),
        core_target=core_target,
        core_weeks_met=core_weeks,
        cross_sessions=sum(not s.is_core for s in sessions),
    )


def _shoes(facts: Facts, config: RulesConfig, since: date, until: date) -> tuple[ShoeRow, ...]:
    default = config.params(REGISTRY["shoe-mileage"])["replace_at_m"]
    rows = []
    for shoe in facts.history.shoes:
        totals = [(d, t) for d, t in shoe_distance_by_day(facts, shoe) if d <= until]
        used = [
            r for r in facts.log.runs_between(since, until) if _wears(r.activity.gear, shoe.name)
        ]
        if not used and shoe.gear.retired:
            continue
        rows.append(
            ShoeRow(
                name=shoe.name,
                distance_m=totals[-1][1] if totals else shoe.gear.start_distance_m,
                replace_at_m=shoe.replace_at_m or default,
                runs_in_period=len(used),
                distance_in_period_m=math.fsum(r.distance_m for r in used),
                retired=shoe.gear.retired,
                worn=shoe.worn_on is not None and shoe.worn_on <= until,
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.retired, -r.runs_in_period, r.name)))


def _wears(gear: str | None, name: str) -> bool:
    return gear is not None and gear.strip().casefold() == name.strip().casefold()


def _notes(
    history: History,
    log: TrainingLog,
    pain: list[PainReport],
    since: date,
    until: date,
    zone: ZoneInfo,
) -> tuple[NoteRow, ...]:
    """The runner's own words: notes on pain reports and on runs, oldest first."""
    out = [
        NoteRow(r.at.astimezone(zone).date(), f"pain {r.timing.value}, {r.score:g}/10", r.note)
        for r in pain
        if r.note
    ]
    out += [
        NoteRow(run.day, f"run: {run.activity.name or 'run'}", run.activity.notes)
        for run in log.runs_between(since, until)
        if run.activity.notes and run.activity.notes.strip()
    ]
    return tuple(sorted(out, key=lambda n: (n.on, n.source)))
