"""Adaptation, day by day through pain scenarios: a bad run, a bad morning, a rising
week, a red flag and its clearance. Each change names its rule and passes the validator."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from test_plan_builders import a_run, at, steady_history

from backstride.domain.backcare import History, PainReport, PainTiming, RedFlagAnswer, RunType
from backstride.plan import Plan, PlanProfile, SessionType, generate, parse_goal
from backstride.plan.adapt import adapt, why
from backstride.plan.model import causes
from backstride.plan.validate import validate

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = date(2026, 1, 18)  # the plan starts the next day
START = SUNDAY + timedelta(days=1)


def _setup() -> tuple[Plan, History]:
    history = steady_history(SUNDAY + timedelta(days=1), weeks=6)
    plan = generate(PlanProfile(), history, parse_goal("weekly:30km"), None, SUNDAY).plan
    return plan, history


def _follow(plan: Plan, history: History, until: date) -> History:
    """The runner ran every planned run up to `until`."""
    runs = tuple(
        a_run(s.on, (s.distance_m or 0) / 1000)
        for s in plan.sessions
        if s.is_run and s.on <= until and s.on >= plan.start
    )
    return replace(history, activities=history.activities + runs)


def _runs_after(plan: Plan, day: date) -> list:  # type: ignore[type-arg]
    return [s for s in plan.sessions if s.on > day and s.kind is SessionType.RUN]


def _with_pain(history: History, *reports: PainReport) -> History:
    return replace(history, pain_reports=history.pain_reports + reports)


def test_a_bad_run_cuts_the_next_run_and_holds_progression() -> None:
    plan, history = _setup()
    first = _runs_after(plan, SUNDAY)[0]
    day = first.on
    history = _with_pain(
        _follow(plan, history, day), PainReport(at(day, 9), 6.5, PainTiming.DURING)
    )
    adapted = adapt(plan, history, None, day)
    before, after = _runs_after(plan, day)[0], _runs_after(adapted, day)[0]
    assert after.on == before.on
    assert after.distance_m is not None and before.distance_m is not None
    assert after.distance_m <= before.distance_m * 0.5 + 1e-6
    assert after.run_type is RunType.EASY and after.routines[0] == "warm-up-flare"
    change = adapted.changes_on(after.on)[0]
    assert change.rule == "pain-during" and "6.5/10" in change.why
    assert any("pain-during" in line for line in why(adapted, after.on))
    assert validate(adapted, history, None, day) == []
    assert adapt(adapted, history, None, day) == adapted  # a trigger acts once
    # the next day nothing new happened: the plan stays as it is
    assert adapt(adapted, history, None, day + timedelta(days=1)).changes == adapted.changes


def test_severe_pain_swaps_the_next_run_for_cross_training() -> None:
    plan, history = _setup()
    day = _runs_after(plan, SUNDAY)[0].on
    history = _with_pain(_follow(plan, history, day), PainReport(at(day, 9), 8, PainTiming.DURING))
    adapted = adapt(plan, history, None, day)
    next_day = _runs_after(plan, day)[0].on
    swapped = [s for s in adapted.on(next_day) if s.kind is SessionType.CROSS]
    assert swapped and not [s for s in adapted.on(next_day) if s.is_run]
    assert validate(adapted, history, None, day) == []


def test_a_bad_morning_cuts_the_next_run() -> None:
    plan, history = _setup()
    usual = tuple(  # the usual morning level: the 4 weeks ending a week before
        PainReport(at(SUNDAY - timedelta(days=d), 7), 2, PainTiming.NEXT_MORNING)
        for d in (6, 8, 10)
    )
    first = _runs_after(plan, SUNDAY)[0]
    morning = first.on + timedelta(days=1)
    history = _with_pain(
        _follow(plan, history, morning),
        *usual,
        PainReport(at(morning, 7), 4.5, PainTiming.NEXT_MORNING),
    )
    adapted = adapt(plan, history, None, morning)
    before, after = _runs_after(plan, morning)[0], _runs_after(adapted, morning)[0]
    assert (after.distance_m or 0) <= (before.distance_m or 0) * 0.7 + 1e-6
    assert adapted.changes_on(after.on)[0].rule == "pain-next-morning"
    assert validate(adapted, history, None, morning) == []


def test_a_rising_week_steps_back_a_week() -> None:
    plan, history = _setup()
    week1 = tuple(
        PainReport(at(START + timedelta(days=d), 7), 2, PainTiming.NEXT_MORNING) for d in (0, 2, 4)
    )
    wednesday = START + timedelta(days=9)
    week2 = tuple(
        PainReport(at(START + timedelta(days=d), 7), 4.5, PainTiming.NEXT_MORNING)
        for d in (7, 8, 9)
    )
    history = _with_pain(_follow(plan, history, wednesday), *week1, *week2)
    adapted = adapt(plan, history, None, wednesday)
    next_week = START + timedelta(days=14)
    trend = [c for c in adapted.changes if c.rule == "pain-trend"]
    assert trend and next_week <= trend[0].on < next_week + timedelta(7)
    assert "rose from 2.0 to 4.5" in trend[0].why
    planned = sum(
        s.distance_m or 0
        for s in plan.sessions
        if s.is_run and next_week <= s.on < next_week + timedelta(7)
    )
    stepped = [
        s for s in adapted.sessions if s.is_run and next_week <= s.on < next_week + timedelta(7)
    ]
    assert sum(s.distance_m or 0 for s in stepped) < planned
    assert all(s.speed is None for s in stepped)
    assert validate(adapted, history, None, wednesday) == []


def test_a_red_flag_stops_the_plan_until_cleared() -> None:
    plan, history = _setup()
    day = START + timedelta(days=2)
    history = _follow(plan, history, day)
    flagged = replace(history, red_flag_answers=(RedFlagAnswer("both-legs", at(day, 10), True),))
    stopped = adapt(plan, flagged, None, day)
    assert stopped.stopped_on == day  # today's run too: not run after a red flag
    assert all(s.kind is SessionType.REST for s in stopped.sessions if s.on >= day)
    assert [s.slot for s in stopped.sessions if s.on == day] == [0]
    assert stopped.changes[-1].rule == "red-flags"
    assert "emergency" in stopped.changes[-1].why.lower() or "A&E" in stopped.changes[-1].why
    assert validate(stopped, flagged, None, day) == []
    # every stopped day names the rule that emptied it, in `plan show --json` and `why`
    stopped_days = [x for x in stopped.to_json()["sessions"] if x["date"] > day.isoformat()]  # type: ignore[attr-defined]
    assert stopped_days and all(
        [c["rule"] for c in x["rule_changes"]][:1] == ["red-flags"] for x in stopped_days
    )
    assert "red-flags" in why(stopped, day + timedelta(days=5))[0]
    # days later, still no clearance: still stopped
    assert adapt(stopped, flagged, None, day + timedelta(days=2)) == stopped
    cleared_on = day + timedelta(days=4)
    cleared = replace(
        history,
        red_flag_answers=(RedFlagAnswer("both-legs", at(day, 10), True, at(cleared_on, 12)),),
    )
    resumed = adapt(stopped, cleared, None, cleared_on)
    assert resumed.stopped_on is None
    assert _runs_after(resumed, cleared_on)
    assert resumed.changes[-1].rule == "red-flags" and "resumed" in resumed.changes[-1].what
    assert validate(resumed, cleared, None, cleared_on) == []


def test_running_more_than_planned_trims_the_coming_week() -> None:
    plan, history = _setup()
    sunday = START + timedelta(days=6)
    history = _follow(plan, history, sunday)
    history = replace(history, activities=(*history.activities, a_run(sunday, 12)))
    adapted = adapt(plan, history, None, sunday)
    assert validate(adapted, history, None, sunday) == []


def test_a_hold_after_an_empty_week_holds_the_level_not_the_empty_week() -> None:
    """The runner skipped week 1 and reports pain on its Sunday: week 2 is held at the
    runner's current level (19 km a week before the 1-week break), not emptied and not
    raised; its first run is cut for the pain."""
    plan, history = _setup()
    sunday = START + timedelta(days=6)
    history = _with_pain(history, PainReport(at(sunday, 9), 6.5, PainTiming.DURING))
    adapted = adapt(plan, history, None, sunday)
    week2 = [s for s in adapted.sessions if START + timedelta(7) <= s.on < START + timedelta(14)]
    runs = [s for s in week2 if s.is_run]
    total = sum(s.distance_m or 0 for s in runs)
    assert runs and 0.5 * 19000 < total <= 19000 + 1e-6, total
    assert not any("cut to 0.0 km" in c.what for c in adapted.changes)
    cut = adapted.changes_on(runs[0].on)
    assert cut and cut[0].rule == "pain-during" and "progression held" in cut[0].what
    assert validate(adapted, history, None, sunday) == []


def test_a_skipped_week_keeps_the_runners_level() -> None:
    """One week off (a 1-week break) is a down week: the weeks after still ramp from the
    level before it (evidence.md decision 1), so nothing is cut for the weekly ramp."""
    plan, history = _setup()
    sunday = START + timedelta(days=6)
    adapted = adapt(plan, history, None, sunday)
    new = adapted.changes[len(plan.changes) :]
    assert "weekly-ramp" not in [c.rule for c in causes(new)], [(c.on, c.what) for c in new]
    # every later run keeps its distance (after a week off, its speed work may go: one
    # progression compares with the literal week before)
    later = [(s.on, s.distance_m) for s in adapted.sessions if s.is_run and s.on > sunday]
    assert later == [(s.on, s.distance_m) for s in plan.sessions if s.is_run and s.on > sunday]
    assert validate(adapted, history, None, sunday) == []


def test_a_cut_is_one_cause_named_on_every_day_it_changed() -> None:
    """Three skipped weeks (a break: back to 75% of the level before it) pull every later
    week down to the ramp: one cause says so, and `plan why` names it on each run it
    shortened, not only on the first."""
    plan, history = _setup()
    sunday = START + timedelta(days=20)
    adapted = adapt(plan, history, None, sunday)
    new = adapted.changes[len(plan.changes) :]
    rules = [c.rule for c in causes(new)]
    assert rules.count("weekly-ramp") == 1, [(c.on, c.what) for c in new]
    whats = [c.what for c in causes(new)]
    assert len(whats) == len(set(whats)), whats  # each cause once
    ramp = next(c for c in causes(new) if c.rule == "weekly-ramp")
    assert "later weeks" in ramp.what
    before = {(s.on, s.slot): s for s in plan.sessions}
    shortened = [
        s.on
        for s in adapted.sessions
        if s.is_run and (s.distance_m or 0) < (before[(s.on, s.slot)].distance_m or 0) - 1
    ]
    assert len(shortened) > 3
    for day in shortened:
        named = {c.rule for c in adapted.changes_on(day)}
        assert named & {"weekly-ramp", "long-run-spike", "one-progression"}, day
        assert "no rule changed this day" not in why(adapted, day)[0]
    assert validate(adapted, history, None, sunday) == []


def _stopped_after_pain() -> tuple[Plan, History, date]:
    """Pain during Saturday's run (the next run, Tuesday, is cut), a red flag on Sunday."""
    plan, history = _setup()
    saturday = START + timedelta(days=5)
    history = _with_pain(
        _follow(plan, history, saturday), PainReport(at(saturday, 9), 6.5, PainTiming.DURING)
    )
    plan = adapt(plan, history, None, saturday)
    sunday = saturday + timedelta(days=1)
    flagged = replace(history, red_flag_answers=(RedFlagAnswer("both-legs", at(sunday, 10), True),))
    return adapt(plan, flagged, None, sunday), history, sunday


