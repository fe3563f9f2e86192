"""A use case's refusal as the web answers it: 404 for what the runner does not have, 422
for the rest, the field named as a validation error names it."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from backstride.services.errors import Invalid, NotFound
from backstride.services.show_plan import NoPlan
from backstride.web.errors import refused

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def _request(query: str = "", path_params: dict[str, str] | None = None) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/x",
        "query_string": query.encode(),
        "headers": [],
        "path_params": path_params or {},
    }
    return Request(scope)


def test_refusals_become_one_answer_each() -> None:
    no_plan = refused(NoPlan())
    assert (no_plan.status, no_plan.code) == (404, "no-plan")
    assert no_plan.message.endswith("make one from a goal on the Plan page")
    missing = refused(NotFound("there is no run 5", "run_id"), _request())
    assert (missing.status, missing.code, missing.field) == (404, "not-found", "run_id")
    since = refused(Invalid("the first day is after the last", "since"), _request("since=x"))
    assert (since.status, since.field) == (422, "query.since")
    day = refused(Invalid("bad day", "day"), _request(path_params={"day": "x"}))
    assert day.field == "path.day"
    body = refused(Invalid("pain score 11 is out of range", "score"), _request())
    assert (body.code, body.field) == ("invalid", "score")
