"""Query parameters several topics read the same way."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator

from backstride.domain.activity import Sport

FIRST_DAY = date(1980, 1, 1)
LAST_DAY = date(2200, 1, 1)

# The API's dates: plausible days only.
DayQuery = Annotated[date | None, Query(ge=FIRST_DAY, le=LAST_DAY)]


def _blank_is_none(value: object) -> object:
    """An empty form field (a cleared date filter) means 'not given'."""
    return None if value == "" else value


def _plausible_day(value: date | None) -> date | None:
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return value


# GET forms send every field, empty ones as "": the page filters treat those as not given.
PageDayQuery = Annotated[
    date | None, BeforeValidator(_blank_is_none), AfterValidator(_plausible_day), Query()
]
PageSportQuery = Annotated[Sport | None, BeforeValidator(_blank_is_none), Query()]

# A record's number in a path: what a database id can be.
IdPath = Annotated[int, Path(ge=-(2**31), le=2**31 - 1)]
# A day in a path: plausible days only.
DayPath = Annotated[date, Path(ge=FIRST_DAY, le=LAST_DAY)]