def test_a_resumed_plan_carries_only_its_own_changes_and_reapplies_recent_pain() -> None:
    stopped, history, sunday = _stopped_after_pain()
    tuesday = sunday + timedelta(days=2)
    # a stopped day names the stop first, then what changed it before
    assert [c.rule for c in stopped.changes_on(tuesday)] == ["red-flags", "pain-during"]
    cleared = replace(
        history,
        red_flag_answers=(RedFlagAnswer("both-legs", at(sunday, 10), True, at(sunday, 18)),),
    )
    resumed = adapt(stopped, cleared, None, sunday)
    assert resumed.stopped_on is None
    fresh = generate(PlanProfile(), cleared, parse_goal("weekly:30km"), None, sunday).plan
    run = next(s for s in resumed.on(tuesday) if s.is_run)
    planned = next(s for s in fresh.on(tuesday) if s.is_run)
    # the Saturday pain is recent: applied again to the fresh plan, once, made today
    assert (run.distance_m or 0) <= (planned.distance_m or 0) * 0.5 + 1e-6
    assert run.routines[0] == "warm-up-flare"
    changes = resumed.changes_on(tuesday)
    assert [c.rule for c in changes] == ["pain-during"] and changes[0].made_on == sunday
    assert all(c.on < resumed.start + timedelta(7) or c.made_on == sunday for c in resumed.changes)
    assert validate(resumed, cleared, None, sunday) == []
    assert adapt(resumed, cleared, None, sunday) == resumed


