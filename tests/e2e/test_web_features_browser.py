"""End to end in Chromium: the three-tap pain check-in, the routine player to its end,
a plan that changes after a bad morning, and the pain chart; each on its own server
over eight weeks of demo running (they write to the diary)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from e2e.screens import WIDTHS, answer_is_on_the_first_screen, photograph, visit

from backstride import clock


def tap_score(page: Any, score: int) -> None:
    """One tap on a pain score chip, as a finger would (no forcing past what covers it)."""
    chip = page.get_by_role("radio", name=f"Pain {score}", exact=True)
    chip.click()
    assert chip.is_checked()


def api(page: Any, path: str) -> Any:
    """What the JSON API says now, fetched by the page itself (same origin, same cookies)."""
    return page.evaluate(
        """async (path) => {
          const response = await fetch(path);
          if (!response.ok) throw new Error(path + ": " + response.status);
          return response.json();
        }""",
        path,
    )


def test_log_pain_in_three_taps_and_see_the_status_change(
    page: Any, runner_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/")
    answer = page.get_by_role("region", name="May I run today?")
    expect(answer).to_contain_text("Yes")
    expect(answer).not_to_contain_text("Hold")
    before = api(page, "/api/status")
    assert before["severity"] == "info"
    checkin = page.get_by_role("region", name="How is your back?")
    tap_score(page, 8)  # tap 1
    checkin.get_by_role("button", name="During a run").click()  # tap 2: logs it
    logged = page.get_by_role("status", name="Pain logged")
    expect(logged).to_contain_text("Logged pain 8/10 (during)")
    expect(logged).to_contain_text("changed from ok to hold")
    expect(logged).to_contain_text("shorten or stop the run")
    expect(page.get_by_role("region", name="May I run today?")).to_contain_text("Hold")
    answer_is_on_the_first_screen(page, sync_api)
    # It was stored, not only shown: a fresh visit gives the same answer.
    page.goto(f"{runner_server.base}/")
    expect(page.get_by_role("status", name="Pain logged")).to_have_count(0)
    expect(page.get_by_role("region", name="May I run today?")).to_contain_text("Hold")
    after = api(page, "/api/status")
    assert after["severity"] == "hold" and after["answer"] != before["answer"]


def test_play_a_routine_to_the_end_and_see_it_logged(
    page: Any, runner_server: Any, sync_api: Any, screenshots: Path
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/routines")
    core_before = api(page, "/api/status")["week"]["core_sessions"]
    page.get_by_role("link", name="Core session", exact=True).click()
    expect(page.get_by_role("heading", name="Core session", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="All steps").get_by_role("listitem")).not_to_have_count(
        0
    )
    page.goto(page.url + "?speed=100")
    player = page.get_by_role("region", name="Player")
    first = player.get_by_text(re.compile(r"^Step 1 of \d+$"))
    expect(first).to_be_visible()
    count = int(first.inner_text().rsplit(" ", 1)[1])
    assert count >= 3
    page.get_by_label("Cadence metronome").check()
    page.get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")  # by keyboard: the focus moves on to Pause, not to the page
    expect(page.get_by_role("button", name="Pause")).to_be_enabled()
    expect(page.get_by_role("button", name="Pause")).to_be_focused()
    expect(page.get_by_role("timer", name="Time left")).not_to_have_text("0:00")
    done = player.get_by_role("status")
    expect(done).to_contain_text("Logged", timeout=30_000)
    expect(done).to_contain_text("core")
    expect(player.get_by_text(f"Step {count} of {count}")).to_be_visible()
    expect(page.get_by_role("timer", name="Time left")).to_have_text("0:00")
    # at the end no button is left that does nothing, and the focus is on what happened
    expect(player.get_by_role("button")).to_have_count(0)
    expect(done).to_be_focused()
    photograph(page, screenshots, "player-done", 1280)
    core_after = api(page, "/api/status")["week"]["core_sessions"]
    assert core_after == core_before + 1


def test_skipping_through_a_routine_records_nothing(
    page: Any, runner_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/routines/core")
    core_before = api(page, "/api/status")["week"]["core_sessions"]
    player = page.get_by_role("region", name="Player")
    first = player.get_by_text(re.compile(r"^Step 1 of \d+$"))
    count = int(first.inner_text().rsplit(" ", 1)[1])
    page.get_by_role("button", name="Start").click()
    for _ in range(count):  # through every step in a second or two
        page.get_by_role("button", name="Next step").click()
    done = player.get_by_role("status")
    expect(done).to_contain_text("Not recorded", timeout=30_000)
    expect(done).to_contain_text("less than half")
    assert api(page, "/api/status")["week"]["core_sessions"] == core_before


def planned_runs(page: Any) -> dict[str, float]:
    """Each planned run's day and distance, from the API the pages use."""
    days = api(page, "/api/plan")["days"]
    return {s["date"]: s["distance_m"] for d in days for s in d["sessions"] if s["kind"] == "run"}


