"""The import report links to what it imported: the activities of its span and the week
of the latest run, through the page and the API; an import that added nothing links
to all activities."""

from __future__ import annotations

from fastapi.testclient import TestClient
from realfiles import CORPUS
from webtools import BASE, token_of

OLD = CORPUS / "fit" / "GoldenCheetah__test__runs__10kUNLP2014-Garmin15.fit"
NEW = CORPUS / "fit" / "GoldenCheetah__test__roundtrip__Fr955v19.28andStryd.fit"


def test_the_report_links_to_the_span_it_imported(client: TestClient) -> None:
    files = [
        ("files", (path.name, path.read_bytes(), "application/octet-stream")) for path in (OLD, NEW)
    ]
    headers = {"X-CSRF-Token": token_of(client), "Origin": BASE}
    body = client.post("/api/imports", headers=headers, files=files).json()
    assert body["imported"] == 2
    first, last = body["first_day"], body["last_day"]
    assert first.startswith("2014-") and last > first
    assert body["activities_url"] == f"/activities?since={first}&until={last}"
    assert client.get(body["activities_url"]).status_code == 200
    listed = client.get(f"/api/activities?since={first}&until={last}").json()
    assert listed["total"] == 2
    assert client.get(body["weeks_url"]).status_code == 200
    again = client.post(
        "/import",
        data={"csrf_token": token_of(client)},
        files=[("files", (OLD.name, OLD.read_bytes(), "application/octet-stream"))],
    )
    assert again.status_code == 200 and 'href="/activities">See your activities' in again.text