def test_old_pain_is_not_applied_again_after_a_resume() -> None:
    stopped, history, sunday = _stopped_after_pain()
    later = sunday + timedelta(days=15)
    cleared = replace(
        history,
        red_flag_answers=(RedFlagAnswer("both-legs", at(sunday, 10), True, at(later, 12)),),
    )
    resumed = adapt(stopped, cleared, None, later)
    assert resumed.stopped_on is None
    after = [c for c in resumed.changes if c.on > later]
    assert not [c for c in after if c.rule.startswith("pain")], after
    assert validate(resumed, cleared, None, later) == []


def test_a_confirmed_start_without_history_is_not_cut_by_the_replan() -> None:
    """QA D4: with no history the rules engine skips the weekly ramp for the first week,
    so the re-plan after generation must not cut the confirmed 8 km start to 3.2 km."""
    today = date(2026, 11, 22)
    history = History(activities=(), time_zone="UTC")
    profile = PlanProfile(start_week_m=8000.0)
    plan = generate(profile, history, parse_goal("weekly:20km"), None, today).plan
    adapted = adapt(plan, history, None, today)
    first = [s for s in adapted.sessions if s.is_run and s.on < plan.start + timedelta(days=7)]
    assert sum(s.distance_m or 0.0 for s in first) >= 7000
    assert adapted.sessions == plan.sessions
    assert not [c for c in adapted.changes if c.rule == "weekly-ramp"]


