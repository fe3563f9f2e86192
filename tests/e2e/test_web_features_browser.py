"""End to end in Chromium: the three-tap pain check-in, the routine player to its end,
a plan that changes after a bad morning, and the pain chart; each on its own server
over eight weeks of demo running (they write to the diary)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest


def tap_score(page: Any, score: int) -> None:
    page.get_by_role("radio", name=f"Pain {score}", exact=True).check(force=True)


def test_log_pain_in_three_taps_and_see_the_status_change(
    page: Any, runner_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/")
    answer = page.get_by_role("region", name="May I run today?")
    expect(answer).not_to_contain_text("Hold")
    checkin = page.get_by_role("region", name="How is your back?")
    tap_score(page, 8)  # tap 1
    checkin.get_by_role("button", name="During a run").click()  # tap 2: logs it
    logged = page.get_by_role("status", name="Pain logged")
    expect(logged).to_contain_text("Logged pain 8/10 (during)")
    expect(logged).to_contain_text("changed from")
    expect(page.get_by_role("region", name="May I run today?")).to_contain_text("Hold")


def test_play_a_routine_to_the_end_and_see_it_logged(
    page: Any, runner_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/routines")
    page.get_by_role("link", name="Core session", exact=True).click()
    expect(page.get_by_role("heading", name="Core session", level=1)).to_be_visible()
    page.goto(page.url + "?speed=100")
    page.get_by_label("Cadence metronome").check()
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("timer", name="Time left")).not_to_have_text("0:00")
    done = page.get_by_role("status")
    expect(done).to_contain_text("Logged", timeout=30_000)
    expect(done).to_contain_text("core")
    page.goto(f"{runner_server.base}/api/status")
    assert page.evaluate("() => JSON.parse(document.body.innerText).week.core_sessions") >= 1


def test_follow_a_plan_change_after_a_bad_morning(
    page: Any, runner_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/plan")
    page.get_by_role("textbox", name=re.compile("^Distance")).fill("30")
    page.get_by_label("Weeks (weekly goal; default 12)").fill("8")
    page.get_by_role("button", name="Make the plan").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Week \d+"))).not_to_have_count(0)
    expect(page.get_by_text("What changed, and why")).to_have_count(0)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    tap_score(page, 6)  # usual is 2: a bad morning
    page.get_by_role("button", name="Next morning").click()
    expect(page.get_by_role("status", name="Pain logged")).to_contain_text("re-planned")
    page.get_by_role("link", name="see what changed and why").click()
    changes = page.get_by_role("region", name="What changed, and why")
    expect(changes).to_be_visible()
    bad_morning = changes.get_by_role("listitem").filter(has_text="pain-next-morning")
    expect(bad_morning).to_contain_text("next-morning pain 6/10")
    bad_morning.get_by_role("link").click()
    why = page.get_by_role("region", name="Why")
    expect(why).to_contain_text("above your usual 2")
    expect(why).to_contain_text("re-planned on")


def test_the_pain_chart_renders_with_data(page: Any, runner_server: Any, sync_api: Any) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/")
    tap_score(page, 4)
    page.get_by_role("button", name="Next morning").click()
    page.goto(f"{runner_server.base}/charts?weeks=13")
    chart = page.get_by_role("img", name=re.compile("against weekly average pain"))
    expect(chart).to_be_visible()
    assert chart.locator("rect.col").count() == 13
    mornings = chart.locator("circle.line-morning")
    assert mornings.count() >= 2, "the calm mornings before and today's"
    last = mornings.nth(mornings.count() - 1).locator("title").text_content() or ""
    assert last.endswith("/10") and float(last.split(": ")[1].split("/")[0]) > 2
    expect(page.get_by_role("region", name=re.compile("Training load"))).to_contain_text(
        "Information only"
    )


@pytest.mark.parametrize("width", (375, 1280))
def test_the_new_pages_are_photographed(
    browser: Any, runner_server: Any, screenshots: Path, width: int
) -> None:
    screenshots.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{runner_server.base}/plan")
        page.get_by_role("textbox", name=re.compile("^Distance")).fill("25")
        page.get_by_role("button", name="Make the plan").click()
        page.goto(f"{runner_server.base}/")
        tap_score(page, 7)
        page.get_by_role("button", name="Next morning").click()
        page.get_by_role("status", name="Pain logged").wait_for()
        page.screenshot(path=str(screenshots / f"today-checked-in-{width}.png"), full_page=True)
        tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
        for name, path in {
            "plan": "/plan",
            "plan-day": f"/plan/day/{tomorrow}",
            "routines": "/routines",
            "player": "/routines/warm-up",
            "screening": "/screening",
            "charts-pain": "/charts",
            "settings-rules": "/settings",
        }.items():
            response = page.goto(f"{runner_server.base}{path}")
            assert response is not None and response.status == 200, path
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways at {width} px"
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()
