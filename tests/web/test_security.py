"""Local safety on every write of the topics: refused cross-site or with a wrong token,
forms refused without the session's token; the OpenAPI document lists every endpoint."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from webtools import NO_FLAGS, assert_error, token_of

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
