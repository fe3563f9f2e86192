"""Driving the web app in tests as its own pages do: the session's form token, API writes
with it, and the one error shape."""

from __future__ import annotations

import re

import httpx2
from fastapi.testclient import TestClient

from backstride.rules import RED_FLAGS

BASE = "http://127.0.0.1"
NO_FLAGS = {f.id: False for f in RED_FLAGS}
EMERGENCY = {f.id: False for f in RED_FLAGS[:5]}


def token_of(client: TestClient) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/routines").text)
    assert found
    return found.group(1)


def api(client: TestClient, method: str, path: str, body: object = None) -> httpx2.Response:
    headers = {"X-CSRF-Token": token_of(client), "Origin": BASE}
    return client.request(method, path, json=body, headers=headers)


def assert_error(
    response: httpx2.Response, status: int, code: str, field: str | None = None
) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]
    if field is not None:
        assert body["error"]["field"] == field


def make_plan(client: TestClient) -> dict[str, object]:
    response = api(client, "POST", "/api/plan", {"goal": "weekly:30km", "weeks": 8})
    assert response.status_code == 200, response.text
    plan: dict[str, object] = response.json()
    assert plan["saved"] is True
    return plan
