"""The plan and the routines through the command line, on a real SQLite file: plan new on the
demo history and on none, show, why, export, and the pain scenarios (a bad run, a bad
morning, a rising week, a red flag and its clearance) re-planning through the diary."""

from __future__ import annotations

import json
import re
import shutil
import time
from datetime import timedelta
from pathlib import Path
from typing import cast

import pytest
from clitools import dump, ok, run
from demo_exports import DemoExport
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar

from backstride import clock
from backstride.cli import routine as routine_cli
from backstride.domain.backcare import PainReport, PainTiming
from backstride.plan import Plan
from backstride.plan.fit import workout_steps
from backstride.plan.validate import validate
from backstride.routines import Phase, TimedStep, load_routine, routine_timeline
from backstride.services.history import load_history
from backstride.store import open_store

TODAY = clock.today("UTC")  # the runner's zone is UTC in these tests; the clock is pinned
# the plan fills the rest of the week in progress (Monday weeks), then whole weeks
IN_PROGRESS = 1 if TODAY.weekday() < 6 else 0
WEEKS = 12 + IN_PROGRESS
KEYS = {"date", "kind", "text", "run_type", "distance_m", "duration_s", "routines", "notes"}


def active_plan(db: Path) -> Plan:
    """The stored active plan, after checking it against every rule (the validator)."""
    with open_store(f"sqlite:///{db}") as store:
        stored = store.active_plan()
        assert stored is not None
        history = load_history(store)
    assert validate(stored.plan, history, None, TODAY) == []
    return stored.plan


def days(db: Path, *args: str) -> list[dict[str, object]]:
    """The plan's days as `plan show --json` prints them."""
    out: list[dict[str, object]] = json.loads(ok(db, "plan", "show", "--json", *args))
    return out


def sessions(db: Path, *args: str) -> list[dict[str, object]]:
    """Every session of those days, with its day's plan week and changes."""
    return [
        {**session, "week": day["week"], "changes": day["changes"]}
        for day in days(db, *args)
        for session in cast(list[dict[str, object]], day["sessions"])
    ]


def metres(session: dict[str, object]) -> float:
    """A session's planned distance (0 when it is planned by time)."""
    value = session["distance_m"]
    return float(value) if isinstance(value, int | float) else 0.0


def future_runs(db: Path) -> list[dict[str, object]]:
    return [s for s in sessions(db) if s["kind"] == "run" and str(s["date"]) > TODAY.isoformat()]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_export: DemoExport) -> Path:
    """The demo runner's history up to about today, imported once (no plan yet)."""
    folder = tmp_path_factory.mktemp("demo")
    export = demo_export(TODAY + timedelta(days=1), weeks=12)
    db = folder / "demo.db"
    ok(db, "profile", "--time-zone", "UTC")
    ok(db, "import", "--quiet", "--workers", "1", str(export))
    return db


