"""Your data in the browser's hands: download everything, delete everything behind typed
words, and restore the download into the now empty database, through the pages and the API."""

from __future__ import annotations

import io
import json
import zipfile

from fastapi.testclient import TestClient
from webtools import BASE, api, assert_error, token_of

from backstride.services.backup import MANIFEST
from backstride.store import Store


def _activities(client: TestClient) -> int:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return len(store.activities())


def test_download_delete_then_restore_through_the_pages(runner: TestClient) -> None:
    page = runner.get("/data").text
    assert 'href="/data/export.zip"' in page and "Type <strong>delete everything</strong>" in page
    assert 'href="/data"' in runner.get("/").text  # linked from every page's footer
    before = _activities(runner)
    assert before > 10
    download = runner.get("/data/export.zip")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    assert 'attachment; filename="backstride-export-' in download.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    assert manifest["tables"]["activity"]["rows"] == before

    token = token_of(runner)
    wrong = runner.post("/data/delete", data={"csrf_token": token, "confirm": "yes"})
    assert wrong.status_code == 422 and _activities(runner) == before
    deleted = runner.post(
        "/data/delete", data={"csrf_token": token, "confirm": "Delete everything"}
    )
    assert deleted.status_code == 200 and "activities" in deleted.text
    assert _activities(runner) == 0
    assert 'action="/data/restore"' in runner.get("/data").text  # empty: restore is offered

    restored = runner.post(
        "/data/restore",
        data={"csrf_token": token_of(runner)},
        files={"archive": ("export.zip", download.content, "application/zip")},
    )
    assert restored.status_code == 200 and "Restored" in restored.text
    assert _activities(runner) == before
    assert 'action="/data/restore"' not in runner.get("/data").text


def test_the_api_refuses_without_the_words_and_a_restore_over_data(runner: TestClient) -> None:
    archive = runner.get("/api/export").content
    assert_error(api(runner, "POST", "/api/delete-everything", {"confirm": "ok"}), 422, "invalid")
    token = token_of(runner)
    over = runner.post(
        "/api/restore",
        headers={"X-CSRF-Token": token, "Origin": BASE},
        files={"archive": ("export.zip", archive, "application/zip")},
    )
    assert_error(over, 422, "invalid")
    assert "already holds data" in over.json()["error"]["message"]
    gone = api(runner, "POST", "/api/delete-everything", {"confirm": "delete everything"})
    assert gone.status_code == 200 and gone.json()["rows"]["activity"] > 0
    back = runner.post(
        "/api/restore",
        headers={"X-CSRF-Token": token_of(runner), "Origin": BASE},
        files={"archive": ("export.zip", archive, "application/zip")},
    )
    assert back.status_code == 200 and back.json()["rows"] == gone.json()["rows"]


def test_a_cross_site_delete_is_refused(runner: TestClient) -> None:
    before = _activities(runner)
    forged = runner.post(
        "/api/delete-everything",
        json={"confirm": "delete everything"},
        headers={"Origin": "https://evil.example"},
    )
    assert forged.status_code == 403 and _activities(runner) == before
    no_token = runner.post("/data/delete", data={"confirm": "delete everything"})
    assert no_token.status_code == 403 and _activities(runner) == before


def test_delete_a_run_from_its_page_and_bring_it_back_from_the_trash(runner: TestClient) -> None:
    store: Store = runner.app.state.store  # type: ignore[attr-defined]
    first = store.activities()[0]
    before = _activities(runner)
    page = runner.get(f"/activities/{first.id}").text
    assert 'action="/data/delete-record"' in page
    deleted = runner.post(
        "/data/delete-record",
        data={"csrf_token": token_of(runner), "kind": "activity", "id": str(first.id)},
    )
    assert deleted.status_code == 200 and "Deleted (in the trash)" in deleted.text
    assert _activities(runner) == before - 1
    assert "Bring back" in deleted.text and "the run on" in deleted.text
    assert runner.get(f"/activities/{first.id}").status_code == 404
    (item,) = runner.get("/api/trash").json()
    back = runner.post("/data/undo", data={"csrf_token": token_of(runner), "id": str(item["id"])})
    assert back.status_code == 200 and "Brought back" in back.text
    assert _activities(runner) == before
    assert "Nothing deleted in the last 30 days." in runner.get("/data").text