def test_pain_just_before_the_plan_was_made_acts_once() -> None:
    """QA D5: pain during Saturday's run, the plan made on Sunday: the first run is cut,
    once, whether adaptation runs on Sunday or again on Monday."""
    history = _with_pain(
        steady_history(START, weeks=6),
        PainReport(at(SUNDAY - timedelta(days=1), 9), 6.5, PainTiming.DURING),
    )
    plan = generate(PlanProfile(), history, parse_goal("weekly:30km"), None, SUNDAY).plan
    adapted = adapt(plan, history, None, SUNDAY)
    before, after = _runs_after(plan, SUNDAY)[0], _runs_after(adapted, SUNDAY)[0]
    assert (after.distance_m or 0) <= (before.distance_m or 0) * 0.5 + 1e-6
    pain = [c for c in adapted.changes if c.rule == "pain-during"]
    assert len(pain) == 1
    again = adapt(adapted, history, None, SUNDAY + timedelta(days=1))
    assert [c for c in again.changes if c.rule == "pain-during"] == pain


def test_a_run_that_loses_its_speed_work_loses_its_repeats_note() -> None:
    """A speed session cut after pain, or stripped of its repeats by a re-fit, no longer
    tells the runner to run repeats."""
    plan, history = _setup()
    speed = next(s for s in plan.sessions if s.speed is not None)
    assert speed.speed_note in speed.notes and speed.routines[0] == "warm-up-speed"
    day = max(s.on for s in plan.sessions if s.is_run and s.on < speed.on)
    history = _with_pain(
        _follow(plan, history, day), PainReport(at(day, 9), 6.5, PainTiming.DURING)
    )
    adapted = adapt(plan, history, None, day)
    cut = next(s for s in adapted.sessions if s.on == speed.on and s.is_run)
    assert cut.speed is None and cut.run_type is RunType.EASY
    assert not any("faster" in note for note in cut.notes), cut.notes
    assert "cut after pain" in cut.notes[-1] and cut.routines[0] == "warm-up-flare"
    # later weeks: a week only a little over keeps its speed session (its easy runs give
    # way); a week whose speed work goes says so, and loses its repeats note with it
    for change in (c for c in adapted.changes if c.rule == "one-progression"):
        run = next(s for s in adapted.sessions if s.on == change.on and s.is_run)
        if change.what.startswith("speed work dropped"):
            assert run.speed is None and run.routines[0] in ("warm-up", "warm-up-short")
            assert run.notes == ("speed work dropped: one progression at a time",)
        else:
            assert "speed session kept" in change.what
    for s in adapted.sessions:
        assert s.speed is not None or not any("faster" in n for n in s.notes), s


