"""The activity page a runner expects, on real watch files: the figures the device
recorded, the route from the file's own points, splits per km or mile, elevation, and the
corrections (run type, shoes, warm-up and cool-down) through the page and PATCH alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from realfiles import CORPUS
from webtools import BASE, api, assert_error, token_of

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType
from backstride.ingest.pipeline import import_paths
from backstride.services.edit_activity import run_of
from backstride.services.workspace import Workspace
from backstride.store import Store, open_store
from backstride.web import WebSettings, create_app

FR955 = CORPUS / "fit" / "GoldenCheetah__test__roundtrip__Fr955v19.28andStryd.fit"
RACE_10K = CORPUS / "fit" / "GoldenCheetah__test__runs__10kUNLP2014-Garmin15.fit"


@pytest.fixture()
def two_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("BACKSTRIDE_CONFIG", raising=False)
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    with open_store(url) as store:
        store.update_athlete(time_zone="UTC")
        import_paths(store, [FR955, RACE_10K], workers=1)
        store.add_gear("Daily trainer")
        store.add_gear("Old racer")
    app = create_app(url, WebSettings(store_url=url, import_workers=1))
    with TestClient(app, base_url=BASE) as client:
        yield client


def _store(client: TestClient) -> Store:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return store


def _id(client: TestClient, path: Path) -> int:
    found = [a.id for a in _store(client).activities() if a.source_file == str(path)]
    assert found and found[0] is not None
    return found[0]


def test_the_page_shows_route_splits_elevation_and_the_device_s_figures(
    two_runs: TestClient,
) -> None:
    page = two_runs.get(f"/activities/{_id(two_runs, FR955)}").text
    assert (
        '<svg class="route"' in page
        and "route-line" in page
        and "http" not in page.split('<svg class="route"')[1].split("</svg>")[0]
    )
    assert "Splits per km" in page
    rows = re.findall(r'<tr><th scope="row">(\d+)</th>', page)
    assert rows == [str(n) for n in range(1, 11)]  # 10.02 km: ten splits, the last 20 m dropped
    assert "Elevation (m)" in page and "Ascent" in page and "93 m" in page  # the device's ascent
    assert "Heart rate (bpm)" in page and "Pace (min/km)" in page
    assert "Recorded by" in page


def test_miles_and_feet_for_a_runner_in_miles(two_runs: TestClient) -> None:
    _store(two_runs).update_athlete(units=Units.MI)
    page = two_runs.get(f"/activities/{_id(two_runs, FR955)}").text
    assert "Splits per mi" in page and "Elevation (ft)" in page and "305 ft" in page
    rows = re.findall(r'<tr><th scope="row">(\d+)</th>', page)
    assert rows == [str(n) for n in range(1, 8)]  # 6.23 mi
    assert " km" not in page.split("<main")[1].split("</main>")[0]


def test_a_correction_through_the_page_is_stored_and_shown(two_runs: TestClient) -> None:
    race = _id(two_runs, RACE_10K)
    form = {
        "csrf_token": token_of(two_runs),
        "run_type": "race",
        "shoe": "old racer",
    }
    saved = two_runs.post(f"/activities/{race}/edit", data=form, follow_redirects=True)
    assert saved.status_code == 200 and "Saved." in saved.text
    routines = {
        "csrf_token": token_of(two_runs),
        "warm_up_min": "12",
        "cool_down_min": "0",
        "confirm_routines": "yes",
    }
    two_runs.post(f"/activities/{race}/edit", data=routines)
    page = two_runs.get(f"/activities/{race}").text
    assert "12 min (easy) (as you said)" in page and "none (as you said)" in page
    run = run_of(Workspace.of(_store(two_runs)), race)
    assert run is not None
    assert run.run_type is RunType.RACE and run.run_type_source == "runner"
    assert run.shoe == "Old racer" and run.warm_up_min == 12 and run.cool_down_min == 0
    assert run.routines_confirmed


def test_patch_checks_everything_before_writing_anything(two_runs: TestClient) -> None:
    run = _id(two_runs, FR955)
    before = [(a.gear, a.id) for a in _store(two_runs).activities()]
    bad_type = api(
        two_runs, "PATCH", f"/api/activities/{run}", {"shoe": "Daily trainer", "run_type": "jog"}
    )
    assert_error(bad_type, 422, "invalid", "run_type")
    assert [(a.gear, a.id) for a in _store(two_runs).activities()] == before
    assert_error(
        api(two_runs, "PATCH", f"/api/activities/{run}", {"shoe": "nope"}), 404, "not-found", "shoe"
    )
    assert_error(
        api(two_runs, "PATCH", f"/api/activities/{run}", {"warm_up_min": 500}),
        422,
        "invalid",
        "warm_up_min",
    )
    assert_error(api(two_runs, "PATCH", f"/api/activities/{run}", {}), 422, "invalid")
    assert_error(
        api(two_runs, "PATCH", "/api/activities/999999", {"shoe": "Daily trainer"}),
        404,
        "not-found",
    )
    done = api(
        two_runs, "PATCH", f"/api/activities/{run}", {"shoe": "daily trainer", "run_type": "long"}
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["activity"]["gear"] == "Daily trainer" and body["changed"] == [
        "run type: long",
        "shoes: Daily trainer",
    ]
    no_token = two_runs.patch(
        f"/api/activities/{run}",
        json={"run_type": "easy"},
        headers={"Origin": "https://evil.example"},
    )
    assert no_token.status_code == 403


def test_the_device_s_laps_sit_beside_the_splits_in_the_runner_s_units(
    two_runs: TestClient,
) -> None:
    race = _id(two_runs, RACE_10K)
    page = two_runs.get(f"/activities/{race}").text
    laps = re.findall(r'<tr class="lap"><th scope="row">(\d+)</th><td>([^<]+)</td>', page)
    assert [n for n, _ in laps] == [str(n) for n in range(1, 12)]
    assert [d for _, d in laps[:10]] == ["1.00 km"] * 10
    assert page.index('id="laps"') > page.index('id="splits"')
    _store(two_runs).update_athlete(units=Units.MI)
    page = two_runs.get(f"/activities/{race}").text
    in_miles = re.findall(r'<tr class="lap"><th scope="row">\d+</th><td>([^<]+)</td>', page)
    assert in_miles[:10] == ["0.62 mi"] * 10
    laps_table = page.split('id="laps"')[1].split("</table>")[0]
    assert "/mi" in laps_table and "/km" not in laps_table and " km" not in laps_table
    body = two_runs.get(f"/api/activities/{_id(two_runs, FR955)}").json()
    assert len(body["laps"]) == 7 and body["laps"][0]["distance_m"] == pytest.approx(1152.3)
    assert body["laps"][0]["avg_hr"] is not None and "laps" not in body["activity"]
