"""The Insights page, /api/insights and the clinician report's downloads, over a year of
the demo runner with its diary (which plants worse mornings after skipped warm-ups and on
worn shoes): what the page shows, the API against `backstride insights --json`, refusals
in one line, and the report as a PDF a physiotherapist can read."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pypdf
import pytest
from clitools import ok
from demo_exports import DemoExport
from fastapi.testclient import TestClient
from webtools import BASE, assert_error

from backstride import clock
from backstride.demo import demo_diary, demo_runs, save_diary
from backstride.demo.history import DEMO_ZONE
from backstride.domain.activity import Units
from backstride.ingest.pipeline import import_paths
from backstride.plan.model import POSTURE_CUES
from backstride.store import open_store
from backstride.web import create_app

WEEKS = 52  # enough for the planted associations to stand out after the FDR adjustment
RUNNER = "Sam Rivera"


@dataclass(frozen=True)
class Demo:
    db: Path
    client: TestClient


@pytest.fixture(scope="module")
def demo(demo_export: DemoExport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """A year of the demo runner (in miles) with the diary, and the web app over it."""
    today = clock.today(DEMO_ZONE)
    db = tmp_path_factory.mktemp("web-insights") / "demo.db"
    with open_store(f"sqlite:///{db}") as store:
        store.update_athlete(name=RUNNER, time_zone=DEMO_ZONE, units=Units.MI)
        import_paths(store, [demo_export(today, weeks=WEEKS)], workers=1)
        save_diary(store, demo_diary(demo_runs(today, weeks=WEEKS), today, weeks=WEEKS))
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BACKSTRIDE_CONFIG", raising=False)
        with TestClient(create_app(f"sqlite:///{db}"), base_url=BASE) as client:
            yield Demo(db, client)


def text_of(markup: str) -> str:
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def section(page: str, heading_id: str) -> str:
    """The visible text of the page's section headed by `heading_id`."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert found, f"no section {heading_id}"
    return text_of(found.group(0))


def test_the_page_shows_the_planted_findings_as_associations(demo: Demo) -> None:
    response = demo.client.get("/insights")
    assert response.status_code == 200
    page = response.text
    assert 'href="/insights" aria-current="page"' in page
    seen = text_of(page)
    assert "not causes and not a diagnosis" in seen
    assert "None" not in seen and "nan" not in seen.split() and "Traceback" not in seen
    data = demo.client.get("/api/insights").json()
    stand_out = section(page, "stand-out")
    for title in ("Warm-up skipped or short", "Shoes past 80 % of their replace-at distance"):
        assert title in stand_out
    # every claim with its sentence, its 90 % interval and its days, strongest first
    where = [stand_out.index(item["sentence"]) for item in data["stand_out"]]
    assert where == sorted(where) and len(where) >= 2
    for item in data["stand_out"]:
        days = f"{item['days_with']} days with, {item['days_without']} without"
        assert days in stand_out
    assert "90 % interval" in stand_out and "points" in stand_out
    unclear = section(page, "unclear")
    assert unclear.startswith("Not clear yet: could be chance")
    assert all(item["sentence"] in unclear for item in data["no_clear_link"])
    too_few = section(page, "too-few")
    for item in data["not_enough_data"]:
        assert item["sentence"] in too_few and "of 8 days" in item["sentence"]
    assert "interval" not in too_few, "too little data is never given a number"


def test_cadence_by_pace_band_in_miles_and_the_form_weeks_with_cues(demo: Demo) -> None:
    page = demo.client.get("/insights").text
    data = demo.client.get("/api/insights").json()
    cadence = section(page, "cadence")
    assert "Pace (mi)" in cadence
    for band in data["cadence"]["bands"]:
        assert band["pace"].endswith("/mi")
        assert f"{band['pace']} {band['usual_spm']:.0f} steps/min {band['runs']}" in cadence
    form = section(page, "form")
    weeks = [w for w in data["cadence"]["weeks"] if w["cues"]]
    assert weeks, "the demo year has weeks where cadence dropped or pain rose"
    latest = weeks[-1]
    assert form.index("Week of") < form.index(latest["cues"][0])
    assert all(cue in POSTURE_CUES for w in weeks for cue in w["cues"])
    assert any(cue in form for cue in POSTURE_CUES)


