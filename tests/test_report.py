"""The clinician report: built from a demo history with its diary, printed to PDF by
WeasyPrint, and read back page by page (pypdf) as a physiotherapist would read it."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from demo_exports import DemoExport

from backstride.demo import demo_diary, demo_runs, save_diary
from backstride.demo.history import DEMO_ZONE
from backstride.domain.activity import Units
from backstride.ingest.pipeline import import_paths
from backstride.report import NOT_A_DIAGNOSIS, ReportDocument, build, render_html, render_pdf
from backstride.services.insights import insights, report
from backstride.services.workspace import Workspace
from backstride.store import Store, open_store

pytestmark = pytest.mark.clock_free  # every date here is fixed, none is today

END = date(2026, 12, 5)  # the demo history ends the day before
WEEKS = 52


@pytest.fixture(scope="module")
def demo_store(
    demo_export: DemoExport, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A year of the demo runner: the runs imported from the Strava export, then the diary."""
    db = tmp_path_factory.mktemp("report") / "demo.db"
    with open_store(f"sqlite:///{db}") as store:
        store.update_athlete(name="Demo runner", time_zone=DEMO_ZONE)
        import_paths(store, [demo_export(END, weeks=WEEKS)], workers=1)
        save_diary(store, demo_diary(demo_runs(END, weeks=WEEKS), END, weeks=WEEKS))
        yield store


@pytest.fixture(scope="module")
def year(demo_store: Store) -> ReportDocument:
    first = END - timedelta(weeks=WEEKS)
    return report(Workspace.of(demo_store, today=END), first, END - timedelta(days=1))


def _pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_demo_diary_ends_yesterday_and_plants_what_the_insights_find(
    demo_store: Store,
) -> None:
    yesterday = END - timedelta(days=1)
    assert max(c.on for c in demo_store.check_ins()) == yesterday
    assert max(a.start_utc for a in demo_store.activities()).date() >= END - timedelta(days=3)
    found = insights(Workspace.of(demo_store, today=END), None, yesterday)
    stand_out = {(i.outcome, i.factor) for i in found.stand_out}
    assert ("next-morning", "warm-up") in stand_out
    assert ("next-morning", "worn-shoes") in stand_out
    # nothing was planted on the brace, the treadmill or speed work
    assert not {f for _, f in stand_out} & {"brace", "treadmill", "speed-session"}
    brace = [i for i in found.all() if i.factor == "brace"]
    assert brace and all(i.comparison.n_with > 0 for i in brace)


def test_the_pdf_has_two_to_four_pages_with_every_section(year: ReportDocument) -> None:
    pages = _pages(render_pdf(year))
    assert 2 <= len(pages) <= 4
    text = "\n".join(pages)
    first = pages[0]
    assert "Running and back pain report" in first and "Demo runner" in first
    assert "generated 5 Dec 2026" in first and "Not a diagnosis." in first
    assert f"period {year.since.day} {year.since:%b %Y} to 4 Dec 2026" in first
    for heading in (
        "Running load and pain, week by week",
        "Pain timeline by moment and place",
        "Red-flag screening",
        "What went with worse days (insights)",
        "Cadence and form",
        "Routines, core work and shoes",
        "Rule findings and plan changes",
        "The runner's own notes",
    ):
        assert heading in text, heading
    assert all("not a diagnosis" in page for page in pages)  # the footer on every page
    assert "the same as before, or worse" in text  # the flare's positive screening answer (13)
    assert "Warm-up skipped or short" in text and "points worse" in text
    assert "Brooks Ghost 14" in text and "retired" in text
    assert "not enough data yet" in text.lower() or "Not enough data yet" in text
    assert "Traceback" not in text and "None" not in text


def test_the_report_is_in_the_runner_s_units(demo_store: Store) -> None:
    demo_store.update_athlete(units=Units.MI)
    try:
        doc = report(
            Workspace.of(demo_store, today=END), END - timedelta(weeks=8), END - timedelta(days=1)
        )
    finally:
        demo_store.update_athlete(units=Units.KM)
    html = render_html(doc)
    assert " mi</td>" in html and " km</td>" not in html
    assert "/mi</td>" in html  # the cadence bands' paces


def test_json_holds_every_section_in_si(year: ReportDocument) -> None:
    data = json.loads(json.dumps(year.to_json()))
    assert data["note"] == NOT_A_DIAGNOSIS and data["generated_on"] == "2026-12-05"
    assert data["units"] == "km" and len(data["weeks"]) >= WEEKS
    assert data["screenings"] and any(s["positives"] for s in data["screenings"])
    cleared = [p for s in data["screenings"] for p in s["positives"]]
    assert all(p["cleared_on"] for p in cleared)
    assert {"stand_out", "no_clear_link", "not_enough_data"} <= data["insights"].keys()
    assert data["adherence"]["warm_up_known"] > data["adherence"]["warm_up_done"] > 0
    assert data["places"] and data["pain"] and data["notes"]


def test_an_empty_history_still_prints_a_short_report(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as store:
        doc = report(Workspace.of(store, today=END), date(2026, 9, 1), date(2026, 11, 30))
    pages = _pages(render_pdf(doc))
    assert 1 <= len(pages) <= 2
    text = "\n".join(pages)
    assert "No pain reports in the period." in text and "no plan on record" in text
    assert "Nothing stands out yet." in text


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    from backstride.domain.backcare import History

    with pytest.raises(ValueError, match="starts"):
        build(History(), None, date(2026, 2, 1), date(2026, 1, 1), generated_on=END)
