"""The web app through Starlette's TestClient: every route, the one error shape,
Host and cross-site refusal, upload limits, and imports of real device files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from test_plan_builders import a_run
from webtools import api

from backstride.domain.activity import Sport, Units
from backstride.web import WebSettings, create_app
from backstride.web.activities.views import activity_row
from backstride.web.deps import get_today

BASE = "http://127.0.0.1"
FIT_RUN = "fit/dtcooper__tests__files__activity-small-fenix2-run.fit"
BAD_FIT = "fit/dtcooper__tests__files__activity-filecrc.fit"
PAGES = (
    "/",
    "/week",
    "/activities",
    "/shoes",
    "/charts",
    "/charts?weeks=52",
    "/import",
    "/log",
    "/data",
    "/settings",
    "/plan",
    "/routines",
    "/screening",
    "/rules/weekly-ramp",
)
API_GETS = (
    "/api/status",
    "/api/week",
    "/api/activities",
    "/api/shoes",
    "/api/charts/weekly-distance",
    "/api/settings",
    "/api/openapi.json",
)


def make_app(url: str, **settings: object) -> FastAPI:
    return create_app(url, WebSettings(store_url=url, **settings))  # type: ignore[arg-type]


@pytest.fixture()
def client(tmp_db_url: str) -> Iterator[TestClient]:
    with TestClient(make_app(tmp_db_url, import_workers=1), base_url=BASE) as test_client:
        yield test_client


def token_of(client: TestClient) -> str:
    """This session's form token, as a page carries it."""
    page = client.get("/import")
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found, "every page carries the session's form token"
    return found.group(1)


def upload(client: TestClient, *paths: Path) -> dict[str, object]:
    token = token_of(client)
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    response = client.post("/api/imports", files=files, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.text
    report: dict[str, object] = response.json()
    return report


def assert_error(
    response: httpx2.Response, status: int, code: str, field: str | None = None
) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field is not None:
        assert body["error"]["field"] == field


# --- every route on an empty database ---------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_on_an_empty_database(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<nav aria-label="Main">' in response.text
    assert loaded_from_elsewhere(response.text) == []


class _Loads(HTMLParser):
    """Every address a page makes the browser fetch by itself (not links the runner clicks)."""

    FETCHED: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
        "link": "href",
    }

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = self.FETCHED.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.addresses.append(value.strip())


def loaded_from_elsewhere(page: str, own: str = BASE) -> list[str]:
    """A page works offline: nothing it loads comes from another site (a CDN, fonts)."""
    parser = _Loads()
    parser.feed(page)
    home = urlsplit(own).netloc
    return [a for a in parser.addresses if urlsplit(a).netloc not in ("", home)]


def test_an_offline_check_that_sees_a_cdn() -> None:
    page = '<link rel="stylesheet" href="https://cdn.example/x.css"><script src="//cdn.x/a.js">'
    assert loaded_from_elsewhere(page) == ["https://cdn.example/x.css", "//cdn.x/a.js"]
    assert loaded_from_elsewhere(f'<script src="{BASE}/static/a.js">') == []
    assert loaded_from_elsewhere('<a href="https://pubmed.ncbi.nlm.nih.gov/1/">source</a>') == []
    assert loaded_from_elsewhere('<input name="csrf_token" value="abcdnefg">') == []


@pytest.mark.parametrize("path", API_GETS)
def test_every_api_read_answers_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_today_asks_for_the_red_flag_questions_first_with_no_history(
    client: TestClient,
) -> None:
    body = client.get("/api/status").json()
    assert body["severity"] == "warning" and body["label"] == "warning"
    assert body["answer"].startswith("Answer the red-flag questions first")
    assert "Welcome to backstride" in client.get("/").text  # a new runner starts there
    page = client.get("/?welcome=skip").text
    assert "May I run today?" in page and 'href="/screening"' in page


def test_week_lists_every_registered_rule(client: TestClient) -> None:
    from backstride.rules import REGISTRY

    rules = client.get("/api/week").json()["rules"]
    assert {r["rule"] for r in rules} == set(REGISTRY.ids())
    assert {r["state"] for r in rules} <= {"ok", "advice", "warning", "hold", "stop"}
    assert not any(r["state"] in ("hold", "stop") for r in rules), "no runs, no pain: no hold"


def test_static_assets_are_served_by_the_app(client: TestClient) -> None:
    for asset in ("style.css", "import.js", "icon.svg"):
        assert client.get(f"/static/{asset}").status_code == 200


