"""A field the core adds to a finding or to the status answer reaches `--json`, the API
and the templates with no change in any shell."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from jinja2 import Template

from backstride.cli.context import print_json
from backstride.domain.backcare import History
from backstride.rules import Finding, Severity, Status, status
from backstride.services.status import FindingOut, StatusOut

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)
DAY = date(2026, 11, 30)


@dataclasses.dataclass(frozen=True)
class CertainFinding(Finding):
    """A finding as a later core might make it: with how sure the rule is."""

    certainty: str = "moderate"


@dataclasses.dataclass(frozen=True)
class ExplainedStatus(Status):
    """A status answer as a later core might make it: with a line for a clinician."""

    for_clinician: str = "no concerns"


def _answer() -> ExplainedStatus:
    plain = status(History(), None, DAY)
    finding = CertainFinding("pain-during", Severity.STOP, "pain 7/10", "Silbernagel 2007", DAY)
    shaped = {f.name: getattr(plain, f.name) for f in dataclasses.fields(plain)}
    return ExplainedStatus(**{**shaped, "pain": (finding,)})


def test_a_new_core_field_reaches_json_the_api_and_the_templates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shaped = StatusOut.of(_answer(), None)
    dumped = shaped.model_dump(mode="json")
    assert dumped["for_clinician"] == "no concerns"
    assert dumped["pain"][0]["certainty"] == "moderate"
    assert dumped["pain"][0]["date"] == DAY.isoformat() and "on" not in dumped["pain"][0]

    print_json(shaped)  # the command line's --json
    assert json.loads(capsys.readouterr().out) == dumped

    app = FastAPI()

    @app.get("/status")
    def get_status() -> StatusOut:  # as /api/status answers
        return shaped

    with TestClient(app) as client:
        assert client.get("/status").json() == dumped

    page = Template(
        "{{ s.for_clinician }}; {% for f in s.pain %}{{ f.certainty }} {{ f.label }}"
        " {{ f.when }} {{ f.title }}{% endfor %}"
    )
    assert page.render(s=shaped) == f"no concerns; moderate stop {DAY:%a %d %b} Pain during a run"


def test_a_finding_keeps_its_documented_fields() -> None:
    finding = Finding("weekly-ramp", Severity.WARNING, "up 4 km", "Nielsen 2014", None, DAY)
    dumped = FindingOut.of(finding).model_dump(mode="json")
    assert list(dumped)[:9] == [
        "rule",
        "title",
        "severity",
        "message",
        "date",
        "week_start",
        "values",
        "source",
        "strength",
    ]
    assert dumped["date"] is None and dumped["week_start"] == DAY.isoformat()
