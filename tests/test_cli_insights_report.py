"""`backstride insights` and `backstride report` on a real SQLite file: twelve weeks of the
demo runner with its diary, in the runner's units and words, and one line for each mistake."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from clitools import dump, ok, run
from demo_exports import DemoExport

from backstride import clock
from backstride.demo import demo_diary, demo_runs, save_diary
from backstride.demo.history import DEMO_ZONE
from backstride.domain.activity import Units
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

WEEKS = 12


@pytest.fixture(scope="module")
def db(demo_export: DemoExport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    today = clock.today(DEMO_ZONE)
    path = tmp_path_factory.mktemp("cli-report") / "demo.db"
    with open_store(f"sqlite:///{path}") as store:
        store.update_athlete(name="Sam", time_zone=DEMO_ZONE, units=Units.MI)
        import_paths(store, [demo_export(today, weeks=WEEKS)], workers=1)
        save_diary(store, demo_diary(demo_runs(today, weeks=WEEKS), today, weeks=WEEKS))
    return path


def test_insights_in_words_and_json(db: Path) -> None:
    out = ok(db, "insights", "--min-days", "4")
    assert out.startswith("What went with your worse back days")
    assert "not causes and not a diagnosis" in out
    assert "Stands out" in out and "Cadence by pace" in out and "/mi:" in out
    assert "Traceback" not in out and "None" not in out
    data = json.loads(ok(db, "insights", "--json"))
    assert data["min_days"] == 8 and data["interval_level"] == 0.9
    everything = data["stand_out"] + data["no_clear_link"] + data["not_enough_data"]
    assert len(everything) == 28  # 14 factors, two kinds of pain
    for item in data["not_enough_data"]:
        assert item["difference"] is None and item["interval"] is None
        assert item["sentence"].startswith("not enough data yet: ")
        assert " of 8 days" in item["sentence"]
    today = clock.today(DEMO_ZONE)
    since = (today - timedelta(days=14)).isoformat()
    few = json.loads(ok(db, "insights", "--json", "--since", since))
    assert few["since"] == since and few["until"] == today.isoformat()
    assert not few["stand_out"]


def test_report_writes_a_pdf_html_and_json(db: Path, tmp_path: Path) -> None:
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    out = ok(db, "report", "--pdf", str(pdf), "--html", str(html))
    assert f"Wrote the report (PDF) to {pdf}" in out
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages]
    assert 2 <= len(pages) <= 4
    today = clock.today(DEMO_ZONE)
    first = today - timedelta(days=83)
    assert f"generated {today.day} {today:%b %Y}" in pages[0]
    assert f"period {first.day} {first:%b %Y} to {today.day} {today:%b %Y}" in pages[0]
    assert "Sam" in pages[0] and " mi" in pages[0] and "Not a diagnosis." in pages[0]
    assert "<svg" in html.read_text(encoding="utf-8")
    data = json.loads(ok(db, "report", "--json", "--from", first.isoformat()))
    assert data["since"] == first.isoformat() and data["runner"] == "Sam"


def test_report_mistakes_are_one_line_and_write_nothing(db: Path, tmp_path: Path) -> None:
    before = dump(db)
    for args, says in (
        (["report"], "--pdf FILE, --html FILE or --json"),
        (["report", "--json", "--from", "2026-13-01"], "not a date"),
        (["report", "--json", "--from", "2026-02-01", "--to", "2026-01-01"], "is after"),
        (["report", "--pdf", str(tmp_path / "no" / "such" / "r.pdf")], "there is no folder"),
        (["insights", "--since", "2026-02-01", "--until", "2026-01-01"], "is after"),
        (["insights", "--min-days", "1"], "min-days"),
    ):
        code, _, err = run(db, *args)
        assert code == 2, (args, err)
        assert says in err, (args, err)
        assert "Traceback" not in err
    assert not list(tmp_path.iterdir())
    assert dump(db) == before
