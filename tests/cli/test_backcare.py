"""Back care through the command line: shoes, the diary, red flags, status and check,
on a real SQLite file, checked against an independent computation of the rules."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from clitools import dump, ok, run
from demo_exports import DemoExport

from backstride import clock
from backstride.domain.backcare import RedFlagAnswer
from backstride.rules import RED_FLAGS
from backstride.store import open_store
from backstride.units import METRES_PER_MILE as MILE

END = date(2026, 11, 2)  # a Monday: the demo history ends the day before


@pytest.fixture(scope="module")
def export(demo_export: DemoExport) -> Path:
    return demo_export(END, weeks=52)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "runner.db"


@pytest.fixture()
def imported(db: Path, export: Path) -> Path:
    ok(db, "profile", "--time-zone", "Europe/London")
    ok(db, "import", "--quiet", "--workers", "1", str(export))
    return db


def test_bad_input_is_one_line_and_changes_nothing(imported: Path) -> None:
    db = imported
    config = db.with_name("runner.rules.toml")
    before = dump(db)
    future = (clock.today() + timedelta(days=2)).isoformat()
    for args, says in (
        (["log", "pain", "--score", "11"], "out of range"),
        (["log", "pain", "--score", "-1", "--when", "after"], "out of range"),
        (["log", "pain", "--score", "3", "--when", "sometimes"], "must be one of"),
        (["log", "pain", "--score", "3", "--date", future], "future"),
        (["log", "pain", "--score", "3", "--where", "neck"], "must be one of"),
        (["log", "pain", "--score", "3", "--run", "99999"], "no activity 99999"),
        (["log", "checkin", "--sleep-quality", "6"], "out of range"),
        (["log", "checkin", "--date", future, "--stiffness", "2"], "future"),
        (["log", "session", "--kind", "karate", "--minutes", "20"], "must be one of"),
        (["log", "session", "--kind", "core", "--minutes", "0"], "more than 0"),
        (["shoes", "assign", "Nope", "1"], "unknown shoe"),
        (["shoes", "retire", "Nope"], "unknown shoe"),
        (["shoes", "assign", "Brooks Ghost 15", "1", "99999"], "no activity 99999"),
        (["shoes", "add", "brooks ghost 15"], "already gear"),
        (["run-type", "1", "fast"], "must be easy"),
        (["config", "set", "run-days.max_days", "9"], "out of range"),
        (["config", "set", "no-such-rule.x", "1"], "unknown setting"),
        (["screen", "--answers", "1=maybe"], "yes or no"),
        (["screen"], "no terminal"),
        (["log", "pain", "--score", "3", "--screen"], "no terminal"),
    ):
        code, _, err = run(db, *args)
        assert code == 2, (args, err)
        assert says in err, (args, err)
        assert len(err.strip().splitlines()) == 1, err
    assert dump(db) == before
    assert not config.exists()
    config.write_text("[rules.run-days]\nmax_days = 'four'\n")
    for args in (["status"], ["check"], ["shoes"], ["config", "set", "core.min_sessions", "1"]):
        code, _, err = run(db, *args)
        assert code == 2 and "max_days" in err and len(err.strip().splitlines()) == 1, err
    assert config.read_text() == "[rules.run-days]\nmax_days = 'four'\n"
    assert dump(db) == before


def test_shoes_add_assign_retire_worn_default(db: Path) -> None:
    ok(db, "profile", "--units", "mi")
    ok(db, "shoes", "add", "Daily", "--start-distance", "200mi", "--default")
    ok(db, "shoes", "add", "Racer", "--replace-at", "300mi")
    ok(db, "shoes", "add", "Brace", "--kind", "brace")
    for day, distance in (("2026-10-01", "13.1mi"), ("2026-10-03", "13.1mi")):
        ok(db, "log", "run", "--date", day, "--distance", distance, "--duration", "2:00:00")
    ok(db, "log", "run", "--date", "2026-10-05", "--distance", "5mi", "--duration", "50:00",
       "--shoe", "racer")  # fmt: skip
    runs = json.loads(ok(db, "activities", "--json"))
    assert [r["gear"] for r in runs] == ["Daily", "Daily", "Racer"]
    ok(db, "shoes", "assign", "brace", str(runs[0]["id"]))
    shoes = {s["name"]: s for s in json.loads(ok(db, "shoes", "--json"))}
    daily = shoes["Daily"]
    assert daily["distance_m"] == pytest.approx((200 + 26.2) * MILE)
    assert daily["replace_at_m"] == pytest.approx(250 * MILE)
    assert daily["status"] == "replace-soon" and daily["default"] is True  # 90.5%
    assert shoes["Racer"]["replace_at_m"] == pytest.approx(300 * MILE)
    assert shoes["Racer"]["status"] == "ok"
    assert shoes["Brace"]["distance_m"] == pytest.approx(13.1 * MILE)
    ok(db, "shoes", "worn", "racer", "--date", "2026-10-06")
    ok(db, "shoes", "retire", "daily")
    shoes = {s["name"]: s for s in json.loads(ok(db, "shoes", "--json"))}
    assert shoes["Racer"]["status"] == "replace" and shoes["Racer"]["worn"] is True
    assert shoes["Daily"]["retired"] is True and shoes["Daily"]["default"] is False
    status = json.loads(ok(db, "status", "--json", "--date", "2026-10-07"))
    assert [f["values"]["shoe"] for f in status["shoes"]] == ["Racer"]
    assert "reported worn" in status["shoes"][0]["message"]


def test_pain_attaches_to_the_nearest_run_and_screening_follows_character(
    db: Path, move_clock: Callable[[timedelta], None]
) -> None:
    ok(db, "profile", "--time-zone", "Europe/London")
    ok(db, "log", "run", "--date", "2026-10-01", "--time", "07:00", "--distance", "5km",
       "--duration", "30:00")  # fmt: skip
    ok(db, "log", "run", "--date", "2026-10-01", "--time", "18:00", "--distance", "3km",
       "--duration", "20:00")  # fmt: skip
    morning, evening = (r["id"] for r in json.loads(ok(db, "activities", "--json")))
    out = ok(db, "log", "pain", "--score", "3", "--when", "after", "--date", "2026-10-01",
             "--time", "08:00", "--where", "lower")  # fmt: skip
    assert f"activity {morning}" in out
    out = ok(db, "log", "pain", "--score", "4", "--when", "next-morning", "--date", "2026-10-02")
    assert f"activity {evening}" in out
    out = ok(db, "log", "pain", "--score", "2", "--when", "other", "--date", "2026-10-02")
    assert "activity" not in out
    status = json.loads(ok(db, "status", "--json", "--date", "2026-10-02"))
    assert "answer the red-flag questions once" in status["screening_due"]
    ok(db, "screen", "--none-apply")
    assert json.loads(ok(db, "status", "--json"))["screening_due"] is None
    move_clock(timedelta(minutes=5))  # the pain comes after the screening
    code, _, err = run(db, "log", "pain", "--score", "5", "--where", "leg", "--radiating")
    assert code == 0 and "changed character" in err
    assert "changed character" in json.loads(ok(db, "status", "--json"))["screening_due"]
    ok(db, "screen", "--answers", "1=no,2=no,3=no,4=no,5=no", "--none-apply")
    assert json.loads(ok(db, "status", "--json"))["screening_due"] is None
    out = ok(db, "log", "pain", "--score", "4", "--where", "buttock", "--none-apply")
    assert "No red flags in the 16 answers" in out  # a new location: all 16 asked


def test_a_positive_red_flag_stops_every_status_until_cleared(db: Path) -> None:
    ok(db, "screen", "--none-apply")
    assert json.loads(ok(db, "status", "--json"))["severity"] != "stop"
    out = ok(
        db, "log", "pain", "--score", "3", "--screen", "--answers", "1=no,2=no,3=yes,4=no,5=no"
    )
    assert "get assessed" in out and "emergency" in out
    for _ in range(2):
        status = json.loads(ok(db, "status", "--json"))
        assert status["severity"] == "stop" and status["answer"].startswith("No")
        assert [f["values"]["question"] for f in status["red_flags"]] == ["saddle-numbness"]
        assert "get assessed" in status["red_flags"][0]["message"]
    text = ok(db, "status")
    assert "get assessed" in text and "Red flags" in text
    listed = json.loads(ok(db, "screen", "list", "--json"))
    assert len(listed["questions"]) == 16
    assert listed["positive_answers"][0]["cleared_at"] is None
    assert "Cleared 1 red flag" in ok(db, "screen", "clear", "--note", "GP, all fine")
    status = json.loads(ok(db, "status", "--json"))
    assert status["severity"] != "stop" and status["red_flags"] == []


def test_checkin_session_routine_and_run_type(db: Path) -> None:
    ok(db, "log", "checkin", "--date", "2026-10-01", "--sleep-hours", "6.5", "--not-enough")
    out = ok(db, "log", "checkin", "--date", "2026-10-01", "--sleep-quality", "2")
    assert "slept 6.5 h" in out and "sleep quality 2/5" in out and "did not eat enough" in out
    out = ok(db, "log", "session", "--kind", "core", "--minutes", "15", "--date", "2026-10-01",
             "--exercises", "plank,side-plank,glute-bridge")  # fmt: skip
    assert "plank, side-plank, glute-bridge" in out
    ok(db, "log", "run", "--date", "2026-10-02", "--distance", "5km", "--duration", "30:00")
    (run_id,) = (r["id"] for r in json.loads(ok(db, "activities", "--json")))
    code, _, err = run(db, "log", "routine", str(run_id), "--confirm")
    assert code == 2 and "--warm-up" in err  # a manual run's file shows nothing
    ok(db, "log", "routine", str(run_id), "--warm-up", "1", "--cool-down", "5",
       "--cool-down-kind", "walk")  # fmt: skip
    (row,) = json.loads(ok(db, "runs", "--json"))
    assert (row["warm_up_min"], row["cool_down_min"], row["cool_down_kind"]) == (1, 5, "walk")
    assert row["routines_confirmed"] is True and row["run_type"] == "easy"
    found = json.loads(ok(db, "check", "--since", "2026-10-02", "--until", "2026-10-02", "--json"))
    assert [f["rule"] for f in found if f.get("date") == "2026-10-02"] == ["warm-up"]
    ok(db, "run-type", str(run_id), "speed")
    (row,) = json.loads(ok(db, "runs", "--json"))
    assert row["run_type"] == "speed" and row["run_type_source"] == "runner"


def test_config_set_show_unset(db: Path) -> None:
    ok(db, "profile", "--units", "mi")
    ok(db, "config", "set", "weekly-ramp.max_increase", "1.5")
    path = Path(ok(db, "config", "path").strip().replace("\n", ""))
    assert path == db.with_name("runner.rules.toml")
    assert "max_increase_mi = 1.5" in path.read_text()
    ok(db, "config", "set", "weekly-ramp.max_increase_km", "3")
    ok(db, "config", "set", "week_start", "sunday")
    shown = json.loads(ok(db, "config", "show", "--json"))
    assert shown["week_start"] == "sunday"
    ramp = next(r for r in shown["rules"] if r["rule"] == "weekly-ramp")
    assert ramp["params"]["max_increase_m"]["value"] == pytest.approx(3000)
    ok(db, "config", "unset", "weekly-ramp.max_increase")
    shown = json.loads(ok(db, "config", "show", "--json"))
    ramp = next(r for r in shown["rules"] if r["rule"] == "weekly-ramp")
    assert ramp["params"]["max_increase_m"]["value"] == pytest.approx(2 * MILE)


# -- the end-to-end check against an independent computation ---------------------


def _local_day(row: dict[str, object]) -> date:
    """The recorded offset where there is one (FIT), else the runner's zone."""
    start = datetime.fromisoformat(str(row["start_utc"]))
    offset = row["utc_offset_s"]
    if isinstance(offset, int):
        return (start.astimezone(UTC) + timedelta(seconds=offset)).date()
    return start.astimezone(ZoneInfo("Europe/London")).date()


