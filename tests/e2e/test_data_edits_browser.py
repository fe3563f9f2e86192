"""In Chromium at a phone's and a laptop's width: Today lists what was logged today and
each entry leads to where it is corrected; the activity page shows the watch's laps beside
the splits in the runner's units; a screening answer is corrected from its page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e.conftest import Server
from e2e.screens import WIDTHS, assert_fits
from realfiles import CORPUS

from backstride.domain.activity import Units

RACE_10K = CORPUS / "fit" / "GoldenCheetah__test__runs__10kUNLP2014-Garmin15.fit"
FR955 = CORPUS / "fit" / "GoldenCheetah__test__runs__GarminFR955v18.zip!14211916346_ACTIVITY.fit"


@pytest.fixture()
def race_server(tmp_path: Path, sync_api: Any, corpus: Path) -> Iterator[Server]:
    """The 10 km race of 2014 (its FIT file has eleven laps) and a Forerunner 955 run with
    heart rate, cadence and altitude, for a runner in miles."""
    from backstride.ingest.pipeline import import_paths
    from backstride.store import open_store

    url = f"sqlite:///{tmp_path / 'race.db'}"
    with open_store(url) as store:
        store.update_athlete(time_zone="UTC", units=Units.MI)
        import_paths(store, [RACE_10K, FR955], workers=1)
    server = Server(url)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("width", WIDTHS)
def test_today_lists_what_was_logged_and_leads_to_where_it_is_corrected(
    browser: Any, runner_server: Server, sync_api: Any, width: int
) -> None:
    expect = sync_api.expect
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{runner_server.base}/")
        logged = page.get_by_role("region", name="Logged today")
        expect(logged).to_contain_text("Nothing logged yet today")
        page.get_by_role("radio", name="Pain 4", exact=True).click()
        page.get_by_role("region", name="How is your back?").get_by_role(
            "button", name="After a run"
        ).click()
        logged = page.get_by_role("region", name="Logged today")
        expect(logged).to_contain_text("pain 4/10 after")
        assert_fits(page, width)
        logged.get_by_role("link", name="Correct or delete pain 4/10 after").click()
        page.wait_for_url("**/log#logged-pain-*")
        entry = page.locator(":target")
        expect(entry).to_contain_text("pain 4/10 after")
        expect(entry.get_by_role("button", name="Delete")).to_be_visible()
        assert_fits(page, width)
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_watch_s_laps_sit_beside_the_splits_in_miles(
    browser: Any, race_server: Server, sync_api: Any, width: int
) -> None:
    expect = sync_api.expect
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{race_server.base}/activities")
        page.get_by_role("link", name="Run on Sat 11 Oct 2014").first.click()
        laps = page.get_by_role("region", name="Laps as your watch recorded them").first
        expect(laps.locator("tbody tr")).to_have_count(11)
        expect(laps.locator("tbody tr").first).to_contain_text("0.62 mi")
        expect(laps.locator("tbody tr").first).to_contain_text("/mi")
        expect(laps).not_to_contain_text("km")
        expect(page.get_by_role("region", name="Splits per mi").first).to_be_visible()
        assert_fits(page, width)
    finally:
        context.close()


def test_a_screening_answer_is_corrected_from_its_page(
    page: Any, runner_server: Server, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/screening")
    answers = page.get_by_role("region", name="Your answers")
    expect(answers.get_by_role("listitem")).to_have_count(16)
    page.get_by_role("button", name="Change question 8 to yes").click()
    expect(page.get_by_role("status")).to_contain_text("Question 8 now says yes.")
    expect(page.get_by_role("region", name="Get assessed")).to_contain_text("Question 8")
    page.goto(f"{runner_server.base}/")
    expect(page.get_by_role("region", name="May I run today?")).to_contain_text("Stop")
    page.goto(f"{runner_server.base}/screening")
    page.get_by_role("button", name="Change question 8 to no").click()
    expect(page.get_by_role("status")).to_contain_text("Question 8 now says no.")
    expect(page.get_by_role("region", name="Get assessed")).to_have_count(0)


CHART_TEXT = """() => [...document.querySelectorAll("svg.chart")].map(svg => ({
  label: svg.getAttribute("aria-label"),
  unit: (svg.querySelector("text.axis-unit") || {}).textContent || null,
  smallest: Math.min(...[...svg.querySelectorAll("text.tick")].map(
    t => t.getBoundingClientRect().height)),
}))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_every_activity_chart_says_its_unit_and_its_text_is_legible(
    browser: Any, race_server: Server, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        units_seen: dict[str, str | None] = {}
        for number in (1, 2):
            page.goto(f"{race_server.base}/activities/{number}")
            charts = page.evaluate(CHART_TEXT)
            units_seen.update({c["label"].split(" ")[0]: c["unit"] for c in charts})
            # every label at least 11 px tall as drawn: readable on a phone
            assert charts and all(c["smallest"] >= 11 for c in charts), charts
            assert_fits(page, width)
        assert units_seen == {
            "Elevation": "ft",
            "Pace": "min/mi",
            "Heart": "bpm",
            "Cadence": "steps/min",
        }
        assert_fits(page, width)
    finally:
        context.close()
