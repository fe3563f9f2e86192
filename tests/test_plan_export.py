"""Exports: the .ics parses with icalendar and keeps its UIDs; FIT workouts decode with
Garmin's SDK to the same steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar
from test_plan_builders import TODAY, a_run, at, steady_history

from backstride.domain.backcare import History, PainReport, PainTiming, RedFlagAnswer
from backstride.plan import Plan, PlanProfile, PlanResult, generate, parse_goal
from backstride.plan.adapt import adapt
from backstride.plan.fit import to_fit_workouts, workout_steps
from backstride.plan.ics import to_ics

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

SUNDAY = TODAY + timedelta(days=4)


def _plan() -> tuple[PlanResult, History]:
    # a Sunday, the runner's week run in full (an empty week would start at one ramp step)
    history = steady_history(SUNDAY + timedelta(days=1), kms=(6, 6, 10))
    goal = parse_goal("race:10k@2026-04-26")
    return generate(PlanProfile(), history, goal, None, SUNDAY), history


def test_ics_parses_one_event_per_session_with_routines() -> None:
    result, _ = _plan()
    plan = result.plan
    cal = Calendar.from_ical(to_ics(plan, "Europe/London"))
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(plan.sessions)  # rest days too
    assert len({str(e["uid"]) for e in events}) == len(events)
    run = next(e for e in events if str(e["summary"]).startswith("Long run"))
    description = str(run["description"])
    assert "Standard warm-up:" in description and "Cool-down:" in description
    assert "Brisk walk: 2:30" in description and "Posture cue" in description
    race = next(e for e in events if str(e["summary"]).startswith("Race"))
    assert race.decoded("dtstart") == plan.goal.race_date


def test_reexport_after_adaptation_keeps_uids_and_bumps_sequence() -> None:
    result, history = _plan()
    plan = result.plan
    day = next(s.on for s in plan.sessions if s.is_run)
    history = history.__class__(
        activities=(*history.activities, a_run(day, 5)),
        pain_reports=(PainReport(at(day, 9), 6.5, PainTiming.DURING),),
        time_zone=history.time_zone,
    )
    adapted = adapt(plan, history, None, day)
    before = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(plan)).walk("VEVENT")}
    after = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(adapted)).walk("VEVENT")}
    assert set(before) == set(after)
    changed = [u for u in after if int(str(after[u]["sequence"])) > int(str(before[u]["sequence"]))]
    assert changed
    assert any("pain-during" in str(after[u]["description"]) for u in changed)


def _decode_fit_workouts(plan: Plan) -> set[str]:
    """Decode every run's FIT workout with Garmin's SDK, check it step by step against the
    run, and return the kinds of run seen."""
    files = to_fit_workouts(plan)
    runs = [s for s in plan.sessions if s.is_run]
    assert len(files) == len(runs)
    kinds_seen = set()
    for session in runs:
        kind = "race" if session.race else session.run_type.value  # type: ignore[union-attr]
        data = files[f"{session.on.isoformat()}-{session.slot}-{kind}.fit"]
        decoder = Decoder(Stream.from_byte_array(bytearray(data)))
        assert decoder.is_fit() and decoder.check_integrity()
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
        assert errors == []
        assert messages["file_id_mesgs"][0]["type"] == "workout"
        workout = messages["workout_mesgs"][0]
        assert workout["sport"] == "running"
        decoded = messages["workout_step_mesgs"]
        expected = workout_steps(session)
        assert workout["num_valid_steps"] == len(expected) == len(decoded)
        assert workout["wkt_name"] == f"{session.on:%m-%d} {kind}"
        for index, (mine, theirs) in enumerate(zip(expected, decoded, strict=True)):
            assert theirs["message_index"] == index
            assert theirs["wkt_step_name"] == mine.name
            assert theirs["target_type"] == "open"  # no pace or heart-rate target
            if mine.back_to is not None:
                assert "intensity" not in theirs  # a repeat is not a step the runner runs
                assert (
                    str(theirs["duration_type"]) == "repeat_until_steps_cmplt"
                )  # the stubs say camelCase
                assert theirs["duration_step"] == mine.back_to
                assert theirs["repeat_steps"] == mine.times
                continue
            assert theirs["intensity"] == mine.intensity
            if mine.metres is not None:
                assert theirs["duration_type"] == "distance"
                assert theirs["duration_distance"] == round(mine.metres, 2)
            else:
                assert theirs["duration_type"] == "time"
                assert theirs["duration_time"] == round(mine.seconds or 0, 3)
        assert decoded[0]["intensity"] == "warmup" and decoded[-1]["intensity"] == "cooldown"
        # the watch gets the session's own target: its distance, its time or its repeats
        run = decoded[1:-1]
        if session.speed is not None:
            name = {"strides": "Stride", "tempo": "Tempo"}.get(session.speed.kind.value, "Faster")
            faster = next(s for s in run if s["wkt_step_name"] == name)
            repeats = [s for s in run if str(s["duration_type"]) == "repeat_until_steps_cmplt"]
            if repeats:
                assert faster["duration_time"] == round(session.speed.rep_s, 3)
                assert repeats[0]["repeat_steps"] == session.speed.reps
            else:  # one block of tempo: a single step as long as the work
                assert faster["duration_time"] == round(session.speed.fast_s, 3)
        elif session.walk_run is not None and session.is_walk_run:
            # the run-walk's intervals, step by step: run, walk, run, ...
            expected_s = [x for r, w in session.walk_run.intervals for x in (r, w) if x > 0]
            assert [s["duration_time"] for s in run] == [round(x, 3) for x in expected_s]
            assert {s["wkt_step_name"] for s in run} == {"Run", "Walk"}
        elif session.target == "time":
            assert [s["duration_time"] for s in run] == [round(session.duration_s or 0, 3)]
        else:
            assert [s["duration_distance"] for s in run] == [round(session.distance_m or 0, 2)]
        kinds_seen.add(kind)
    return kinds_seen


def test_fit_workouts_decode_to_the_same_steps() -> None:
    result, _ = _plan()
    assert {"easy", "long", "speed", "race"} <= _decode_fit_workouts(result.plan)


def test_fit_workouts_with_time_targets_decode_to_the_same_steps() -> None:
    """A runner without history gets runs by time: the watch counts minutes, not metres."""
    result = generate(PlanProfile(), History(), parse_goal("weekly:20km"), None, TODAY)
    assert all(s.target == "time" for s in result.plan.sessions if s.is_run)
    assert _decode_fit_workouts(result.plan)


def test_exports_are_deterministic() -> None:
    a, _ = _plan()
    b, _ = _plan()
    assert to_ics(a.plan) == to_ics(b.plan)
    assert to_fit_workouts(a.plan) == to_fit_workouts(b.plan)
    assert a.plan.start - TODAY <= timedelta(days=7)


def test_every_event_whose_content_changed_gets_a_higher_sequence() -> None:
    """QA D8: a re-plan that changes several days (a cut run, then the weeks re-fitted)
    bumps SEQUENCE on each changed event, and DTSTAMP moves to the last change."""
    result, history = _plan()
    plan = result.plan
    day = next(s.on for s in plan.sessions if s.is_run)
    history = history.__class__(
        activities=(*history.activities, a_run(day, 12)),  # far more than planned
        pain_reports=(PainReport(at(day, 9), 6.5, PainTiming.DURING),),
        time_zone=history.time_zone,
    )
    adapted = adapt(plan, history, None, day)
    before = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(plan)).walk("VEVENT")}
    after = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(adapted)).walk("VEVENT")}
    content = ("summary", "description")
    changed = [u for u in after if any(str(after[u][k]) != str(before[u][k]) for k in content)]
    assert len(changed) > 1
    for uid in changed:
        assert int(str(after[uid]["sequence"])) > int(str(before[uid]["sequence"])), uid
        assert after[uid].decoded("dtstamp").date() >= day


def test_a_stopped_plan_updates_every_event_and_cancels_the_slots_it_emptied() -> None:
    """A red flag empties the coming days: re-exported, each stopped day's first event
    says the plan stopped and why, and its other sessions' events come back cancelled,
    so no calendar keeps showing a run or a core session the plan no longer has."""
    result, history = _plan()
    plan = result.plan
    day = plan.start + timedelta(days=2)
    flagged = replace(history, red_flag_answers=(RedFlagAnswer("both-legs", at(day, 10), True),))
    stopped = adapt(plan, flagged, None, day)
    before = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(plan)).walk("VEVENT")}
    after = {str(e["uid"]): e for e in Calendar.from_ical(to_ics(stopped)).walk("VEVENT")}
    assert set(before) <= set(after)  # every event the runner imported is updated
    later = [e for e in after.values() if e.decoded("dtstart") > day]
    firsts = [e for e in later if str(e["uid"]).endswith("-0@backstride")]
    assert firsts and all(str(e["summary"]).startswith("Plan stopped") for e in firsts)
    assert all("red-flags" in str(e["description"]) for e in firsts)
    others = [e for e in later if not str(e["uid"]).endswith("-0@backstride")]
    assert others and all(str(e["status"]) == "CANCELLED" for e in others)
    assert all(str(e["summary"]).startswith("Cancelled") for e in others)
    for uid, event in after.items():
        if uid in before and event.decoded("dtstart") > day:
            assert int(str(event["sequence"])) > int(str(before[uid]["sequence"]))
