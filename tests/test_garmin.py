"""The Garmin Connect data export reader, on the real sample export and on built ones."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.domain import Activity, SourceFormat, Sport
from backstride.ingest import decode
from backstride.ingest.exports.garmin import (
    garmin_items,
    gear_by_activity,
    is_garmin_export,
    record_metadata,
    sport_of_garmin_type,
)
from backstride.ingest.exports.tree import (
    ExportItem,
    ExportTree,
    folder_tree,
    import_item,
    zip_tree,
)
from backstride.ingest.fit import sdk as fit_sdk
from backstride.ingest.sniff import Kind

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

EXPORT = "export/sample-garmin-export.zip"
FITNESS = "DI_CONNECT/DI-Connect-Fitness/"
UPLOADS = "DI_CONNECT/DI-Connect-Uploaded-Files/"
SUMMARY = FITNESS + "runner@example.com_0_summarizedActivities.json"
PART1 = UPLOADS + "UploadedFiles_0-_Part1.zip"


def parse_stand_in(data: bytes, source_file: str) -> list[Activity]:
    """FIT through Garmin's SDK (the reference), the rest through the dispatcher."""
    kind, raw = decode.unwrap(data)
    if kind is Kind.FIT:
        return fit_sdk.parse(raw, source_file)
    return decode.parse_any(data, source_file)


def memory_tree(files: dict[str, bytes], label: str = "garmin.zip") -> ExportTree:
    return ExportTree(label, {name: partial(bytes, data) for name, data in files.items()})


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture()
def sample(corpus: Path) -> Iterator[ExportTree]:
    with zipfile.ZipFile(corpus / EXPORT) as archive:
        yield zip_tree(archive, "garmin.zip")


@pytest.fixture()
def sample_records(corpus: Path) -> list[dict[str, Any]]:
    with zipfile.ZipFile(corpus / EXPORT) as archive:
        records: list[dict[str, Any]] = json.loads(archive.read(SUMMARY))[0][
            "summarizedActivitiesExport"
        ]
    return records


def test_sample_export_yields_every_fit_with_its_json_record(
    sample: ExportTree, sample_records: list[dict[str, Any]]
) -> None:
    assert is_garmin_export(sample.members)
    items = list(garmin_items(sample))
    assert len(items) == len(sample_records) == 22
    assert all(i.error is None and i.load is not None for i in items)
    by_id = {i.metadata.external_id: i for i in items if i.metadata}
    assert set(by_id) == {str(r["activityId"]) for r in sample_records}
    for record in sample_records:
        item = by_id[str(record["activityId"])]
        assert item.source_file == (
            f"garmin.zip!{PART1}!runner@example.com_{record['activityId']}.fit"
        )
        meta = item.metadata
        assert meta is not None and meta.name == record["name"]
        assert meta.sport is Sport.RUN and meta.origin is SourceFormat.GARMIN_JSON
        assert meta.distance_m == pytest.approx(record["distance"] / 100)
        assert meta.elapsed_s == pytest.approx(record["duration"] / 1000)
        assert meta.start_utc is not None
        assert meta.start_utc.timestamp() * 1000 == pytest.approx(record["startTimeGmt"])
    first = by_id["15000000000"].metadata
    assert first is not None
    assert first.start_utc == datetime(1990, 7, 18, 6, 44, 24, tzinfo=UTC)
    assert first.distance_m == pytest.approx(10248.67) and first.elapsed_s == pytest.approx(
        3883.273
    )
    assert first.moving_s == pytest.approx(3772.75)
    assert (first.avg_hr, first.max_hr) == (170.0, 190.0)


def summary_of(items: list[ExportItem]) -> list[tuple[object, ...]]:
    return [
        (m.external_id, m.name, m.start_utc, m.distance_m, m.elapsed_s, m.gear)
        for m in (i.metadata for i in items)
        if m is not None
    ]


