"""A schema-driven fuzz of the JSON API: schemathesis generates requests from the
OpenAPI document and no answer may be a 500. Writes carry the session's token
(as our pages send it), so the fuzzer reaches the routes behind the CSRF check."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from fastapi.testclient import TestClient  # noqa: E402

from backstride.web import WebSettings, create_app  # noqa: E402

BASE = "http://127.0.0.1"
EXAMPLES = 25  # per operation: the whole fuzz stays well under a minute


def _app(folder: Path) -> tuple[object, str]:
    url = f"sqlite:///{folder / 'fuzz.db'}"
    app = create_app(url, WebSettings(store_url=url, import_workers=1, extra_hosts=("testserver",)))
    with TestClient(app, base_url=BASE) as client:
        page = client.get("/routines")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token
        return app, token.group(1)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, str]:
    return _app(tmp_path_factory.mktemp("fuzz"))


def test_no_api_answer_is_a_500(fuzz_app: tuple[object, str]) -> None:
    app, token = fuzz_app
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    headers = {"X-CSRF-Token": token, "Cookie": f"backstride_csrf={token}"}
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/imports":
            continue  # uploads are fuzzed by the importer's own tests

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            response = case.call(headers=headers)
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and body["error"]["code"], (where, body)

        run()
        checked.append(operation.label)
    assert len(checked) >= 20, checked
