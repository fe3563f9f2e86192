"""The .ics export opens in a real calendar program: Debian's calcurse imports the plan
with no errors and lists every session on its day, with its title and routine steps.

calcurse runs in a throwaway data and configuration folder (never the user's home);
`.ci/install-calendar` installs it on CI, and the tests skip, saying so, without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component
from test_plan_builders import TODAY, ZONE, a_run, at, steady_history

from backstride.domain.backcare import History, PainReport, PainTiming
from backstride.plan import Plan, PlanProfile, generate, parse_goal
from backstride.plan.adapt import adapt
from backstride.plan.ics import to_ics

CALCURSE = shutil.which("calcurse")
pytestmark = [
    pytest.mark.skipif(
        CALCURSE is None,
        reason="calcurse not found: run .ci/install-calendar (apt-get install calcurse)",
    ),
    pytest.mark.clock_free,  # never reads the clock (conftest checks)
]

SUNDAY = TODAY + timedelta(days=4)  # the last day of a week the runner ran in full
REPORT = re.compile(r"(\d+) apps / (\d+) events / (\d+) todos / (\d+) skipped")
DAY = re.compile(r"^(\d{4}-\d{2}-\d{2}):$")
# ISO dates in and out; the item lines are ours: kind|start|note file|title
CONF = "format.inputdate=4\nformat.outputdate=%Y-%m-%d\n"
APPOINTMENT = "A|%(start:%H:%M)|%n|%m\n"
EVENT = "E||%n|%m\n"


@dataclass(frozen=True)
class Listed:
    """One item as calcurse lists it; `start` is None for an all-day event."""

    on: date
    start: str | None
    title: str
    note: str


@dataclass(frozen=True)
class Imported:
    appointments: int
    events: int
    listed: list[Listed]


def _plan() -> tuple[Plan, History]:
    """Six weeks to a 10 km race: easy, long and speed runs, core, cross-training, rest."""
    history = steady_history(SUNDAY + timedelta(days=1), kms=(6, 6, 10))
    result = generate(PlanProfile(), history, parse_goal("race:10k@2026-03-01"), None, SUNDAY)
    return result.plan, history


def _calcurse(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": ZONE, "TMPDIR": str(folder), "HOME": str(folder)}
    command = [str(CALCURSE), "-D", str(folder / "data"), "-C", str(folder / "conf"), *args]
    return subprocess.run(
        command, stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60
    )


def _import(ics: bytes, folder: Path) -> Imported:
    """Import `ics` into a fresh calcurse folder and list everything it then holds."""
    (folder / "data").mkdir(parents=True)
    (folder / "conf").mkdir()
    (folder / "conf" / "conf").write_text(CONF)
    (folder / "plan.ics").write_bytes(ics)
    done = _calcurse(folder, "-i", str(folder / "plan.ics"))
    logs = "".join(p.read_text() for p in folder.glob("calcurse_log.*"))  # why items failed
    assert done.returncode == 0 and done.stderr == "", done.stderr + logs
    report = REPORT.search(done.stdout)
    assert report, done.stdout
    appointments, events, todos, skipped = map(int, report.groups())
    assert (todos, skipped) == (0, 0), done.stdout + logs
    cal = Calendar.from_ical(ics)
    days = [_start(e)[0] for e in cal.walk("VEVENT")]
    query = ["--read-only", "-Q", "--filter-type", "cal"]
    query += ["--from", min(days).isoformat(), "--to", max(days).isoformat()]
    listing = _calcurse(folder, *query, "--format-apt", APPOINTMENT, "--format-event", EVENT)
    assert listing.returncode == 0, listing.stderr
    listed, on = [], None
    for line in listing.stdout.splitlines():
        if heading := DAY.match(line):
            on = date.fromisoformat(heading.group(1))
        elif line:
            assert on is not None and line[:2] in ("A|", "E|"), line
            _, start, note, title = line.split("|", 3)
            text = (folder / "data" / "notes" / note).read_text() if note else ""
            listed.append(Listed(on, start or None, title, text))
    return Imported(appointments, events, listed)


def _start(event: Component) -> tuple[date, str | None]:
    """The event's day and start time (HH:MM) in the exported zone; no time if all-day."""
    start = event.decoded("dtstart")
    if isinstance(start, datetime):
        local = start.astimezone(ZoneInfo(ZONE))
        return local.date(), local.strftime("%H:%M")
    assert isinstance(start, date)
    return start, None


def _expected(ics: bytes) -> list[Listed]:
    """What a calendar program should list: each VEVENT as icalendar reads it."""
    return [
        Listed(*_start(e), str(e["summary"]), str(e.get("description", "")))
        for e in Calendar.from_ical(ics).walk("VEVENT")
    ]


def _key(item: Listed) -> tuple[date, str | None, str]:
    return item.on, item.start, item.title


def test_calcurse_lists_every_session_on_its_day_with_its_title(tmp_path: Path) -> None:
    plan, _ = _plan()
    ics = to_ics(plan, ZONE)
    expected = _expected(ics)
    imported = _import(ics, tmp_path / "calendar")
    assert imported.appointments + imported.events == len(expected)
    assert len(imported.listed) == len(expected)
    assert Counter(map(_key, imported.listed)) == Counter(map(_key, expected))
    titles = {e.title.split(" ")[0] for e in expected}
    assert {"Easy", "Long", "Speed", "Race", "Core", "Cross-training:", "Rest"} <= titles
    race = [e for e in imported.listed if e.title.startswith("Race")]
    assert [r.on for r in race] == [plan.goal.race_date]
    # the description survives folding and escaping: routine steps, commas, blank lines
    noted = Counter((_key(e), e.note.rstrip("\n")) for e in imported.listed)  # calcurse adds \n
    assert noted == Counter((_key(e), e.note) for e in expected)
    assert any("Standard warm-up:\n- Brisk walk: 2:30" in e.note for e in imported.listed)


def test_reexport_after_a_change_imports_the_same_count_into_a_fresh_folder(
    tmp_path: Path,
) -> None:
    plan, history = _plan()
    day = next(s.on for s in plan.sessions if s.is_run)
    history = replace(
        history,
        activities=(*history.activities, a_run(day, 5)),
        pain_reports=(PainReport(at(day, 9), 6.5, PainTiming.DURING),),  # a bad run
    )
    adapted = adapt(plan, history, None, day)
    first = _import(to_ics(plan, ZONE), tmp_path / "before")
    again = _import(to_ics(adapted, ZONE), tmp_path / "after")
    assert len(again.listed) == len(first.listed) == len(_expected(to_ics(adapted, ZONE)))
    assert Counter(e.on for e in again.listed) == Counter(e.on for e in first.listed)
    assert not any("pain-during" in e.note for e in first.listed)
    assert any("Changed (pain-during)" in e.note for e in again.listed)