def expected_findings(
    rows: list[dict[str, object]],
    shoes: list[dict[str, object]],
    pain: list[tuple[date, float]],
    since: date,
    until: date,
    max_increase_m: float,
) -> set[tuple[str, str, str]]:
    """weekly-ramp, run-days, long-run-spike, shoe-mileage and pain-during, from scratch."""
    runs = [(_local_day(r), float(r["distance_m"] or 0)) for r in rows if r["sport"] == "run"]  # type: ignore[arg-type]
    weekly: dict[date, float] = defaultdict(float)
    days: dict[date, set[date]] = defaultdict(set)
    for day, distance in runs:
        monday = day - timedelta(days=day.weekday())
        weekly[monday] += distance
        days[monday].add(day)
    out: set[tuple[str, str, str]] = set()
    first_run = min(day for day, _ in runs)
    week = since - timedelta(days=since.weekday())
    while week <= until:
        if first_run < week and weekly[week] - weekly[week - timedelta(days=7)] > max_increase_m:
            out.add(("weekly-ramp", week.isoformat(), "warning"))
        if len(days[week]) > 4:
            out.add(("run-days", week.isoformat(), "warning"))
        week += timedelta(days=7)
    for day, distance in runs:
        before = [d for other, d in runs if day - timedelta(days=30) <= other < day]
        if since <= day <= until and before and distance > max(before) * 1.10 + 1e-6:
            out.add(("long-run-spike", day.isoformat(), "warning"))
    for shoe in shoes:
        used = sorted(
            (_local_day(r), float(r["distance_m"] or 0))  # type: ignore[arg-type]
            for r in rows
            if r["gear"] == shoe["name"]
        )
        total = float(shoe["start_distance_m"])  # type: ignore[arg-type]
        replace_at = float(shoe["replace_at_m"])  # type: ignore[arg-type]
        by_day: dict[date, float] = defaultdict(float)
        for day, distance in used:
            by_day[day] += distance
        for day in sorted(by_day):
            total += by_day[day]
            if since <= day <= until and total >= 0.9 * replace_at:
                severity = "warning" if total >= replace_at else "advice"
                out.add(("shoe-mileage", day.isoformat(), severity))
    for day, score in pain:
        if since <= day <= until and score > 5:
            out.add(("pain-during", day.isoformat(), "stop"))
    return out


