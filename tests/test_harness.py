"""The test harness's own promises: property tests that a busy machine cannot fail, and that
try the same examples on every CI run."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.clock_free

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
seen: list[list[int]] = []


def test_property_tests_have_no_deadline_and_repeat_in_ci() -> None:
    assert settings().deadline is None
    assert settings().derandomize is IN_CI

    @given(st.lists(st.integers(), min_size=3, max_size=3))
    @settings(max_examples=5, database=None)
    def draw(values: list[int]) -> None:
        seen.append(values)

    draw()
    first = list(seen)
    seen.clear()
    draw()
    assert len(first) == 5
    if IN_CI:
        assert seen == first  # the same examples every run