def test_unpacked_folder_reads_like_the_zip(corpus: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(corpus / EXPORT) as archive:
        archive.extractall(tmp_path)
        from_zip = list(garmin_items(zip_tree(archive, "g.zip")))
    items = list(garmin_items(folder_tree(tmp_path)))
    assert len(items) == 22 and summary_of(items) == summary_of(from_zip)
    assert items[0].source_file.startswith(f"{tmp_path}/{PART1}!runner@example.com_")


def test_whole_export_through_the_dispatcher(corpus: Path) -> None:
    with zipfile.ZipFile(corpus / EXPORT) as archive:
        results = [import_item(i, decode.parse_any) for i in garmin_items(zip_tree(archive, "g"))]
    activities = [a for found, _ in results for a in found]
    assert len(activities) == 22
    assert {a.name for a in activities} == {f"Run {n}" for n in range(1, 23)}
    assert sum(a.source_format is SourceFormat.FIT for a in activities) >= 20
    assert all(note is None or "imported from the JSON record alone" in note for _, note in results)


def test_decoded_fit_takes_the_json_name_and_id(sample: ExportTree) -> None:
    items = {i.metadata.external_id: i for i in garmin_items(sample) if i.metadata}
    item = items["15000104729"]
    activities, note = import_item(item, parse_stand_in)
    assert note is None and len(activities) == 1
    activity = activities[0]
    assert (activity.name, activity.external_id) == ("Run 2", "15000104729")
    assert activity.source_format is SourceFormat.FIT
    assert activity.source_file == item.source_file
    assert activity.start_utc == datetime(2013, 2, 6, 12, 11, 14, tzinfo=UTC)


def built_export(sample_fit: bytes) -> dict[str, bytes]:
    summary = [
        {
            "summarizedActivitiesExport": [
                {
                    "activityId": 501,
                    "name": "Matched by start",
                    "activityType": "trail_running",
                    "sportType": "RUNNING",
                    "startTimeGmt": 1360152674000,
                    "startTimeLocal": 1360156274000,
                    "elapsedDuration": 2625140.0,
                    "distance": 483538.0,
                    "elevationGain": 4300.0,
                    "avgRunCadence": 81.5,
                    "description": "felt fine",
                },
                {
                    "activityId": 502,
                    "name": "Manual yoga",
                    "activityType": "yoga",
                    "startTimeGmt": 1700000000000,
                    "duration": 1800000.0,
                },
                {"name": "no id at all"},
            ]
        }
    ]
    gear = [
        {
            "gearDTOS": [
                {"gearPk": 11, "displayName": "Pegasus 40", "gearTypeName": "Shoes"},
                {"gearPk": 12, "customMakeModel": "Back brace", "gearTypeName": "Other"},
            ],
            "gearActivityDTOs": {
                "12": [{"activityId": 501}],
                "11": [{"activityId": 501}, {"activityId": 502}],
            },
        }
    ]
    return {
        FITNESS + "me_0_summarizedActivities.json": json.dumps(summary).encode(),
        FITNESS + "me_1_summarizedActivities.json": b"{not json",
        FITNESS + "me_gear.json": json.dumps(gear).encode(),
        UPLOADS + "UploadedFiles_0-_Part1.zip": zipped({"upload_from_phone.fit": sample_fit}),
        UPLOADS + "UploadedFiles_0-_Part2.zip": b"PK\x03\x04 broken",
    }


def test_built_export_gear_start_matching_json_only_and_errors(sample: ExportTree) -> None:
    nested = zipfile.ZipFile(io.BytesIO(sample.members[PART1]()))
    fit = nested.read("runner@example.com_15000104729.fit")
    # Streamed: each item decoded before the next is taken, as the importer does.
    results = [
        (i, import_item(i, parse_stand_in)) for i in garmin_items(memory_tree(built_export(fit)))
    ]
    items = [item for item, _ in results]
    errors = [i.error for i in items if i.error]
    assert len(errors) == 3
    assert any("me_1_summarizedActivities.json: not readable JSON" in e for e in errors)
    assert any("record 3: no activityId" in e for e in errors)
    assert any("Part2.zip: not a readable zip" in e for e in errors)
    (file_item,) = [i for i in items if i.load is not None]
    assert file_item.metadata is None and file_item.match is not None
    ((run,), note) = next(result for item, result in results if item is file_item)
    assert note is None
    assert (run.name, run.external_id, run.gear, run.notes) == (
        "Matched by start",
        "501",
        "Pegasus 40",
        "felt fine",
    )
    assert run.sub_sport is None or run.sub_sport == "trail"
    assert run.distance_m == pytest.approx(4835.38)  # the device's, not the JSON's
    (json_only,) = [i for i in items if i.error is None and i.load is None]
    assert json_only.source_file == f"garmin.zip!{FITNESS}me_0_summarizedActivities.json#502"
    (yoga,), note = import_item(json_only, parse_stand_in)
    assert note is None and yoga.source_format is SourceFormat.GARMIN_JSON
    assert (yoga.sport, yoga.gear, yoga.elapsed_s) == (Sport.YOGA, "Pegasus 40", 1800.0)
    assert yoga.start_utc == datetime.fromtimestamp(1_700_000_000, tz=UTC)
    assert yoga.content_hash is not None and len(yoga.content_hash) == 64


def test_record_metadata_units_and_offsets() -> None:
    record = {
        "activityId": 7,
        "activityType": "treadmill_running",
        "startTimeGmt": 1360152674000,
        "startTimeLocal": 1360156274000,
        "duration": 2000000.0,
        "elapsedDuration": 2100000.0,
        "movingDuration": 1900000.0,
        "distance": 500000.0,
        "elevationGain": 1234.0,
        "avgDoubleCadence": 170.5,
        "avgRunCadence": 85.0,
        "avgHr": 141,
        "maxHr": None,
    }
    meta = record_metadata(record, "row", None)
    assert (meta.sport, meta.sub_sport) == (Sport.RUN, "treadmill")
    assert (meta.elapsed_s, meta.moving_s, meta.distance_m) == (2100.0, 1900.0, 5000.0)
    assert (meta.ascent_m, meta.avg_cadence_spm, meta.utc_offset_s) == (12.34, 170.5, 3600)
    assert (meta.avg_hr, meta.max_hr, meta.external_id) == (141.0, None, "7")
    older = record_metadata({"activityId": 8, "startTimeGmt": "2019-03-17 07:24:32"}, "r", None)
    assert older.start_utc == datetime(2019, 3, 17, 7, 24, 32, tzinfo=UTC)


@pytest.mark.parametrize(
    ("activity_type", "sport_type", "expected"),
    [
        ("running", None, (Sport.RUN, None)),
        ("trail_running", "RUNNING", (Sport.RUN, "trail")),
        ({"typeKey": "walking"}, None, (Sport.WALK, None)),
        ("something_new", "RUNNING", (Sport.RUN, None)),
        ("strength_training", None, (Sport.STRENGTH, "strength")),
        (None, None, (Sport.OTHER, None)),
    ],
)
def test_garmin_types(
    activity_type: object, sport_type: object, expected: tuple[Sport, str | None]
) -> None:
    assert sport_of_garmin_type(activity_type, sport_type) == expected


def test_is_garmin_export() -> None:
    assert is_garmin_export([SUMMARY]) and is_garmin_export([PART1])
    assert not is_garmin_export(["activities.csv", "activities/1.fit.gz"])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["gearDTOS", "gearActivityDTOs", "gearPk", "activityId", "displayName"])
            | st.sampled_from(["startTimeGmt", "distance", "activityType", "name", "duration"])
            | st.sampled_from(["summarizedActivitiesExport", "avgRunCadence", "elevationGain"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(summary=json_values, gear=json_values)
def test_arbitrary_json_never_crashes_the_export(summary: object, gear: object) -> None:
    files = {
        FITNESS + "x_summarizedActivities.json": json.dumps(summary).encode(),
        FITNESS + "x_gear.json": json.dumps(gear).encode(),
    }
    for item in garmin_items(memory_tree(files)):
        activities, note = import_item(item, parse_stand_in)
        assert activities or note
    assert isinstance(gear_by_activity(gear), dict)


def test_late_match_still_applies_when_items_are_collected_first(sample: ExportTree) -> None:
    nested = zipfile.ZipFile(io.BytesIO(sample.members[PART1]()))
    fit = nested.read("runner@example.com_15000104729.fit")
    items: list[ExportItem] = list(garmin_items(memory_tree(built_export(fit))))
    (file_item,) = [i for i in items if i.load is not None]
    ((run,), _) = import_item(file_item, parse_stand_in)
    assert (run.name, run.external_id) == ("Matched by start", "501")
    json_only = [i.metadata.external_id for i in items if i.load is None and i.metadata]
    assert json_only == ["501", "502"]  # 501 twice: the store's same-run check keeps the FIT
