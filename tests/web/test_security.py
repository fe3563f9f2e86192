"""Local safety on every write of the topics: refused cross-site, without the session's token
or with a wrong one, or with a body that is neither JSON nor an upload; forms refused without
the session's token; every refusal carries the security headers; the OpenAPI document lists
every endpoint."""

from __future__ import annotations

import httpx2
import pytest
from fastapi.testclient import TestClient
from webtools import BASE, NO_FLAGS, api, assert_error, token_of

from backstride.web import WebSettings, create_app
from backstride.web.security import SECURITY_HEADERS

WRITES = [
    ("POST", "/api/pain", {"score": 2, "timing": "other"}),
    ("POST", "/api/screening", {"answers": NO_FLAGS}),
    ("POST", "/api/screening/clear", {}),
    ("POST", "/api/plan", {"goal": "weekly:20km"}),
    ("POST", "/api/routines/core/done", {}),
    ("PUT", "/api/config", {"week_start": "sunday"}),
]
FORMS = ["/pain", "/screening", "/screening/clear", "/plan", "/settings/rules"]


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_new_api_writes_are_refused_cross_site_or_with_a_wrong_token(
    client: TestClient, method: str, path: str, body: object
) -> None:
    cross = client.request(method, path, json=body, headers={"Origin": "http://evil.example"})
    assert_error(cross, 403, "cross-site")
    token_of(client)
    wrong = client.request(method, path, json=body, headers={"X-CSRF-Token": "wrong"})
    assert_error(wrong, 403, "csrf")


MORE_WRITES: list[tuple[str, str, object]] = [
    ("PUT", "/api/settings", {"units": "mi"}),
    ("POST", "/api/shoes", {"name": "Ghost"}),
    ("POST", "/api/undo", None),
    ("DELETE", "/api/shoes/Ghost", None),
    ("POST", "/api/delete-everything", {"confirm": "delete everything"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES + MORE_WRITES)
def test_an_api_write_without_the_token_header_is_refused(
    client: TestClient, method: str, path: str, body: object
) -> None:
    before = client.get("/api/status").json()
    no_cookie = client.request(method, path, json=body)
    assert_error(no_cookie, 403, "csrf")
    token_of(client)  # the cookie is now set, as in a browser that opened a page
    for headers in ({}, {"Origin": BASE}, {"Sec-Fetch-Site": "same-origin"}):
        assert_error(client.request(method, path, json=body, headers=headers), 403, "csrf")
    assert client.get("/api/status").json() == before
    assert client.get("/api/shoes").json() == []


def test_a_text_plain_post_like_a_cross_site_form_is_refused(client: TestClient) -> None:
    token = token_of(client)
    plain = {"Content-Type": "text/plain"}
    for path in ("/api/routines/warm-up/done", "/api/routines/core/done"):
        assert_error(client.post(path, content=b"{}", headers=plain), 403, "csrf")
        with_token = client.post(path, content=b"{}", headers={**plain, "X-CSRF-Token": token})
        assert_error(with_token, 415, "unsupported-media-type")
        form = client.post(path, data={"seconds_done": "300"}, headers={"X-CSRF-Token": token})
        assert_error(form, 415, "unsupported-media-type")
    assert client.get("/api/status").json()["week"]["core_sessions"] == 0
    done = api(client, "POST", "/api/routines/core/done", {})
    assert done.status_code == 200 and done.json()["recorded"] is True


def _secured(response: httpx2.Response) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name.decode()) == value.decode(), (
            response.status_code,
            name,
        )


def test_every_refusal_carries_the_security_headers(tmp_db_url: str) -> None:
    settings = WebSettings(store_url=tmp_db_url, max_upload_bytes=4096, import_workers=1)
    with TestClient(create_app(tmp_db_url, settings), base_url=BASE) as client:
        token = token_of(client)
        answers = {
            400: client.get("/", headers={"Host": "evil.example"}),
            403: client.put("/api/settings", json={}, headers={"Origin": "http://evil.example"}),
            404: client.get("/api/activities/999999"),
            405: api(client, "DELETE", "/api/status"),
            413: client.post(
                "/api/imports",
                content=b"x" * 10_000,
                headers={"X-CSRF-Token": token, "Content-Type": "multipart/form-data; boundary=b"},
            ),
            415: client.post("/api/undo", content=b"x", headers={"X-CSRF-Token": token}),
            422: api(client, "PUT", "/api/settings", {"units": "furlongs"}),
        }
        answers[-403] = client.post("/api/undo")
        answers[-404] = client.get("/no-such-page")
        answers[-400] = client.get("/api/status", headers={"Host": "evil.example"})
        for status, response in answers.items():
            assert response.status_code == abs(status), (status, response.text)
            _secured(response)


@pytest.mark.parametrize("path", FORMS)
def test_new_forms_are_refused_without_the_token(client: TestClient, path: str) -> None:
    token_of(client)
    response = client.post(path, data={"score": "3", "timing": "other"})
    assert response.status_code == 403 and "reload the page" in response.text
    assert client.get("/api/status").json()["pain"] == []


def test_the_openapi_document_describes_the_new_endpoints(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/pain",
        "/api/screening",
        "/api/screening/clear",
        "/api/plan",
        "/api/plan/why/{day}",
        "/api/plan/ics",
        "/api/plan/fit.zip",
        "/api/routines",
        "/api/routines/{name}/done",
        "/api/charts/pain",
        "/api/charts/load",
        "/api/config",
    ):
        assert path in paths, path
