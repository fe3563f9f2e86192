"""axe-core, run in Chromium on every page of the demo, at phone and laptop widths, in the
light and the dark scheme: no serious or critical finding."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = (
    "/",
    "/week",
    "/plan",
    "/routines",
    "/routines/warm-up",
    "/screening",
    "/activities",
    "/charts",
    "/insights",
    "/shoes",
    "/log",
    "/import",
    "/settings",
    "/data",
    "/rules/weekly-ramp",
)
BLOCKING = {"serious", "critical"}


def _findings(page: Any) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), first: "
        f"{v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v.get("impact") in BLOCKING
    ]


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (375, "dark")])
def test_no_page_has_a_serious_accessibility_finding(
    browser: Any, demo_server: Any, width: int, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{demo_server.base}/api/activities?limit=1")
        latest = page.evaluate("() => JSON.parse(document.body.innerText).items[0].id")
        found: dict[str, list[str]] = {}
        for path in (*PAGES, f"/activities/{latest}"):
            response = page.goto(f"{demo_server.base}{path}")
            assert response is not None and response.status == 200, path
            findings = _findings(page)
            if findings:
                found[path] = findings
        assert not found, "\n".join(f"{p}: {f}" for p, items in found.items() for f in items)
    finally:
        context.close()


def _background(page: Any) -> str:
    return str(page.evaluate("() => getComputedStyle(document.documentElement).backgroundColor"))


def test_dark_mode_follows_the_browser_and_the_switch_keeps_the_choice(
    browser: Any, demo_server: Any, screenshots: Any
) -> None:
    from e2e.screens import photograph

    context = browser.new_context(viewport={"width": 375, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(f"{demo_server.base}/")
        assert _background(page) == "rgb(15, 20, 25)"  # the dark background
        photograph(page, screenshots, "today-dark", 375)
        page.get_by_role("button", name="Colours: as your device").click()  # auto -> dark
        page.get_by_role("button", name="Colours: dark").click()  # dark -> light
        assert page.get_by_role("button", name="Colours: light").is_visible()
        page.goto(f"{demo_server.base}/charts")
        assert _background(page) == "rgb(244, 246, 248)"  # light, though the browser is dark
        page.get_by_role("button", name="Colours: light").click()  # light -> auto
        page.goto(f"{demo_server.base}/week")
        assert _background(page) == "rgb(15, 20, 25)"
        nav = page.get_by_role("navigation", name="Main")
        box = nav.bounding_box()
        assert box is not None and box["height"] < 60, box  # one row on a phone
    finally:
        context.close()
