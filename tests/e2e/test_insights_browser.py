"""The Insights page in Chromium at a phone's and a laptop's width: it fits, it shows what
the demo year planted, and its report buttons download the clinician report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from demo_exports import DemoExport
from e2e.conftest import Server
from e2e.screens import WIDTHS, visit

from backstride import clock
from backstride.demo import demo_diary, demo_runs, save_diary
from backstride.demo.history import DEMO_ZONE
from backstride.ingest.pipeline import import_paths
from backstride.store import open_store

WEEKS = 52


@pytest.fixture(scope="module")
def diary_server(
    tmp_path_factory: pytest.TempPathFactory, sync_api: Any, demo_export: DemoExport
) -> Iterator[Server]:
    """A year of the demo runner with the diary that plants the associations."""
    today = clock.today(DEMO_ZONE)
    url = f"sqlite:///{tmp_path_factory.mktemp('insights') / 'demo.db'}"
    with open_store(url) as store:
        store.update_athlete(name="Demo runner", time_zone=DEMO_ZONE)
        import_paths(store, [demo_export(today, weeks=WEEKS)], workers=1)
        save_diary(store, demo_diary(demo_runs(today, weeks=WEEKS), today, weeks=WEEKS))
    server = Server(url)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("width", WIDTHS)
def test_insights_fit_and_the_report_downloads(
    page: Any, diary_server: Server, sync_api: Any, screenshots: Path, width: int
) -> None:
    expect = sync_api.expect
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{diary_server.base}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    visit(page, diary_server.base, "/insights", screenshots, "insights", width)
    stands_out = page.get_by_role("list", name="Stands out")
    expect(stands_out).to_contain_text("Warm-up skipped or short")
    expect(stands_out).to_contain_text("Shoes past 80 %")
    expect(page.get_by_role("note")).to_contain_text("not causes and not a diagnosis")
    expect(page.get_by_role("heading", name="Not clear yet: could be chance")).to_be_visible()

    report = page.get_by_role("form", name="A report for your physiotherapist")
    with page.expect_download() as pdf_download:
        report.get_by_role("button", name="Download the report (PDF)").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.startswith("backstride-report-")
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as html_download:
        report.get_by_role("button", name="HTML").click()
    html = html_download.value
    assert html.suggested_filename.endswith(".html")
    assert "Demo runner" in Path(html.path()).read_text(encoding="utf-8")