def test_a_replan_before_todays_run_does_not_take_it_as_missed() -> None:
    """A check-in on the morning of a run day re-plans; nothing went wrong, so nothing
    changes. Once the run is recorded as planned, nothing changes either."""
    plan, history = _setup()
    day = _runs_after(plan, START + timedelta(days=3))[0].on  # a run day in week 1
    morning = _follow(plan, history, day - timedelta(days=1))
    assert adapt(plan, morning, None, day).changes == ()
    assert adapt(plan, _follow(plan, history, day), None, day).changes == ()
    # the day passes without the run: the next re-plan keeps the coming week to the ramp
    missed = adapt(plan, morning, None, day + timedelta(days=1))
    assert validate(missed, morning, None, day + timedelta(days=1)) == []


# -- cuts in proportion, missed days, explanations that agree (issue 11) ---------------


def test_a_cut_never_goes_under_the_shortest_run_worth_its_warm_up() -> None:
    """A runner of short runs (3-4 km): pain 6.5 during a run halves the next, which would
    be under the shortest worth its warm-up, so it becomes a run-walk (or cycling) and
    says so; the advice quotes the runner's configured limit (4/10 here)."""
    from backstride.rules import load_config

    config = load_config("[rules.pain-during]\nmax_score = 4")
    history = steady_history(START, weeks=6, kms=(3, 3, 4))
    plan = generate(PlanProfile(), history, parse_goal("weekly:12km"), config, SUNDAY).plan
    day = _runs_after(plan, SUNDAY)[0].on
    history = _with_pain(_follow(plan, history, day), PainReport(at(day, 9), 5, PainTiming.DURING))
    adapted = adapt(plan, history, config, day)
    after = next(s for s in adapted.sessions if s.on > day and s.on == _runs_after(plan, day)[0].on)
    if after.kind is SessionType.RUN:
        assert after.is_walk_run and (after.duration_s or 0) >= 15 * 60
        assert "run-walk" in adapted.changes_on(after.on)[0].what
    else:
        assert after.kind is SessionType.CROSS
    change = adapted.changes_on(after.on)[0]
    assert change.rule == "pain-during" and "above your limit of 4" in change.why
    for s in adapted.sessions:
        if s.is_run and s.on > day and not s.is_walk_run:
            assert (s.distance_m or 0) >= 1800 or (s.duration_s or 0) >= 900
    assert validate(adapted, history, config, day) == []


def test_missed_days_re_plan_once_they_have_passed() -> None:
    """Nothing logged for nine days: the next re-plan (a command or a page view) re-fits
    the coming weeks to what was actually run, says the runs were missed, and does it
    once."""
    plan, history = _setup()
    later = START + timedelta(days=9)
    adapted = adapt(plan, history, None, later)
    new = causes(adapted.changes[len(plan.changes) :])
    assert new and any("were missed" in c.why for c in new), [(c.rule, c.why) for c in new]
    assert all(c.on > later for c in adapted.changes[len(plan.changes) :])  # past days untouched
    assert validate(adapted, history, None, later) == []
    assert adapt(adapted, history, None, later) == adapted


def test_running_a_little_over_or_under_keeps_the_speed_sessions() -> None:
    """0.1 mi more or less than planned on every run: the weeks after keep their speed
    sessions (a week a little over gives way in its easy runs, not its quality)."""
    from backstride.domain.activity import Units

    history = steady_history(START, weeks=6, kms=(8, 8, 12))
    plan = generate(
        PlanProfile(Units.MI), history, parse_goal("race:half@2026-04-19", Units.MI), None, SUNDAY
    ).plan
    day = START + timedelta(days=27)
    for delta_km in (-0.161, 0.161):
        runs = tuple(
            a_run(s.on, (s.distance_m or 0) / 1000 + delta_km)
            for s in plan.sessions
            if s.is_run and START <= s.on <= day
        )
        done = replace(history, activities=history.activities + runs)
        adapted = adapt(plan, done, None, day)
        planned = [s.on for s in plan.sessions if s.speed is not None and s.on > day]
        kept = [s.on for s in adapted.sessions if s.speed is not None and s.on > day]
        assert kept == planned, delta_km
        assert validate(adapted, done, None, day) == []


