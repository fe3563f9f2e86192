"""A new runner with an empty database, in Chromium: the app opens on the welcome, they
say who they are, answer the red-flag questions, drop their Strava export and reach their
own weeks from the import report, without reading the README."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from demo_exports import DemoExport
from e2e.screens import PHONE, photograph

from backstride import clock
from backstride.store import open_store


def test_a_new_runner_reaches_their_own_weeks_from_the_welcome(
    page: Any, empty_server: Any, sync_api: Any, demo_export: DemoExport, screenshots: Path
) -> None:
    expect = sync_api.expect
    export = demo_export(clock.today() - timedelta(days=1), weeks=8)
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto(f"{empty_server.base}/")
    expect(page.get_by_role("heading", name="Welcome to backstride")).to_be_visible()
    photograph(page, screenshots, "welcome", PHONE)

    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("miles").check()
    page.get_by_label("Your time zone").select_option("Europe/London")
    page.get_by_label("Your week starts on").select_option("sunday")
    page.get_by_role("button", name="Save and go on").click()
    expect(page.get_by_role("heading", name="1. About you saved")).to_be_visible()

    page.get_by_role("link", name="Answer the questions").click()
    for question in page.locator("fieldset.flag-q").all():
        question.get_by_label("No").check()
    page.get_by_role("button", name="Save my answers").click()
    page.goto(f"{empty_server.base}/welcome")
    expect(page.get_by_role("heading", name="2. The red-flag questions answered")).to_be_visible()

    expect(page.get_by_text("Request Your Archive")).to_be_visible()
    page.get_by_label("Your export").set_input_files(str(export))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Import report")).to_be_visible(timeout=120_000)
    page.get_by_role("link", name="See the week of your latest run").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Week")
    assert " mi" in page.locator("main").inner_text()  # their units from the first step
    page.goto(f"{empty_server.base}/")
    expect(page.get_by_role("region", name="May I run today?")).to_be_visible()
    with open_store(empty_server.url) as store:
        athlete = store.athlete()
        assert (athlete.name, athlete.units.value, athlete.time_zone) == (
            "Sam",
            "mi",
            "Europe/London",
        )
        assert len(store.activities()) > 10