CHECKED = {"weekly-ramp", "run-days", "long-run-spike", "shoe-mileage", "pain-during"}


@pytest.mark.parametrize(("units", "setting", "max_increase_m"), [
    ("km", ("weekly-ramp.max_increase_km", "3"), 3000.0),
    ("mi", ("weekly-ramp.max_increase_mi", "2"), 2 * MILE),
])  # fmt: skip
def test_check_matches_an_independent_computation(
    imported: Path, units: str, setting: tuple[str, str], max_increase_m: float
) -> None:
    db = imported
    ok(db, "profile", "--units", units)
    ok(db, "config", "set", *setting)
    rows = json.loads(ok(db, "activities", "--json"))
    assert len(rows) > 200
    runs = [r for r in rows if r["sport"] == "run"]
    # Two extra run days in one week (six in all) and a spike, logged by hand.
    ok(db, "log", "run", "--date", "2026-10-14", "--distance", "4km", "--duration", "25:00")
    ok(db, "log", "run", "--date", "2026-10-17", "--distance", "21km", "--duration", "2:10:00")
    pain = [(date(2026, 10, 14), 6.0), (date(2026, 10, 17), 5.0), (date(2026, 10, 20), 7.5)]
    for day, score in pain:
        ok(
            db,
            "log",
            "pain",
            "--score",
            f"{score:g}",
            "--when",
            "during",
            "--date",
            day.isoformat(),
        )
    ok(db, "log", "session", "--kind", "core", "--minutes", "20", "--date", "2026-10-18")
    rows = json.loads(ok(db, "activities", "--json"))
    shoes = json.loads(ok(db, "shoes", "--json"))
    for shoe in shoes:
        assigned = sum(r["distance_m"] or 0 for r in rows if r["gear"] == shoe["name"])
        assert shoe["distance_m"] == pytest.approx(shoe["start_distance_m"] + assigned)
        assert shoe["activities"] == sum(1 for r in rows if r["gear"] == shoe["name"])
    since, until = date(2026, 6, 1), date(2026, 11, 1)
    found = json.loads(
        ok(db, "check", "--json", "--since", since.isoformat(), "--until", until.isoformat())
    )
    assert all({"rule", "severity", "message", "values", "source"} <= f.keys() for f in found)
    assert all((f["date"] is None) != (f["week_start"] is None) for f in found)
    got = {
        (f["rule"], f.get("date") or f["week_start"], f["severity"])
        for f in found
        if f["rule"] in CHECKED
    }
    want = expected_findings(rows, shoes, pain, since, until, max_increase_m)
    assert got == want
    assert {rule for rule, _, _ in want} == CHECKED  # every rule fired at least once
    unit_word = f" {units}"
    ramp = next(f for f in found if f["rule"] == "weekly-ramp")
    assert unit_word in ramp["message"]
    assert len(runs) > 100


def test_status_says_what_a_run_today_would_break(imported: Path) -> None:
    db = imported
    with open_store(f"sqlite:///{db}") as store:  # screened before that week
        at = datetime(2026, 10, 1, 9, tzinfo=UTC)
        store.add_red_flag_answers([RedFlagAnswer(f.id, at, False) for f in RED_FLAGS])
    for day in ("2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29"):
        ok(db, "log", "run", "--date", day, "--time", "18:00", "--distance", "3km",
           "--duration", "20:00")  # fmt: skip
    status = json.loads(ok(db, "status", "--json", "--date", "2026-10-30"))
    run_days = [f for f in status["if_you_run_today"] if f["rule"] == "run-days"]
    assert run_days and run_days[0]["values"]["run_days_if_run"] >= 5
    assert "would be run day" in run_days[0]["message"]
    assert status["week_start"] == "2026-10-26"
    assert status["answer"].startswith("Better not")
    text = ok(db, "status", "--date", "2026-10-30")
    assert "If you run today" in text and "would be run day" in text
