"""The one clock: BACKSTRIDE_NOW and BACKSTRIDE_TODAY set "now" and "today" for every command
and every request, in the runner's time zone; nothing else in backstride reads the time."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from clitools import ok, run
from fastapi.testclient import TestClient

from backstride import clock
from backstride.web import create_app

SRC = Path(__file__).resolve().parents[1] / "src" / "backstride"
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_a_moment_without_an_offset_is_the_runners_local_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(clock.ENV_NOW, "2026-12-05T23:30")
    assert clock.now(LOS_ANGELES) == datetime(2026, 12, 5, 23, 30, tzinfo=LOS_ANGELES)
    assert clock.today("America/Los_Angeles") == date(2026, 12, 5)
    assert clock.today("Europe/London") == date(2026, 12, 5)
    assert clock.now_utc() == datetime(2026, 12, 5, 23, 30, tzinfo=UTC)


def test_a_moment_with_an_offset_is_one_instant_everywhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(clock.ENV_NOW, "2026-12-05T23:30Z")
    assert clock.now_utc(LOS_ANGELES) == datetime(2026, 12, 5, 23, 30, tzinfo=UTC)
    assert clock.today(LOS_ANGELES) == date(2026, 12, 5)  # 15:30 there
    assert clock.today("Asia/Tokyo") == date(2026, 12, 6)  # 08:30 the next morning


def test_today_alone_keeps_the_real_time_of_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENV_NOW)
    monkeypatch.setenv(clock.ENV_TODAY, "2027-02-28")
    moment = clock.now("Europe/London")
    real = datetime.now(ZoneInfo("Europe/London"))
    assert moment.date() == date(2027, 2, 28) and moment.utcoffset() is not None
    seconds = (moment.hour - real.hour) * 3600 + (moment.minute - real.minute) * 60
    seconds += moment.second - real.second
    assert abs(seconds) < 5 or abs(abs(seconds) - 86_400) < 5  # (across midnight)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        (clock.ENV_NOW, "yesterday", "is not a moment"),
        (clock.ENV_NOW, "2026-13-01T10:00", "is not a moment"),
        (clock.ENV_TODAY, "12/05/2026", "is not a date"),
        (clock.ENV_TODAY, "0001-01-01", "outside"),
        (clock.ENV_NOW, "9999-12-31T00:00", "outside"),
    ],
)
def test_a_value_that_is_not_a_moment_is_one_line_and_nothing_runs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str, says: str
) -> None:
    monkeypatch.delenv(clock.ENV_NOW)
    monkeypatch.setenv(variable, value)
    with pytest.raises(clock.ClockError, match=says):
        clock.now()
    db = tmp_path / "runner.db"
    code, out, err = run(db, "status")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and variable in err and says in err
    assert not db.exists()  # refused before the database was opened


def test_every_command_and_page_takes_today_from_the_clock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = tmp_path / "runner.db"
    ok(db, "profile", "--time-zone", "America/Los_Angeles")
    monkeypatch.setenv(clock.ENV_NOW, "2027-01-10T23:30")  # Sunday evening in Los Angeles
    assert json.loads(ok(db, "status", "--json"))["date"] == "2027-01-10"
    with TestClient(create_app(f"sqlite:///{db}"), base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/status").json()["date"] == "2027-01-10"
    # a pain report without a date is stamped now, in that zone
    assert "at 2027-01-10 23:30" in ok(db, "log", "pain", "--score", "2", "--when", "other")
    monkeypatch.setenv(clock.ENV_NOW, "2027-01-11T00:30")  # an hour later: Monday
    assert json.loads(ok(db, "status", "--json"))["date"] == "2027-01-11"
    code, _, err = run(db, "log", "run", "--date", "2027-01-12", "--distance", "5km",
                       "--duration", "30:00")  # fmt: skip
    assert code == 2 and "in the future" in err


def test_nothing_else_reads_the_system_clock() -> None:
    readers = re.compile(r"\b(datetime\.now|datetime\.utcnow|date\.today|datetime\.today)\(")
    found = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if readers.search(line)
    ]
    assert found == [], "read the time through backstride.clock"
