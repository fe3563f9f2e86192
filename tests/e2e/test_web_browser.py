"""End to end in Chromium: import a real FIT file by upload (and again by drag and drop),
read its charts, the shoes, the weekly charts against their numbers, the keyboard, and
every page at phone and laptop width (screenshots in artifacts/screenshots)."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from e2e.screens import LAPTOP, PHONE, WIDTHS, answer_is_on_the_first_screen, photograph, visit

FIT_RUN = "fit/dtcooper__tests__files__activity-small-fenix2-run.fit"
PAGES = {
    "today": "/",
    "week": "/week",
    "plan-none": "/plan",
    "routines": "/routines",
    "player": "/routines/warm-up",
    "screening": "/screening",
    "activities": "/activities",
    "charts": "/charts",
    "shoes": "/shoes",
    "import": "/import",
    "log": "/log",
    "settings": "/settings",
    "rule": "/rules/weekly-ramp",
    "data": "/data",
}
DROP = """([name, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const files = new DataTransfer();
  files.items.add(new File([bytes], name, {type: "application/octet-stream"}));
  const zone = document.getElementById("dropzone");
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: files, bubbles: true, cancelable: true}));
  }
}"""


def figure(region: Any, name: str) -> Any:
    """The value (dd) of the figure named `name` (dt) in a region's figures."""
    return region.locator("dt", has_text=re.compile(f"^{name}$")).locator("+ dd")


def session_distance_km(path: Path) -> float:
    """What the watch itself recorded as the session's distance (read with fitparse)."""
    fitparse = pytest.importorskip("fitparse")
    session = next(fitparse.FitFile(str(path)).get_messages("session"))
    return float(session.get_value("total_distance")) / 1000


