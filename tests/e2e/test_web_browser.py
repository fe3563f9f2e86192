"""End to end in Chromium: import a real FIT file by upload, read its charts, the
shoes, and every page at phone and laptop width (screenshots in artifacts/)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

FIT_RUN = "fit/dtcooper__tests__files__activity-small-fenix2-run.fit"
PAGES = {
    "today": "/",
    "week": "/week",
    "activities": "/activities",
    "charts": "/charts",
    "shoes": "/shoes",
    "import": "/import",
    "settings": "/settings",
    "plan": "/plan",
}
WIDTHS = (375, 1280)


@pytest.mark.corpus
def test_import_a_real_fit_file_by_upload_and_see_its_charts(
    page: Any, empty_server: Any, corpus: Path, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{empty_server.base}/import")
    page.get_by_label("Choose files").set_input_files(str(corpus / FIT_RUN))
    expect(page.get_by_text("activity-small-fenix2-run.fit")).to_be_visible()
    page.get_by_role("button", name="Import").click()
    report = page.get_by_role("region", name="Import report")
    expect(report).to_be_visible()
    expect(report.locator("dt", has_text="Imported").locator("+ dd")).to_have_text("1")
    page.get_by_role("link", name="See your activities").click()
    expect(page.get_by_role("heading", name="Activities", level=1)).to_be_visible()
    listed = page.get_by_role("list", name="Activities").get_by_role("link")
    expect(listed).to_have_count(1)
    listed.first.click()
    expect(page.get_by_role("heading", name="Pace")).to_be_visible()
    for name in ("Pace over time", "Heart rate over time"):
        chart = page.get_by_role("img", name=re.compile(name))
        expect(chart).to_be_visible()
        assert chart.locator("path.line").count() == 1
        assert len(chart.locator("path.line").get_attribute("d") or "") > 100
    expect(page.get_by_role("region", name="Warm-up and cool-down")).to_be_visible()


def test_the_shoes_page_shows_mileage_against_the_threshold(
    page: Any, demo_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{demo_server.base}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Shoes").click()
    expect(page.get_by_role("heading", name="Shoes", level=1)).to_be_visible()
    meters = page.get_by_role("meter")
    assert meters.count() >= 1
    for i in range(meters.count()):
        value = int(meters.nth(i).get_attribute("aria-valuenow") or "-1")
        assert 0 <= value <= 100
    expect(page.get_by_text(re.compile(r"of 402 km"))).not_to_have_count(0)


def test_the_charts_render_with_data(page: Any, demo_server: Any, sync_api: Any) -> None:
    expect = sync_api.expect
    page.goto(f"{demo_server.base}/charts?weeks=26")
    chart = page.get_by_role("img", name=re.compile("Weekly running distance"))
    expect(chart).to_be_visible()
    bars = chart.locator("rect.col")
    assert bars.count() == 26
    heights = [float(bars.nth(i).get_attribute("height") or 0) for i in range(bars.count())]
    assert sum(h > 0 for h in heights) >= 13, "most weeks of the demo history have runs"


def test_the_pages_work_by_keyboard(page: Any, demo_server: Any, sync_api: Any) -> None:
    expect = sync_api.expect
    page.goto(f"{demo_server.base}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    page.goto(f"{demo_server.base}/activities")
    page.get_by_label("Sport").select_option("run")
    page.get_by_role("button", name="Filter").press("Enter")
    expect(page).to_have_url(re.compile(r"sport=run"))
    expect(page.get_by_role("status")).to_contain_text("activities")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_and_is_photographed(
    browser: Any, demo_server: Any, screenshots: Path, width: int
) -> None:
    screenshots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{demo_server.base}/api/activities?limit=1")
        latest = page.evaluate("() => JSON.parse(document.body.innerText).items[0].id")
        for name, path in {**PAGES, "activity": f"/activities/{latest}"}.items():
            response = page.goto(f"{demo_server.base}{path}")
            assert response is not None and response.status == 200, path
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways at {width} px"
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