def test_the_period_can_be_chosen_and_the_report_follows_it(demo: Demo) -> None:
    today = clock.today(DEMO_ZONE)
    since, until = today - timedelta(days=60), today - timedelta(days=7)
    page = demo.client.get(f"/insights?since={since}&until={until}").text
    assert f'name="since" type="date" value="{since}"' in page
    assert f'name="until" type="date" value="{until}"' in page
    assert f'name="from" type="date" value="{since}"' in page
    assert 'action="/report.pdf"' in page and 'formaction="/report.html"' in page
    # without a period: everything since the first run, and the report's twelve weeks
    page = demo.client.get("/insights?since=&until=").text
    first = demo.client.get("/api/insights").json()["since"]
    assert f'name="since" type="date" value="{first}"' in page
    assert f'name="from" type="date" value="{today - timedelta(days=83)}"' in page


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--min-days", "5"),
        ("--since", "{since}", "--until", "{until}", "--min-days", "3"),
    ],
)
def test_the_api_says_what_the_cli_says_field_for_field(demo: Demo, args: tuple[str, ...]) -> None:
    today = clock.today(DEMO_ZONE)
    dates = {"since": str(today - timedelta(weeks=20)), "until": str(today - timedelta(days=3))}
    cli_args = [a.format(**dates) for a in args]
    query = "&".join(
        f"{name.removeprefix('--').replace('-', '_')}={value}"
        for name, value in zip(cli_args[::2], cli_args[1::2], strict=True)
    )
    from_cli = json.loads(ok(demo.db, "insights", "--json", *cli_args))
    response = demo.client.get(f"/api/insights?{query}")
    assert response.status_code == 200, response.text
    from_api = response.json()
    assert from_api == from_cli
    assert from_api["stand_out"] or args, "the whole year has something to say"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/insights?since=2026-12-01&until=2026-11-01", "query.since"),
        ("/api/insights?since=yesterday", "query.since"),
        ("/api/insights?until=2026-02-30", "query.until"),
        ("/api/insights?min_days=1", "query.min_days"),
        ("/api/insights?since=1066-10-14", "query.since"),
    ],
)
def test_the_api_refuses_bad_periods_in_one_line(demo: Demo, path: str, field: str) -> None:
    response = demo.client.get(path)
    assert_error(response, 422, "invalid", field)
    assert "\n" not in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("path", "field", "says"),
    [
        ("/insights?since=2026-12-01&until=2026-11-01", "query.since", "is after the last"),
        ("/insights?until=2026-13-01", "query.until", "month value is outside"),
        ("/report.pdf?from=2026-12-01&to=2026-11-01", "query.from", "is after the last"),
        ("/report.html?from=soon", "query.from", "valid date"),
        ("/report.pdf?to=1900-01-01", "query.to", "must be between"),
    ],
)
def test_pages_and_downloads_refuse_bad_dates_with_one_line(
    demo: Demo, path: str, field: str, says: str
) -> None:
    response = demo.client.get(path)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    message = re.search(r'<p class="error-message">([^<]*)</p>', response.text)
    assert message and says in message.group(1) and "\n" not in message.group(1)
    assert f"<code>{field}</code>" in response.text
    assert "Traceback" not in response.text


def test_the_report_downloads_as_a_pdf_a_physio_can_read(demo: Demo) -> None:
    today = clock.today(DEMO_ZONE)
    first = today - timedelta(days=83)
    response = demo.client.get("/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="backstride-report-{first}-to-{today}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages]
    assert 2 <= len(pages) <= 4
    assert RUNNER in pages[0] and "Not a diagnosis." in pages[0]
    assert f"period {first.day} {first:%b %Y} to {today.day} {today:%b %Y}" in pages[0]
    assert "What went with worse days (insights)" in "\n".join(pages)
    since = today - timedelta(days=27)
    named = demo.client.get(f"/report.pdf?from={since}&to={today}")
    assert named.headers["content-disposition"].endswith(f'-{since}-to-{today}.pdf"')


def test_the_report_downloads_as_html_that_fetches_nothing(demo: Demo) -> None:
    today = clock.today(DEMO_ZONE)
    since = today - timedelta(days=41)
    response = demo.client.get(f"/report.html?from={since}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-disposition"] == (
        f'attachment; filename="backstride-report-{since}-to-{today}.html"'
    )
    report = response.text
    assert RUNNER in report and "<svg" in report
    assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(|@import""", report)


def test_an_empty_database_has_nothing_to_claim(client: TestClient) -> None:
    page = client.get("/insights")
    assert page.status_code == 200
    seen = text_of(page.text)
    assert "Nothing stands out yet." in seen
    assert "Not enough runs with cadence yet" in seen
    assert "not enough data yet: 0 of 8 days" in seen
    data = client.get("/api/insights").json()
    assert data["stand_out"] == [] and data["no_clear_link"] == [] and data["run_days"] == 0
    assert client.get("/report.pdf").content.startswith(b"%PDF")


def test_the_api_document_describes_insights_and_leaves_the_downloads_out(
    client: TestClient,
) -> None:
    document = client.get("/api/openapi.json").json()
    get = document["paths"]["/api/insights"]["get"]
    assert {p["name"] for p in get["parameters"]} == {"since", "until", "min_days"}
    assert "422" in get["responses"]
    schema = document["components"]["schemas"]["InsightsOut"]
    assert {"stand_out", "no_clear_link", "not_enough_data", "cadence"} <= set(schema["properties"])
    assert not {"/insights", "/report.pdf", "/report.html"} & set(document["paths"])