def test_explanations_quote_what_the_plan_holds_and_agree() -> None:
    """After a bad run: the cut quotes the distance the run now has, the held week the
    total it now holds; on no day do two changes give different totals for one week."""
    import re

    plan, history = _setup()
    day = _runs_after(plan, SUNDAY)[0].on
    history = _with_pain(
        _follow(plan, history, day), PainReport(at(day, 9), 6.5, PainTiming.DURING)
    )
    adapted = adapt(plan, history, None, day)
    units = plan.profile.units
    from backstride.units import format_distance

    for c in adapted.changes[len(plan.changes) :]:
        if c.what.startswith("run cut from"):
            run = next(s for s in adapted.sessions if s.on == c.on and s.is_run)
            assert c.what.split(" to ")[1].startswith(format_distance(run.distance_m or 0, units))
        if "week held at" in c.what:
            week = next(w for w in adapted.weeks if w.start <= c.on < w.start + timedelta(7))
            held = sum(
                s.distance_m or 0
                for s in adapted.sessions
                if s.is_run and week.start <= s.on < week.start + timedelta(7)
            )
            assert format_distance(held, units) in c.what
    by_day: dict[date, set[str]] = {}
    for c in adapted.changes:
        for total in re.findall(r"week (?:held at|cut to|stepped back to) ([\d.]+ \w+)", c.what):
            by_day.setdefault(c.on, set()).add(total)
    assert all(len(totals) == 1 for totals in by_day.values()), by_day
    assert validate(adapted, history, None, day) == []


def test_a_race_the_plan_no_longer_reaches_is_taken_out_in_words() -> None:
    """Five weeks without running before a half marathon: the re-plan takes the race out
    of the plan (never silently), says why on race day and in the plan's notices."""
    history = steady_history(START, weeks=6, kms=(6, 6, 10))
    plan = generate(PlanProfile(), history, parse_goal("race:half@2026-03-22"), None, SUNDAY).plan
    assert any(s.race for s in plan.sessions)
    race_day = plan.goal.race_date
    assert race_day is not None
    later = race_day - timedelta(days=10)
    adapted = adapt(plan, history, None, later)
    assert not any(s.race for s in adapted.sessions)
    assert adapted.notices and "not in this plan any more" in adapted.notices[-1]
    assert [c.rule for c in adapted.changes_on(race_day)] == ["long-run-spike"]
    assert "race is out of the plan" in adapted.changes_on(race_day)[0].what
    assert any("not in this plan" in line for line in why(adapted, race_day))
    assert validate(adapted, history, None, later) == []


def test_weeks_keep_their_totals_and_labels_after_a_re_plan() -> None:
    plan, history = _setup()
    sunday = START + timedelta(days=20)
    adapted = adapt(plan, history, None, sunday)
    for w in adapted.weeks:
        runs = [
            s for s in adapted.sessions if s.is_run and w.start <= s.on < w.start + timedelta(7)
        ]
        assert abs(w.done_m + sum(s.distance_m or 0 for s in runs) - w.target_m) < 1
        if w.block.value == "speed":
            assert any(s.speed is not None for s in runs)
    assert validate(adapted, history, None, sunday) == []


def test_a_clinicians_rule_adapts_the_plan_by_its_data() -> None:
    """A rule registered like the built-ins, whose adaptation is to hold progression: its
    finding holds the coming weeks, recorded under its own id; no rule-id special case."""
    from backstride.rules import (
        REGISTRY,
        Adaptation,
        AdaptKind,
        Origin,
        Param,
        Period,
        Rule,
        Severity,
        Strength,
    )

    def short_nights(facts, p, period: Period):  # type: ignore[no-untyped-def]
        return [
            rule.finding("a short night", {"hours": c.sleep_hours}, on=c.on)
            for c in facts.history.check_ins
            if period.holds(c.on) and (c.sleep_hours or 24) < p["min_hours"]
        ]

    rule = Rule(
        "short-nights",
        "Short nights",
        Severity.HOLD,
        (Param("min_hours", 6, 4, 9, "shortest night"),),
        Origin.PRACTICE,
        "Dr Example",
        Strength.EXPERT_OPINION,
        short_nights,
        adaptation=Adaptation(AdaptKind.HOLD_PROGRESSION),
    )
    registry = REGISTRY.copy()
    registry.register(rule)
    from backstride.domain.backcare import CheckIn

    plan, history = _setup()
    day = START + timedelta(days=5)
    history = replace(_follow(plan, history, day), check_ins=(CheckIn(day, sleep_hours=4),))
    adapted = adapt(plan, history, None, day, registry)
    assert "short-nights" in {c.rule for c in adapted.changes}
    assert (
        adapt(plan, history, None, day).changes
        == adapt(plan, _follow(plan, _setup()[1], day), None, day).changes
    )
    assert validate(adapted, history, None, day) == []
