"""A runner in miles reads no kilometre and no internal name anywhere: every page of the
app over the demo history with a race plan (walked in Chromium at a phone's width, link by
link from Today), the main commands, the report and the .ics calendar.

What a runner reads is each page's text, hidden parts included (a closed <details> opens,
a chart's labels are read out), and the labels, titles and placeholders of its elements.
A finding names the page and the words around it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from clitools import ok
from demo_exports import DemoExport
from e2e.conftest import Server

from backstride import clock
from backstride.routines.model import all_routines

WEEKS = 78  # the demo's own length: its export is shared with the other browser tests

# A kilometre figure or unit ("5.0 km", "6:05/km", "km"); the word "Kilometres" as a choice
# of units is the runner's own.
KILOMETRES = re.compile(r"\d\s*km\b|/km\b|\bkm/|\bkm\b", re.IGNORECASE)
# A setting's name (max_increase_mi); Strava's file names (export_12345678.zip) have digits.
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
GOAL_SYNTAX = re.compile(r"\b(race|weekly):\S+")
# A routine's file name ("warm-up-flare"); the plain words warm-up, cool-down and core are
# the runner's own.
ROUTINE_FILES = sorted(
    name for name in all_routines() if name not in ("warm-up", "cool-down", "core")
)
ROUTINE_NAME = re.compile(r"\b(" + "|".join(map(re.escape, ROUTINE_FILES)) + r")\b")
RAW_ID = re.compile(r"\b(activity|id|answer|trash|report|session) #?\d+\b", re.IGNORECASE)
CHECKS = {
    "kilometres": KILOMETRES,
    "snake_case name": SNAKE_CASE,
    "goal syntax": GOAL_SYNTAX,
    "routine file name": ROUTINE_NAME,
    "raw id": RAW_ID,
}
# Each page of a kind is the same template: a few of each are enough.
PER_KIND = 3
SKIP = ("/api", "/static", "/data/export.zip", "/plan/backstride-workouts.zip", "/report.pdf")

READ_BY_A_RUNNER = """() => {
  const parts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const tag = node.parentElement ? node.parentElement.tagName.toLowerCase() : "";
    if (tag !== "script" && tag !== "style" && tag !== "template") parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll("[aria-label],[title],[alt],[placeholder]")) {
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join("\\n");
}"""


def findings(where: str, text: str) -> list[str]:
    """Each thing a runner should not read in `text`, with the words around it."""
    out = []
    for what, pattern in CHECKS.items():
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 40]
            out.append(f"{where}: {what} {match.group(0)!r} in {' '.join(around.split())!r}")
    return out


@pytest.fixture(scope="module")
def miles_runner(tmp_path_factory: pytest.TempPathFactory, demo_export: DemoExport) -> Path:
    """The demo history and diary, a runner in miles, a 10 km race plan changed by pain."""
    from backstride.demo import demo_diary, demo_runs, save_diary
    from backstride.demo.history import DEMO_ZONE
    from backstride.ingest.pipeline import import_paths
    from backstride.store import open_store

    db = tmp_path_factory.mktemp("miles") / "runner.db"
    today = clock.today(DEMO_ZONE)
    with open_store(f"sqlite:///{db}") as store:
        store.update_athlete(name="Demo runner", time_zone=DEMO_ZONE)
        import_paths(store, [demo_export(today, weeks=WEEKS)], workers=1)
        save_diary(store, demo_diary(demo_runs(today, weeks=WEEKS), today, weeks=WEEKS))
    ok(db, "profile", "--units", "mi")
    race_day = today + timedelta(weeks=14)
    ok(db, "plan", "new", "--goal", f"race:10k@{race_day}", "--anyway")
    # a bad run today: the plan changes, and its change log has distances to say
    ok(db, "log", "pain", "--score", "7", "--when", "during")
    return db


@pytest.fixture()
def miles_server(miles_runner: Path, sync_api: Any) -> Iterator[Server]:
    server = Server(f"sqlite:///{miles_runner}")
    try:
        yield server
    finally:
        server.stop()


def _kind(path: str) -> str:
    """/activities/12 and /activities/40 are one kind of page."""
    return re.sub(r"/(\d+|\d{4}-\d{2}-\d{2})(?=/|$)", "/N", path)


def test_every_page_reads_in_miles_and_runner_s_words(browser: Any, miles_server: Server) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    base = miles_server.base
    to_visit, seen, per_kind = ["/", "/welcome"], set(), {}  # type: ignore[var-annotated]
    found: list[str] = []
    try:
        while to_visit:
            path = to_visit.pop(0)
            kind = _kind(path)
            if path in seen or per_kind.get(kind, 0) >= PER_KIND:
                continue
            seen.add(path)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            response = page.goto(f"{base}{path}?welcome=skip" if path == "/" else f"{base}{path}")
            assert response is not None and response.status == 200, path
            found += findings(path, page.evaluate(READ_BY_A_RUNNER))
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                link = urlsplit(urljoin(f"{base}{path}", href))
                if link.netloc != urlsplit(base).netloc or link.path.startswith(SKIP):
                    continue
                if link.path.endswith((".ics", "/report.html")):
                    continue  # read below
                if link.path not in seen:
                    to_visit.append(link.path)
        report = page.request.get(f"{base}/report.html")  # a download: read as a page
        assert report.status == 200
        page.set_content(report.text())
        found += findings("/report.html", page.evaluate(READ_BY_A_RUNNER))
        ics = page.request.get(f"{base}/plan/backstride-plan.ics")
        assert ics.status == 200
        found += findings("/plan/backstride-plan.ics", _ics_text(ics.text()))
    finally:
        context.close()
    assert len(per_kind) >= 15, sorted(per_kind)  # every kind of page was reached
    assert not found, "\n".join(found)


def _ics_text(calendar: str) -> str:
    """What a calendar shows: each event's title and description (unfolded)."""
    unfolded = re.sub(r"\r?\n[ \t]", "", calendar)
    keep = [
        line.split(":", 1)[1].replace("\\n", "\n").replace("\\,", ",")
        for line in unfolded.splitlines()
        if line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION"))
    ]
    return "\n".join(keep)


COMMANDS = (
    ("status",),
    ("check",),
    ("plan", "show"),
    ("plan", "list"),
    ("activities",),
    ("runs",),
    ("shoes",),
    ("insights",),
    ("diary",),
    ("trash",),
    ("screen", "list"),
)
# `config show` is left out: it shows the rules file, whose setting names (max_increase_mi)
# are what `config set` takes.


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_the_main_commands_read_in_miles_and_runner_s_words(
    miles_runner: Path, command: tuple[str, ...]
) -> None:
    out = ok(miles_runner, *command)
    assert not findings(" ".join(command), out), "\n".join(findings(" ".join(command), out))


def test_the_plan_s_changes_read_in_miles(miles_runner: Path) -> None:
    shown = json.loads(ok(miles_runner, "plan", "show", "--json"))
    changed = sorted({s["date"] for s in shown if s.get("changes")})
    assert changed, "the pain during today's run changes the days to come"
    for day in changed[:3]:
        out = ok(miles_runner, "plan", "why", day)
        assert not findings(f"plan why {day}", out), "\n".join(findings(f"plan why {day}", out))


def test_the_ics_calendar_reads_in_miles(miles_runner: Path, tmp_path: Path) -> None:
    calendar = tmp_path / "plan.ics"
    ok(miles_runner, "plan", "export", "--ics", str(calendar))
    text = _ics_text(calendar.read_text(encoding="utf-8"))
    assert " mi" in text
    assert not findings("plan.ics", text), "\n".join(findings("plan.ics", text))
