"""A refused input in the command line's words: one line, with what to do next where the
command line knows (the web says it its own way)."""

from __future__ import annotations

import pytest

from backstride.cli.context import refusal
from backstride.services.errors import Invalid, NotFound
from backstride.services.show_plan import NoPlan
from backstride.store import InputError

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


RUNS = "see `backstride activities`"
SHOES = "add it with `backstride shoes add`"


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (NoPlan(), "there is no plan yet: make one with `backstride plan new --goal weekly:25km`"),
        (NotFound("there is no activity 9", "run_id"), f"there is no activity 9; {RUNS}"),
        (Invalid("unknown shoe 'Nope'", "shoe"), f"unknown shoe 'Nope'; {SHOES}"),
        (Invalid("pain score 11 is out of range", "score"), "pain score 11 is out of range"),
        (InputError("already `said` how"), "already `said` how"),
    ],
)
def test_a_refusal_is_one_line_with_the_next_step(error: InputError, said: str) -> None:
    assert refusal(error) == said