@pytest.fixture()
def history_db(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "runner.db"
    shutil.copy(demo_db, db)
    return db


@pytest.fixture()
def planned(history_db: Path) -> Path:
    ok(history_db, "plan", "new", "--goal", "weekly:30km")
    return history_db


@pytest.fixture()
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "new.db"
    ok(db, "profile", "--time-zone", "UTC")
    return db


def test_plan_new_on_the_demo_history(history_db: Path) -> None:
    code, out, err = run(history_db, "plan", "new", "--goal", "weekly:30km")
    assert code == 0, err
    assert f"Week 1 of {WEEKS}" in out and f"Week 2 of {WEEKS}" in out and "Plan saved" in out
    assert "starts cautiously" not in err
    plan = active_plan(history_db)
    assert plan.goal.label == "weekly:30km" and len(plan.weeks) == WEEKS
    assert min(s.on for s in plan.sessions) == TODAY + timedelta(days=1)
    # from the runner's history (about 20 km a week), in the week in progress too
    assert all(w.target_m > 10000 for w in plan.weeks[IN_PROGRESS:])
    assert plan.changes == ()


def test_plan_show_json_lists_every_session(planned: Path) -> None:
    everything = sessions(planned)
    assert everything and all(set(s) >= KEYS for s in everything)
    assert {s["kind"] for s in everything} <= {"run", "core", "cross", "rest"}
    assert {"run", "core", "rest"} <= {s["kind"] for s in everything}
    runs = [s for s in everything if s["kind"] == "run"]
    assert all(s["run_type"] in ("easy", "long", "speed") for s in runs)
    assert all(s["routines"][0].startswith("warm-up") for s in runs)  # type: ignore[index]
    assert all(s["routines"][-1].startswith("cool-down") for s in runs)  # type: ignore[index]
    assert all(s["distance_m"] or s["duration_s"] for s in runs)
    days = [s["date"] for s in everything]
    assert any(days.count(d) > 1 for d in days)  # several sessions on one day
    week2 = sessions(planned, "--week", "2")
    assert week2 and {s["week"] for s in week2} == {2}
    first = str(week2[0]["date"])
    assert sessions(planned, "--date", first) == week2
    table = ok(planned, "plan", "show", "--week", "2")
    assert f"Week 2 of {WEEKS}" in table and "warm-up" in table.lower()
    assert "cool-down" in table.lower() and " km" in table
    assert "[bold]" not in table and "30 km a week: " in table


def test_plan_show_uses_the_runners_units(planned: Path) -> None:
    ok(planned, "profile", "--units", "mi")
    table = ok(planned, "plan", "show", "--week", "1")
    assert " mi" in table and " km" not in table


def test_a_runner_without_history_confirms_a_cautious_start(empty_db: Path) -> None:
    code, out, err = run(empty_db, "plan", "new", "--goal", "weekly:20km")
    assert code == 1 and "starts cautiously" in err and "--confirm-start" in err
    assert f"Week 1 of {WEEKS}" in out and "Plan saved" not in out
    with open_store(f"sqlite:///{empty_db}") as store:
        assert store.active_plan() is None
    out = ok(empty_db, "plan", "new", "--goal", "weekly:20km", "--confirm-start")
    assert "Plan saved" in out
    plan = active_plan(empty_db)
    assert plan.profile.start_week_m is not None and plan.weeks[0].target_m <= 6000
    assert all(s.target == "time" for s in plan.sessions if s.is_run)
    ok(empty_db, "plan", "new", "--goal", "weekly:20km", "--start-week", "8km")
    assert active_plan(empty_db).profile.start_week_m == 8000


def test_days_long_run_day_and_weeks_are_kept(empty_db: Path) -> None:
    ok(
        empty_db,
        *("plan", "new", "--goal", "weekly:15km", "--start-week", "9km"),
        *("--days", "mon,wed,sat", "--long-run-day", "sat", "--weeks", "6"),
    )
    plan = active_plan(empty_db)
    assert len(plan.weeks) == 6 + IN_PROGRESS
    assert {s.on.weekday() for s in plan.sessions if s.is_run} <= {0, 2, 5}
    assert {s.on.weekday() for s in plan.sessions if s.is_run and s.run_type.value == "long"} == {5}  # type: ignore[union-attr]


def test_an_unreachable_race_is_refused_with_the_earliest_safe_date(history_db: Path) -> None:
    race_day = TODAY + timedelta(days=21)
    before = dump(history_db)
    code, out, err = run(history_db, "plan", "new", "--goal", f"race:half@{race_day}")
    assert code == 1 and "refused" in err and "earliest safe date" in err, err
    assert "Safe instead:" in err and "--goal race:" in err and "--anyway" in err
    assert "Plan saved" not in out and dump(history_db) == before, "nothing saved"
    code, out, _ = run(history_db, "plan", "new", "--goal", f"race:half@{race_day}", "--json")
    shown = json.loads(out)
    assert code == 1 and shown["refused"] is True and shown["saved"] is False
    assert shown["earliest_safe"] > race_day.isoformat() and shown["alternatives"]
    assert dump(history_db) == before


def test_a_race_kept_anyway_says_in_words_that_it_is_not_in_the_plan(history_db: Path) -> None:
    race_day = TODAY + timedelta(days=40)
    goal = f"race:marathon@{race_day}"
    out = ok(history_db, "plan", "new", "--goal", goal, "--anyway")
    assert "Plan saved" in out and "Not in this plan:" in out and "marathon" in out
    plan = active_plan(history_db)
    assert plan.goal.race_date == race_day and plan.notices
    assert any(s.is_run for s in plan.sessions), "never a saved plan with no runs"
    shown = ok(history_db, "plan", "show")
    assert "Not in this plan:" in shown and "is not in this plan" in shown


def test_a_new_plan_replaces_the_active_one(planned: Path) -> None:
    ok(planned, "plan", "new", "--goal", "weekly:25km", "--weeks", "8")
    listed = json.loads(ok(planned, "plan", "list", "--json"))
    assert [(p["goal"], p["active"]) for p in listed] == [
        ("weekly:25km", True),
        ("weekly:30km", False),
    ]
    assert active_plan(planned).goal.label == "weekly:25km"


def test_bad_input_is_one_line_exit_2_and_changes_nothing(planned: Path) -> None:
    before = dump(planned)
    for args, says in (
        (["plan", "new", "--goal", "25km"], "cannot read goal"),
        (["plan", "new", "--goal", "weekly:lots"], "cannot read distance"),
        (["plan", "new", "--goal", f"race:10k@{TODAY - timedelta(days=3)}"], "not in the future"),
        (["plan", "new", "--goal", "race:10k@someday"], "cannot read race date"),
        (["plan", "new", "--goal", "weekly:20km", "--days", "mon,xyz"], "cannot read day"),
        (["plan", "new", "--goal", "weekly:20km", "--long-run-day", "caturday"], "cannot read"),
        (["plan", "new", "--goal", "weekly:20km", "--long-run-day", "mon,sat"], "one day"),
        (
            ["plan", "new", "--goal", "weekly:20km", "--days", "mon,wed", "--long-run-day", "sat"],
            "not one of the run days",
        ),
        (["plan", "new", "--goal", "weekly:20km", "--weeks", "0"], "out of range"),
        (
            ["plan", "new", "--goal", "weekly:20km", "--start-week", "far"],
            "first-week distance: cannot",
        ),
        (["plan", "new", "--goal", "weekly", "--start-week", "8km"], "cannot read goal"),
        (["plan", "show", "--week", "99"], "out of range"),
        (["plan", "show", "--date", "yesterday"], "not a date"),
        (["plan", "show", "--date", "1999-01-01"], "outside the plan"),
        (["plan", "why", "tomorrow"], "not a date"),
        (["plan", "export"], "--ics"),
        (["routine", "show", "nosuch"], "no routine 'nosuch'"),
        (["routine", "run", "nosuch"], "no routine 'nosuch'"),
        (["routine", "run", "core", "--run", "1"], "goes with a warm-up"),
    ):
        code, _, err = run(planned, *args)
        assert code == 2, (args, err)
        assert says in err, (args, err)
        assert len(err.strip().splitlines()) == 1, err
    assert dump(planned) == before


def test_plan_commands_without_a_plan_say_how_to_make_one(empty_db: Path) -> None:
    for args in (["plan", "show"], ["plan", "why", str(TODAY)], ["plan", "export", "--ics", "x"]):
        code, _, err = run(empty_db, *args)
        assert code == 2 and "plan new --goal" in err, (args, err)


# -- adaptation through the diary ------------------------------------------------------


def test_a_bad_run_swaps_the_next_run_and_why_says_so(planned: Path) -> None:
    next_run = future_runs(planned)[0]
    out = ok(planned, "log", "pain", "--score", "7", "--when", "during")
    assert "Plan re-planned" in out and "pain-during" in out
    day = str(next_run["date"])
    that_day = [s for s in sessions(planned) if s["date"] == day]
    assert not [s for s in that_day if s["kind"] == "run"]
    assert [s for s in that_day if s["kind"] == "cross"]
    changes = [c for s in that_day for c in cast(list[dict[str, object]], s["changes"])]
    assert any(c["rule"] == "pain-during" for c in changes)
    why = ok(planned, "plan", "why", day)
    assert "pain-during" in why and "7/10" in why and "Silbernagel" in why
    explained = json.loads(ok(planned, "plan", "why", day, "--json"))
    assert explained["changes"][0]["rule"] == "pain-during"
    assert explained["changes"][0]["source"].startswith("Silbernagel")
    active_plan(planned)
    # the same report does not act twice
    assert "Plan re-planned" not in ok(planned, "log", "checkin", "--sleep-hours", "7")


def test_moderate_pain_during_a_run_halves_the_next_run(planned: Path) -> None:
    before = future_runs(planned)[0]
    ok(planned, "log", "pain", "--score", "6", "--when", "during")
    after = next(r for r in future_runs(planned) if r["date"] == before["date"])
    assert float(after["distance_m"]) <= float(before["distance_m"]) * 0.5 + 1e-6  # type: ignore[arg-type]
    assert after["run_type"] == "easy" and after["routines"][0] == "warm-up-flare"  # type: ignore[index]
    assert str(after["routines"][-1]).startswith("cool-down")  # type: ignore[index]
    assert after["changes"][0]["rule"] == "pain-during"  # type: ignore[index]
    active_plan(planned)


def test_a_bad_morning_cuts_the_next_run(planned: Path) -> None:
    for days_ago in (15, 16, 17):  # the usual level, with no reports last week
        day = TODAY - timedelta(days=days_ago)
        ok(planned, "log", "pain", "--score", "2", "--when", "next-morning", "--date", str(day))
    before = future_runs(planned)[0]
    out = ok(planned, "log", "pain", "--score", "4.5", "--when", "next-morning")
    assert "pain-next-morning" in out
    after = next(r for r in future_runs(planned) if r["date"] == before["date"])
    assert float(after["distance_m"]) <= float(before["distance_m"]) * 0.7 + 1e-6  # type: ignore[arg-type]
    assert "pain-next-morning" in ok(planned, "plan", "why", str(after["date"]))
    active_plan(planned)


def test_a_rising_week_steps_back_next_week(planned: Path) -> None:
    this_monday = TODAY - timedelta(days=TODAY.weekday())
    for offset in (7, 5, 3):  # last week, next-morning pain 2 (the trend reads mornings)
        day = this_monday - timedelta(days=offset)
        ok(planned, "log", "pain", "--score", "2", "--when", "next-morning", "--date", str(day))
    next_monday = this_monday + timedelta(days=7)
    planned_km = sum(
        metres(s) for s in sessions(planned, "--date", str(next_monday)) if s["kind"] == "run"
    )
    first = ok(planned, "log", "pain", "--score", "5", "--when", "next-morning")
    assert "pain-trend" not in first  # a week's first report is not a trend
    out = ok(planned, "log", "pain", "--score", "5", "--when", "next-morning")
    assert "pain-trend" in out
    week = sessions(planned, "--date", str(next_monday))
    runs = [s for s in week if s["kind"] == "run"]
    assert sum(metres(s) for s in runs) < planned_km
    assert all(s["run_type"] == "easy" for s in runs)
    why = ok(planned, "plan", "why", str(runs[0]["date"]))
    assert "pain-trend" in why and "rose from 2.0 to 5.0" in why
    active_plan(planned)


def test_a_red_flag_stops_the_plan_until_cleared(planned: Path) -> None:
    out = ok(planned, "screen", "--answers", "1=yes", "--none-apply")
    assert "plan stopped" in out
    from_today = [s for s in sessions(planned) if str(s["date"]) >= TODAY.isoformat()]
    assert from_today and all(s["kind"] == "rest" for s in from_today)
    shown = ok(planned, "plan", "show")
    assert "The plan is stopped" in shown
    for text in (out, shown, ok(planned, "config", "show")):  # styles, not markup, printed
        assert "[bold" not in text and "[/]" not in text and "[red" not in text
    stopped = active_plan(planned)
    assert stopped.stopped_on == TODAY  # today's run is not run after a red flag either
    # more diary entries while stopped change nothing
    assert "Plan re-planned" not in ok(planned, "log", "checkin", "--stiffness", "3")
    out = ok(planned, "screen", "clear", "--note", "GP, today")
    assert "plan resumed" in out
    assert future_runs(planned)
    resumed = active_plan(planned)
    assert resumed.stopped_on is None
    assert "red-flags" in ok(planned, "plan", "why", str(resumed.changes[-1].on))


def test_a_plan_made_during_a_red_flag_waits_for_the_clearance(history_db: Path) -> None:
    ok(history_db, "screen", "--answers", "1=yes", "--none-apply")
    code, _, err = run(history_db, "plan", "new", "--goal", "weekly:30km")
    assert code == 0 and "red flag" in err
    assert not [s for s in sessions(history_db) if s["kind"] != "rest"]
    assert "The plan is stopped" in ok(history_db, "plan", "show")
    ok(history_db, "screen", "clear")
    assert future_runs(history_db)
    active_plan(history_db)


def _pain_behind_the_back(db: Path, score: float) -> None:
    """A pain report written straight to the store: no command re-planned after it."""
    with open_store(f"sqlite:///{db}") as store:
        store.add_pain_report(
            PainReport(clock.now_utc() - timedelta(minutes=5), score, PainTiming.DURING)
        )


@pytest.mark.parametrize(
    "command",
    [
        ["log", "checkin", "--sleep-hours", "7"],
        ["log", "session", "--kind", "core", "--minutes", "10"],
        [
            "log",
            "run",
            "--date",
            str(TODAY),
            "--distance",
            "2km",
            "--duration",
            "15:00",
            "--time",
            "00:00",
        ],
        ["routine", "run", "core", "--record"],
        ["import", "--quiet", "IMPORT"],
    ],
    ids=["checkin", "session", "run", "routine", "import"],
)
def test_every_command_that_adds_to_the_history_re_plans(
    planned: Path, demo_export: DemoExport, command: list[str]
) -> None:
    if command[-1] == "IMPORT":
        export = demo_export(TODAY, weeks=1, seed=3)
        command = [*command[:-1], str(export)]
    _pain_behind_the_back(planned, 7)
    out = ok(planned, *command)
    assert "Plan re-planned" in out and "pain-during" in out
    assert any(c.rule == "pain-during" for c in active_plan(planned).changes)


# -- exports ---------------------------------------------------------------------------


def test_ics_export_parses_and_re_export_keeps_uids(planned: Path, tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    out = ok(planned, "plan", "export", "--ics", str(ics))
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert f"Wrote {len(events)} events" in out and events
    first = {str(e["uid"]): int(str(e["sequence"])) for e in events}
    assert len(first) == len(events) and all(u.endswith("@backstride") for u in first)
    ok(planned, "log", "pain", "--score", "6", "--when", "during")
    ok(planned, "plan", "export", "--ics", str(ics))
    again = {
        str(e["uid"]): int(str(e["sequence"]))
        for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    assert set(again) == set(first)
    assert any(again[u] > first[u] for u in first)


def test_fit_export_decodes_with_garmins_sdk(planned: Path, tmp_path: Path) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    (folder / "2020-01-01-0-easy.fit").write_bytes(b"stale")
    (folder / "notes.txt").write_text("mine")
    out = ok(planned, "plan", "export", "--fit", str(folder))
    assert "removed 1 no longer planned" in out
    assert (folder / "notes.txt").exists() and not (folder / "2020-01-01-0-easy.fit").exists()
    plan = active_plan(planned)
    runs = [s for s in plan.sessions if s.is_run]
    files = sorted(folder.glob("*.fit"))
    assert len(files) == len(runs) and f"Wrote {len(runs)} FIT workouts" in out
    for session in runs:
        kind = "race" if session.race else session.run_type.value  # type: ignore[union-attr]
        data = (folder / f"{session.on.isoformat()}-{session.slot}-{kind}.fit").read_bytes()
        messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
        assert errors == []
        assert messages["workout_mesgs"][0]["sport"] == "running"
        steps = messages["workout_step_mesgs"]
        assert [s["wkt_step_name"] for s in steps] == [s.name for s in workout_steps(session)]
        assert steps[0]["intensity"] == "warmup" and steps[-1]["intensity"] == "cooldown"


# -- routines ----------------------------------------------------------------------------


def test_routine_list_and_show(empty_db: Path) -> None:
    listed = json.loads(ok(empty_db, "routine", "list", "--json"))
    names = {r["name"] for r in listed}
    assert {"warm-up", "warm-up-speed", "warm-up-flare", "cool-down", "core"} <= names
    assert all(r["seconds"] > 0 for r in listed)
    assert "warm-up-flare" in ok(empty_db, "routine", "list")
    text = ok(empty_db, "routine", "show", "core")
    assert "Plank" in text and "[practice 7]" in text and "Elbows under shoulders" in text
    shown = json.loads(ok(empty_db, "routine", "show", "cool-down", "--json"))
    assert shown["kind"] == "cool-down" and shown["steps"][0]["dose"]


def test_routine_run_without_a_terminal_prints_every_step_and_records_nothing(
    empty_db: Path,
) -> None:
    before = dump(empty_db)
    out = ok(empty_db, "routine", "run", "warm-up-speed")
    steps = routine_timeline(load_routine("warm-up-speed"))
    numbered = [line for line in out.splitlines() if re.match(r"^\s*\d+\.\s", line)]
    assert len(numbered) == len(steps)
    assert "Burpees" in out or "burpee" in out.lower()
    assert ok(empty_db, "routine", "run", "core", "--no-wait")
    assert dump(empty_db) == before


def test_routine_run_records_core_and_warm_ups(empty_db: Path) -> None:
    out = ok(empty_db, "routine", "run", "core", "--record")
    assert "Logged" in out and "core" in out
    code, _, err = run(empty_db, "routine", "run", "warm-up", "--record")
    assert code == 2 and "no run today" in err
    ok(empty_db, "log", "run", "--date", str(TODAY), "--distance", "3km", "--duration", "20:00")
    code, _, err = run(empty_db, "routine", "run", "cool-down", "--record")
    assert code == 2 and "no warm-up on record" in err and "log routine 1 --warm-up" in err
    ok(empty_db, "log", "routine", "1", "--warm-up", "0", "--cool-down", "0")
    out = ok(empty_db, "routine", "run", "warm-up", "--no-wait", "--record")
    assert "Recorded the standard warm-up" in out
    out = ok(empty_db, "routine", "run", "cool-down", "--record", "--run", "1")
    assert "Recorded the cool-down" in out
    with open_store(f"sqlite:///{empty_db}") as store:
        assert [s.kind.value for s in store.sessions()] == ["core"]
        record = store.routine_logs()[1].record
    assert record.confirmed and record.warm_up_kind == "warm-up"
    assert record.cool_down_kind == "cool-down" and (record.cool_down_min or 0) > 5


def test_the_countdown_ticks_once_a_second_per_step(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: list[float] = []
    monkeypatch.setattr(time, "sleep", ticks.append)  # the countdown's only wait
    routine_cli._guide(
        [
            TimedStep("Plank: hold 3 s", 3, Phase.WORK, 0, ("Breathe",)),
            TimedStep("Rest", 2, Phase.REST, 0),
        ]
    )
    assert ticks == [1, 1, 1, 1, 1]


def test_plan_show_says_a_run_walk_week_in_words(empty_db: Path) -> None:
    ok(empty_db, "plan", "new", "--goal", "weekly:15km", "--confirm-start")
    shown = " ".join(ok(empty_db, "plan", "show", "--week", "2").split())
    assert "run-walk week: timed running and brisk walking" in shown
    # the intervals, as plan show --json gives them (the table may wrap a cell's words)
    listed = ok(empty_db, "plan", "show", "--week", "2", "--json")
    assert re.search(r"run-walk \d+ min: \d+ x \(", listed)