def test_follow_a_plan_change_after_a_bad_morning(
    page: Any, runner_server: Any, sync_api: Any
) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/plan")
    page.get_by_role("textbox", name=re.compile("^Distance")).fill("30")
    page.get_by_label("Weeks (weekly goal; default 12)").fill("8")
    page.get_by_role("button", name="Make the plan").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Week \d+"))).not_to_have_count(0)
    expect(page.get_by_role("region", name="What changed, and why")).to_have_count(0)
    runs_before = planned_runs(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    tap_score(page, 6)  # usual is 2: a bad morning
    page.get_by_role("button", name="Next morning").click()
    expect(page.get_by_role("status", name="Pain logged")).to_contain_text("re-planned")
    page.get_by_role("link", name="see what changed and why").click()
    changes = page.get_by_role("region", name="What changed, and why")
    expect(changes).to_be_visible()
    # the cut run (the hold is named on the days it holds too)
    bad_morning = (
        changes.get_by_role("listitem")
        .filter(has_text="pain-next-morning")
        .filter(has_text=re.compile(r"run (cut|swapped)"))
    )
    expect(bad_morning).to_contain_text("next-morning pain 6/10")
    day = bad_morning.get_by_role("link")
    changed_on = (day.get_attribute("href") or "").rsplit("/", 1)[-1]
    assert date.fromisoformat(changed_on) >= clock.today()
    # The change is real: that day's run is shorter than before, or gone.
    assert changed_on in runs_before, (changed_on, runs_before)
    runs_after = planned_runs(page)
    assert runs_after.get(changed_on, 0.0) < runs_before[changed_on]
    day.click()
    why = page.get_by_role("region", name="Why")
    expect(why).to_contain_text("above your usual 2")
    expect(why).to_contain_text("re-planned on")
    if changed_on in runs_after:
        km = f"{runs_after[changed_on] / 1000:.1f} km"
        expect(page.get_by_role("region", name="Planned")).to_contain_text(km)


def test_the_pain_chart_renders_with_data(page: Any, runner_server: Any, sync_api: Any) -> None:
    expect = sync_api.expect
    page.goto(f"{runner_server.base}/")
    tap_score(page, 4)
    page.get_by_role("button", name="Next morning").click()
    expect(page.get_by_role("status", name="Pain logged")).to_be_visible()
    page.goto(f"{runner_server.base}/charts?weeks=13")
    chart = page.get_by_role("img", name=re.compile("against weekly average pain"))
    expect(chart).to_be_visible()
    assert chart.locator("rect.col").count() == 13
    mornings = chart.locator("circle.line-morning")
    assert mornings.count() >= 2, "the calm mornings before and today's"
    points = [t.split(": ") for t in mornings.locator("title").all_text_contents()]
    assert all(value.endswith("/10") for _, value in points)
    scores = [float(value.removesuffix("/10")) for _, value in points]
    assert min(scores) == pytest.approx(2), "the calm weeks"
    assert scores[-1] > 2, "this week holds today's 4/10"
    # The picture is the numbers: the dots are the table's next-morning column.
    section = page.get_by_role("region", name="Pain and distance")
    section.get_by_text("The numbers").click()
    rows = section.get_by_role("table").get_by_role("row").all()[1:]
    table = [row.get_by_role("cell").nth(3).inner_text() for row in rows]
    assert sorted(float(v) for v in table if v != "-") == pytest.approx(sorted(scores), abs=0.05)
    expect(page.get_by_role("region", name=re.compile("Training load"))).to_contain_text(
        "Information only"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_new_pages_are_photographed(
    browser: Any, runner_server: Any, screenshots: Path, sync_api: Any, width: int
) -> None:
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
        answer_is_on_the_first_screen(page, sync_api)
        photograph(page, screenshots, "today-checked-in", width)
        tomorrow = (clock.today() + timedelta(days=1)).isoformat()
        changed = page.evaluate(
            "async () => (await (await fetch('/api/plan')).json()).changes[0].date"
        )
        for name, path in {
            "plan": "/plan",
            "plan-day": f"/plan/day/{tomorrow}",
            "plan-day-changed": f"/plan/day/{changed}",
            "player-core": "/routines/core",
            "screening-due": "/screening",
            "charts-pain": "/charts",
            "settings-rules": "/settings",
            "week-checked-in": "/week",
        }.items():
            visit(page, runner_server.base, path, screenshots, name, width)
    finally:
        context.close()
