"""Looking at a page as a runner would: it loads, nothing sticks out sideways at this
width, and a full-page screenshot goes to artifacts/screenshots (kept by CI)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PHONE, LAPTOP = 375, 1280
WIDTHS = (PHONE, LAPTOP)

# Every visible element whose right edge passes the viewport or its card, unless a
# box that scrolls sideways on purpose (a wide table's wrapper) holds it.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const x = getComputedStyle(a).overflowX;
      if (x === "auto" || x === "scroll") return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
    " '" + (el.textContent || "").trim().slice(0, 40) + "'";
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= 0) continue;
    const card = el.parentElement && el.parentElement.closest(".card");
    const limit = card ? Math.min(width, card.getBoundingClientRect().right) : width;
    if (box.right > limit + 1 && !scrolls(el)) found.push(name(el));
  }
  return {page: document.documentElement.scrollWidth - width, elements: found.slice(0, 8)};
}"""


def assert_fits(page: Any, width: int) -> None:
    """Nothing scrolls sideways and no element pokes out of the page or its card."""
    where = page.url
    result = page.evaluate(STICKING_OUT)
    assert result["page"] <= 1, f"{where} scrolls sideways at {width} px: {result['elements']}"
    assert not result["elements"], f"{where} at {width} px: these stick out: {result['elements']}"


def photograph(page: Any, screenshots: Path, name: str, width: int) -> None:
    """Check the page fits at `width` and keep a full-page screenshot of it (not when
    BACKSTRIDE_TEST_SCREENSHOTS=0, as in make test-calendar: the checks still run)."""
    assert_fits(page, width)
    if os.environ.get("BACKSTRIDE_TEST_SCREENSHOTS") == "0":
        return
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)


def visit(page: Any, base: str, path: str, screenshots: Path, name: str, width: int) -> None:
    """Open `path`, check it answered 200 and fits, and photograph it."""
    response = page.goto(f"{base}{path}")
    assert response is not None and response.status == 200, (path, response)
    photograph(page, screenshots, name, width)


def answer_is_on_the_first_screen(page: Any, sync_api: Any) -> None:
    """Today's answer is in view without scrolling, in the top half of the screen."""
    answer = page.get_by_role("region", name="May I run today?")
    sync_api.expect(answer).to_be_in_viewport()
    box = answer.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] < height / 2, f"the answer starts at {box} of {height}"