def test_openapi_describes_the_api_and_its_error_shape(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    paths = document["paths"]
    assert "/api/imports" in paths and "/api/activities/{activity_id}" in paths
    assert all(p.startswith("/api") for p in paths), "pages stay out of the API document"
    assert "ErrorResponse" in document["components"]["schemas"]
    assert "422" in paths["/api/activities"]["get"]["responses"]


# --- errors: one JSON shape under /api, a page elsewhere -----------------------------


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/activities?limit=0", "query.limit"),
        ("/api/activities?sport=skating", "query.sport"),
        ("/api/activities?since=yesterday", "query.since"),
        ("/api/activities?since=2024-02-01&until=2024-01-01", "query.since"),
        ("/api/status?day=2024-13-01", "query.day"),
        ("/api/charts/weekly-distance?weeks=9999", "query.weeks"),
        ("/api/activities/abc", "path.activity_id"),
        ("/api/activities/1/samples/password", "column"),
    ],
)
def test_validation_errors_have_one_shape(client: TestClient, path: str, field: str) -> None:
    assert_error(client.get(path), 422, "invalid", field)


def test_unknown_things_are_404_in_the_one_shape(client: TestClient) -> None:
    assert_error(client.get("/api/activities/999"), 404, "not-found", "activity_id")
    assert_error(client.get("/api/activities/-5"), 404, "not-found")
    assert_error(client.get("/api/nothing-here"), 404, "not-found")
    page = client.get("/activities/999")
    assert page.status_code == 404
    assert "there is no activity 999" in page.text
    assert client.get("/rules/no-such-rule").status_code == 404


def test_a_page_with_a_bad_query_shows_an_error_page(client: TestClient) -> None:
    response = client.get("/activities?since=soon")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Please check what you entered" in response.text


def test_wrong_method_is_405_in_the_one_shape(client: TestClient) -> None:
    assert_error(api(client, "DELETE", "/api/status"), 405, "method-not-allowed")


def test_settings_api_validates_and_saves(client: TestClient) -> None:
    def put(body: object) -> httpx2.Response:
        return api(client, "PUT", "/api/settings", body)

    assert_error(put({"time_zone": "Mars/Olympus"}), 422, "invalid")
    assert_error(put({"time_zone": "Europe"}), 422, "invalid")
    assert_error(put({"units": "furlongs"}), 422, "invalid", "units")
    assert_error(put({"colour": "red"}), 422, "invalid", "colour")
    saved = put({"units": "mi", "time_zone": "Europe/Paris"})
    assert saved.status_code == 200
    assert client.get("/api/settings").json() | {"name": "x"} == {
        "name": "x",
        "units": "mi",
        "time_zone": "Europe/Paris",
    }