@pytest.mark.corpus
def test_import_a_real_fit_file_by_upload_and_see_its_charts(
    page: Any, empty_server: Any, corpus: Path, sync_api: Any, screenshots: Path
) -> None:
    expect = sync_api.expect
    fit = corpus / FIT_RUN
    page.goto(f"{empty_server.base}/")
    expect(page.get_by_role("heading", name="Welcome to backstride")).to_be_visible()
    page.goto(f"{empty_server.base}/?welcome=skip")
    expect(page.get_by_role("region", name="May I run today?")).to_be_visible()
    expect(page.get_by_role("link", name="Import your runs")).to_be_visible()
    photograph(page, screenshots, "today-new-runner", LAPTOP)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import", level=1)).to_be_visible()
    page.get_by_label("Choose files").set_input_files(str(fit))
    expect(page.get_by_text("activity-small-fenix2-run.fit")).to_be_visible()
    page.get_by_role("button", name="Import").click()
    report = page.get_by_role("region", name="Import report")
    expect(report).to_be_visible()
    expect(figure(report, "Imported")).to_have_text("1")
    expect(figure(report, "Duplicates")).to_have_text("0")
    expect(figure(report, "Failed")).to_have_text("0")
    for width in (LAPTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        photograph(page, screenshots, "import-report", width)
    page.set_viewport_size({"width": LAPTOP, "height": 900})

    page.get_by_role("link", name="See your activities").click()
    expect(page.get_by_role("heading", name="Activities", level=1)).to_be_visible()
    listed = page.get_by_role("list", name="Activities").get_by_role("link")
    expect(listed).to_have_count(1)
    listed.first.click()
    expect(page.get_by_role("heading", name="Pace")).to_be_visible()
    shown = figure(page.get_by_role("main"), "Distance").inner_text()
    assert shown.endswith(" km"), shown
    assert float(shown.removesuffix(" km")) == pytest.approx(session_distance_km(fit), abs=0.01)
    for name in ("Pace over time", "Heart rate over time"):
        chart = page.get_by_role("img", name=re.compile(name))
        expect(chart).to_be_visible()
        assert chart.locator("path.line").count() == 1
        assert len(chart.locator("path.line").get_attribute("d") or "") > 100
    expect(page.get_by_role("region", name="Warm-up and cool-down")).to_be_visible()

    # The same file again, dropped on the page this time: stored once, said so.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import", level=1)).to_be_visible()
    # A drop before the page's script has run would land nowhere: deferred scripts have
    # run once the document is parsed (DOMContentLoaded).
    page.wait_for_load_state("domcontentloaded")
    page.evaluate(DROP, [fit.name, base64.b64encode(fit.read_bytes()).decode()])
    expect(page.get_by_text(fit.name)).to_be_visible()
    page.get_by_role("button", name="Import").click()
    expect(figure(report, "Duplicates")).to_have_text("1")
    expect(figure(report, "Imported")).to_have_text("0")
    page.goto(f"{empty_server.base}/activities")
    expect(page.get_by_role("list", name="Activities").get_by_role("link")).to_have_count(1)


@pytest.mark.corpus
def test_files_chosen_before_the_import_script_ran_are_still_shown(
    page: Any, empty_server: Any, corpus: Path, sync_api: Any
) -> None:
    """A slow script (or a browser restoring the form on "back") must not hide the choice."""
    expect = sync_api.expect
    fit = corpus / FIT_RUN
    held: list[Any] = []
    page.route(re.compile(r"/static/import\.js"), lambda route: held.append(route))
    page.goto(f"{empty_server.base}/import", wait_until="commit")
    expect(page.get_by_label("Choose files")).to_be_attached()
    page.get_by_label("Choose files").set_input_files(str(fit))
    expect(page.locator("#chosen")).to_have_text("")  # no script yet: nobody listened
    for _ in range(200):  # the script's request reaches the route while Playwright waits
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, "the page asked for its script once"
    held[0].continue_()
    expect(page.locator("#chosen")).to_contain_text(fit.name)


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
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    bars = chart.locator("rect.col")
    assert bars.count() == 26
    drawn = {}  # week label -> (km in the bar's title, bar height)
    for i in range(bars.count()):
        week, km = (bars.nth(i).locator("title").text_content() or "").split(": ")
        drawn[week] = (float(km), float(bars.nth(i).get_attribute("height") or 0))
    assert sum(height > 0 for _, height in drawn.values()) >= 13, "most demo weeks have runs"
    # The picture is the numbers: each bar is its week's distance from the table, and
    # its height is in proportion to it.
    section = page.get_by_role("region", name="Weekly distance")
    section.get_by_text("The numbers").click()
    rows = section.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(27)  # a header and 26 weeks
    table = {}  # week label -> km to a tenth, as the table gives it
    for i in range(1, 27):
        week, distance = rows.nth(i).get_by_role("cell").all_inner_texts()
        table[week.rsplit(" ", 1)[0]] = float(distance.removesuffix(" km"))
    # the bar's title rounds to whole km; its height follows the distance itself
    tallest_week = max(drawn, key=lambda week: drawn[week][1])
    tallest = drawn[tallest_week][1]
    for week, km in table.items():
        shown, height = drawn[week]
        assert km == pytest.approx(shown, abs=0.51), week
        expected = tallest * km / table[tallest_week]
        assert height == pytest.approx(expected, rel=0.03, abs=0.6), week


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
    browser: Any, demo_server: Any, screenshots: Path, sync_api: Any, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{demo_server.base}/api/activities?limit=1")
        latest = page.evaluate("() => JSON.parse(document.body.innerText).items[0].id")
        for name, path in {**PAGES, "activity": f"/activities/{latest}"}.items():
            visit(page, demo_server.base, path, screenshots, name, width)
            if name == "today":
                answer_is_on_the_first_screen(page, sync_api)
        response = page.goto(f"{demo_server.base}/activities/999999")
        assert response is not None and response.status == 404
        photograph(page, screenshots, "not-found", width)
    finally:
        context.close()
