"""Exports: the .ics parses with icalendar and keeps its UIDs; FIT workouts decode with
Garmin's SDK to the same steps."""

from __future__ import annotations

from datetime import timedelta

from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar
from test_plan_builders import TODAY, a_run, at, steady_history

from backstride.domain.backcare import PainReport, PainTiming
from backstride.plan import PlanProfile, SessionType, generate, parse_goal
from backstride.plan.adapt import adapt
from backstride.plan.fit import to_fit_workouts, workout_steps
from backstride.plan.ics import to_ics

SUNDAY = TODAY + timedelta(days=4)


def _plan():  # type: ignore[no-untyped-def]
    # a Sunday, the runner's week run in full (an empty week would start at one ramp step)
    history = steady_history(SUNDAY + timedelta(days=1), kms=(6, 6, 10))
    goal = parse_goal("race:10k@2026-04-26")
    return generate(PlanProfile(), history, goal, None, SUNDAY), history


def test_ics_parses_one_event_per_session_with_routines() -> None:
    result, _ = _plan()
    plan = result.plan
    cal = Calendar.from_ical(to_ics(plan, "Europe/London"))
    events = list(cal.walk("VEVENT"))
    expected = [s for s in plan.sessions if s.kind is not SessionType.REST or s.routines]
    assert len(events) == len(expected)
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
    changed = [u for u in after if int(after[u]["sequence"]) > int(before[u]["sequence"])]
    assert changed
    assert any("pain-during" in str(after[u]["description"]) for u in changed)


def test_fit_workouts_decode_to_the_same_steps() -> None:
    result, _ = _plan()
    plan = result.plan
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
        for mine, theirs in zip(expected, decoded, strict=True):
            assert theirs["wkt_step_name"] == mine.name
            if mine.back_to is not None:
                assert theirs["duration_type"] == "repeat_until_steps_cmplt"
                assert theirs["duration_step"] == mine.back_to
                assert theirs["repeat_steps"] == mine.times
            elif mine.metres is not None:
                assert theirs["duration_distance"] == round(mine.metres, 2)
            else:
                assert theirs["duration_time"] == round(mine.seconds or 0, 3)
        assert decoded[0]["intensity"] == "warmup" and decoded[-1]["intensity"] == "cooldown"
        kinds_seen.add(kind)
    assert {"easy", "long", "speed", "race"} <= kinds_seen


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
        assert int(after[uid]["sequence"]) > int(before[uid]["sequence"]), uid
        assert after[uid]["dtstamp"].dt.date() >= day