# --- local safety --------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil", "127.0.0.1:x", ""]
)
def test_unexpected_host_headers_are_refused(client: TestClient, host: str) -> None:
    response = client.get("/api/status", headers={"Host": host})
    assert_error(response, 400, "bad-host")
    assert client.get("/", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:5000", "[::1]:8000"])
def test_loopback_host_headers_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/status", headers={"Host": host}).status_code == 200


def test_a_configured_host_is_served(tmp_db_url: str) -> None:
    app = make_app(tmp_db_url, host="192.168.1.20")
    with TestClient(app, base_url="http://192.168.1.20:8000") as lan:
        assert lan.get("/api/status").status_code == 200
        assert lan.get("/api/status", headers={"Host": "evil.example"}).status_code == 400


def test_a_cross_site_form_post_is_refused(client: TestClient) -> None:
    token = token_of(client)
    form = {"units": "mi", "time_zone": "UTC", "csrf_token": token}
    refused = client.post("/settings", data=form, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    refused = client.post("/settings", data=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403
    assert client.get("/api/settings").json()["units"] == "km", "nothing was changed"


def test_a_form_post_without_the_session_token_is_refused(client: TestClient) -> None:
    token_of(client)
    missing = client.post("/settings", data={"units": "mi", "time_zone": "UTC"})
    assert missing.status_code == 403
    assert "reload the page" in missing.text
    wrong = client.post(
        "/settings", data={"units": "mi", "time_zone": "UTC", "csrf_token": "x" * 43}
    )
    assert wrong.status_code == 403
    assert client.get("/api/settings").json()["units"] == "km"


def test_a_form_post_with_the_token_is_saved(client: TestClient) -> None:
    token = token_of(client)
    form = {"units": "mi", "time_zone": "Europe/Berlin", "csrf_token": token}
    saved = client.post(
        "/settings", data=form, headers={"Origin": BASE, "Sec-Fetch-Site": "same-origin"}
    )
    assert saved.status_code == 200  # followed the 303 to /settings?saved=true
    assert "Saved." in saved.text
    assert client.get("/api/settings").json()["time_zone"] == "Europe/Berlin"
    bad = client.post("/settings", data={**form, "time_zone": "Nowhere"})
    assert bad.status_code == 422


def test_cross_site_api_writes_are_refused(client: TestClient) -> None:
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "same-site"}):
        response = client.put("/api/settings", json={"units": "mi"}, headers=headers)
        assert_error(response, 403, "cross-site")
    same = api(client, "PUT", "/api/settings", {"units": "mi"})  # Origin: this server
    assert same.status_code == 200


def test_an_api_write_with_a_wrong_token_header_is_refused(client: TestClient) -> None:
    token_of(client)
    response = client.put("/api/settings", json={"units": "mi"}, headers={"X-CSRF-Token": "no"})
    assert_error(response, 403, "csrf")


def test_responses_carry_security_headers(client: TestClient) -> None:
    headers = client.get("/?welcome=skip").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=Strict" in headers["set-cookie"]


def test_uploads_over_the_limit_are_refused(tmp_db_url: str) -> None:
    with TestClient(make_app(tmp_db_url, max_upload_bytes=4096), base_url=BASE) as small:
        token = token_of(small)
        files = [("files", ("big.fit", b"x" * 10_000, "application/octet-stream"))]
        response = small.post("/api/imports", files=files, headers={"X-CSRF-Token": token})
        assert_error(response, 413, "too-large")
        assert "backstride import" in response.json()["error"]["message"]
        assert small.get("/api/activities").json()["total"] == 0


def test_an_import_with_no_files_is_a_validation_error(client: TestClient) -> None:
    assert_error(api(client, "POST", "/api/imports"), 422, "invalid", "files")


# --- real files through the same importer ----------------------------------------------


@pytest.mark.corpus
def test_a_real_fit_file_is_imported_listed_and_charted(client: TestClient, corpus: Path) -> None:
    report = upload(client, corpus / FIT_RUN)
    assert report["imported"] == 1 and report["failed"] == []
    again = upload(client, corpus / FIT_RUN)
    assert again["imported"] == 0 and again["duplicates"] == 1
    listed = client.get("/api/activities").json()
    assert listed["total"] == 1
    activity_id = listed["items"][0]["id"]
    assert listed["items"][0]["sport"] == "run"
    assert f'href="/activities/{activity_id}"' in client.get("/activities").text
    detail = client.get(f"/api/activities/{activity_id}").json()
    assert detail["sample_count"] > 0
    assert {r["name"] for r in detail["routines"]} == {"Warm-up", "Cool-down"}
    page = client.get(f"/activities/{activity_id}").text
    assert page.count('<svg class="chart"') >= 2
    assert 'aria-label="Pace over time' in page and 'aria-label="Heart rate over time' in page
    series = client.get(f"/api/activities/{activity_id}/samples/heart_rate_bpm").json()
    assert len(series["time_s"]) == len(series["values"]) == detail["sample_count"]


@pytest.mark.corpus
def test_a_broken_file_is_reported_by_its_own_name(client: TestClient, corpus: Path) -> None:
    report = upload(client, corpus / BAD_FIT)
    assert report["imported"] == 0
    failed = report["failed"]
    assert isinstance(failed, list) and len(failed) == 1
    assert Path(BAD_FIT).name in failed[0]
    assert "backstride-upload-" not in failed[0], "the temporary copy's path is not shown"


@pytest.mark.corpus
def test_the_import_form_works_without_javascript(client: TestClient, corpus: Path) -> None:
    token = token_of(client)
    path = corpus / FIT_RUN
    response = client.post(
        "/import",
        data={"csrf_token": token},
        files=[("files", (path.name, path.read_bytes(), "application/octet-stream"))],
    )
    assert response.status_code == 200
    assert re.search(r"<dt>Imported</dt><dd>1</dd>", response.text)


@pytest.mark.corpus
def test_shoes_and_charts_show_imported_runs(client: TestClient, corpus: Path) -> None:
    upload(client, corpus / FIT_RUN)
    shoes = client.get("/api/shoes").json()
    for shoe in shoes:
        assert shoe["replace_at_m"] == pytest.approx(402_336.0)
    weeks = client.get("/api/charts/weekly-distance?weeks=260").json()["weeks"]
    assert len(weeks) == 260
    assert sum(w["distance_m"] for w in weeks) >= 0


# --- pure pieces -----------------------------------------------------------------------


def test_host_names_are_parsed_with_ports_and_ipv6() -> None:
    from backstride.web.security import host_allowed, host_name

    assert host_name("[::1]:8000") == "[::1]"
    assert host_name("LocalHost:80") == "localhost"
    allowed = frozenset({"127.0.0.1", "localhost", "[::1]"})
    assert host_allowed("[::1]", allowed)
    assert not host_allowed("[::1]:99999", allowed)
    assert not host_allowed("localhost:", allowed)


def test_upload_names_cannot_leave_the_folder() -> None:
    from backstride.web.imports.uploads import safe_name

    assert safe_name("../../etc/passwd", 0) == "0000-passwd"
    assert safe_name("C:\\Users\\me\\run.FIT", 3) == "0003-run.FIT"
    assert safe_name("..", 1) == "0001-upload"
    assert "/" not in safe_name("a/b/../c d.fit", 2)


def test_empty_filter_fields_mean_no_filter(client: TestClient) -> None:
    response = client.get("/activities?since=&until=&sport=")
    assert response.status_code == 200
    assert "0 activities" in response.text


def test_page_filters_refuse_implausible_days(client: TestClient) -> None:
    assert client.get("/activities?since=1900-01-01").status_code == 422
    assert client.get("/week?day=2024-02-30").status_code == 422


def test_a_streamed_upload_over_the_limit_is_refused(tmp_db_url: str) -> None:
    """No Content-Length: the body is counted as it arrives and refused past the limit."""
    with TestClient(make_app(tmp_db_url, max_upload_bytes=4096), base_url=BASE) as small:
        token = token_of(small)

        def chunks() -> Iterator[bytes]:
            yield b"--b\r\nContent-Disposition: form-data; name=files; filename=a.fit\r\n\r\n"
            for _ in range(10):
                yield b"x" * 1024
            yield b"\r\n--b--\r\n"

        response = small.post(
            "/api/imports",
            content=chunks(),
            headers={"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=b"},
        )
        assert_error(response, 413, "too-large")


def test_serve_registers_a_command_with_loopback_defaults() -> None:
    import typer
    from typer.testing import CliRunner

    from backstride.cli import serve

    app = typer.Typer()
    serve.register(app)

    @app.command("other")
    def other() -> None:  # a second command, so `serve` is a subcommand as in backstride
        """Nothing."""

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--host" in result.output and "127.0.0.1" in result.output
    assert "--port" in result.output and "8000" in result.output


def test_rest_days_still_to_come_are_shown_apart_from_those_taken(tmp_db_url: str) -> None:
    """The rules count the days after today as rest still to come; the pages say so,
    instead of '7 rest days' on a Tuesday."""
    app = make_app(tmp_db_url, import_workers=1)
    app.dependency_overrides[get_today] = lambda: date(2026, 12, 1)  # a Tuesday
    with TestClient(app, base_url=BASE) as test_client:
        for path in ("/?welcome=skip", "/week"):
            page = test_client.get(path).text
            found = re.search(r"<dt>Rest days</dt><dd>(\d+)(.*?)</dd>", page, re.S)
            assert found, path
            assert found.group(1) == "2" and "+ 5 to come" in found.group(2), path
        past = test_client.get("/week?day=2026-11-23").text
        found = re.search(r"<dt>Rest days</dt><dd>(\d+)(.*?)</dd>", past, re.S)
        assert found and found.group(1) == "7" and "to come" not in found.group(2)


def test_a_session_without_distance_lists_no_distance_and_no_pace() -> None:
    run = a_run(date(2026, 11, 30), 5.0)
    yoga = replace(run, sport=Sport.YOGA, distance_m=0.0)
    zone = ZoneInfo("Europe/London")
    assert activity_row(run, Units.KM, zone).distance == "5.00 km"
    row = activity_row(yoga, Units.KM, zone)
    assert row.distance == "-" and row.pace == "-" and row.duration != "-"


def test_a_rule_page_shows_its_thresholds_in_the_runners_units(client: TestClient) -> None:
    page = client.get("/rules/weekly-ramp").text
    assert "3.219 km" in page and "max_<wbr>increase_<wbr>km" in page and "3218" not in page
    assert 'href="/settings#rule-weekly-ramp"' in page
    assert 'id="rule-weekly-ramp"' in client.get("/settings").text
