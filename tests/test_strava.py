"""The Strava bulk export reader, on the real sample export and on CSVs with Strava's quirks."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backstride.domain import Activity, SourceFormat, Sport
from backstride.domain.activity import Units
from backstride.ingest import decode
from backstride.ingest.errors import IngestError
from backstride.ingest.exports.strava import (
    is_strava_export,
    parse_strava_date,
    sport_of_strava_type,
    strava_items,
)
from backstride.ingest.exports.tree import (
    ExportItem,
    ExportMetadata,
    ExportTree,
    activity_from_metadata,
    apply_metadata,
    folder_tree,
    import_item,
    parse_number,
    zip_tree,
)
from backstride.ingest.fit import sdk as fit_sdk
from backstride.ingest.sniff import Kind

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

EXPORT = "export/sample-strava-export.zip"
TRUTH = "export/sample-strava-export.truth.json"

NEW_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,"
    "Filename,Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,"
    "Average Speed,Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,"
    "Average Grade,Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,"
    "Max Heart Rate,Average Heart Rate,Max Watts,Average Watts,Calories"
)
OLD_HEADER = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,"
    "Elapsed Time,Distance,Commute,Activity Gear,Filename"
)


def parse_stand_in(data: bytes, source_file: str) -> list[Activity]:
    """FIT through Garmin's SDK (the reference), the rest through the dispatcher."""
    kind, raw = decode.unwrap(data)
    if kind is Kind.FIT:
        return fit_sdk.parse(raw, source_file)
    return decode.parse_any(data, source_file)


def memory_tree(files: dict[str, bytes], label: str = "export.zip") -> ExportTree:
    return ExportTree(label, {name: partial(bytes, data) for name, data in files.items()})


def new_row(**cells: str) -> str:
    """One row in the newer layout; unnamed cells are empty."""
    header = NEW_HEADER.split(",")
    row = [""] * len(header)
    positions = {"id": 0, "date": 1, "name": 2, "type": 3, "description": 4, "elapsed": 5}
    positions |= {"distance": 6, "gear": 11, "filename": 12, "elapsed2": 15, "moving": 16}
    positions |= {"distance2": 17, "cadence": 29, "avg_hr": 31}
    for key, value in cells.items():
        row[positions[key]] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    return out.getvalue()


@pytest.fixture()
def sample_zip(corpus: Path) -> Iterator[ExportTree]:
    with zipfile.ZipFile(corpus / EXPORT) as archive:
        yield zip_tree(archive, "sample-strava-export.zip")


@pytest.fixture()
def truth(corpus: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads((corpus / TRUTH).read_text())
    return rows


def by_id(items: list[ExportItem]) -> dict[str, ExportItem]:
    return {i.metadata.external_id: i for i in items if i.metadata and i.metadata.external_id}


def assert_matches_truth(items: list[ExportItem], truth: list[dict[str, object]]) -> None:
    found = by_id(items)
    assert set(found) == {str(row["external_id"]) for row in truth}
    for row in truth:
        meta = found[str(row["external_id"])].metadata
        assert meta is not None and meta.start_utc is not None
        expected = datetime.fromisoformat(str(row["start_utc"]))
        assert abs((meta.start_utc - expected).total_seconds()) <= 1, row
        assert meta.distance_m == pytest.approx(float(str(row["distance_m"])), rel=0.005, abs=0.5)
        assert meta.elapsed_s == pytest.approx(float(str(row["elapsed_s"])), rel=0.005)
        assert (meta.gear or "") == row["gear"]


def test_sample_zip_every_truth_row_matches(
    sample_zip: ExportTree, truth: list[dict[str, object]]
) -> None:
    assert is_strava_export(sample_zip.members)
    items = list(strava_items(sample_zip))
    assert all(item.error is None and item.warning is None for item in items)
    assert len(items) == len(truth)
    assert_matches_truth(items, truth)
    with_file = [i for i in items if i.load is not None]
    assert {i.source_file for i in with_file} == {
        f"sample-strava-export.zip!{row['source'] and 'activities/' + str(row['external_id'])}"
        + (".tcx.gz" if "tcx" in str(row["source"]) else ".fit.gz")
        for row in truth
        if row["source"]
    }


def test_unpacked_folder_reads_like_the_zip(
    corpus: Path, tmp_path: Path, truth: list[dict[str, object]]
) -> None:
    with zipfile.ZipFile(corpus / EXPORT) as archive:
        archive.extractall(tmp_path / "export")
        zipped = list(strava_items(zip_tree(archive, "x.zip")))
    tree = folder_tree(tmp_path / "export")
    items = list(strava_items(tree))
    assert_matches_truth(items, truth)
    assert [i.metadata.external_id for i in items if i.metadata] == [
        i.metadata.external_id for i in zipped if i.metadata
    ]
    fit = next(i for i in items if i.load is not None)
    assert fit.load is not None
    assert fit.source_file.startswith(str(tmp_path / "export" / "activities"))
    assert fit.load() == (tmp_path / "export" / fit.source_file.split("export/", 1)[1]).read_bytes()


def test_rows_without_a_file_become_csv_only_activities(sample_zip: ExportTree) -> None:
    items = [i for i in strava_items(sample_zip) if i.load is None]
    assert [i.metadata.name for i in items if i.metadata] == ["Manual Run", "Manual Yoga"]
    run, yoga = (import_item(i, parse_stand_in)[0][0] for i in items)
    assert run.source_format is SourceFormat.STRAVA_CSV
    assert (run.sport, run.distance_m, run.elapsed_s, run.gear) == (
        Sport.RUN,
        5000.0,
        1800.0,
        "Brooks Ghost 15",
    )
    assert yoga.sport is Sport.YOGA and yoga.gear is None
    again = [i for i in strava_items(sample_zip) if i.load is None]
    assert import_item(again[0], parse_stand_in)[0][0].content_hash == run.content_hash
    assert run.content_hash != yoga.content_hash and len(run.content_hash or "") == 64


def test_decoded_files_keep_device_values_and_take_names_and_gear(sample_zip: ExportTree) -> None:
    items = by_id(list(strava_items(sample_zip)))
    for activity_id in ("9100031676", "9100023757"):
        activities, note = import_item(items[activity_id], parse_stand_in)
        assert note is None and len(activities) == 1
        activity = activities[0]
        assert activity.source_format is SourceFormat.FIT
        assert activity.external_id == activity_id
        assert activity.name == "Evening Run"
        assert activity.gear in ("Hoka Clifton 9", "Brooks Ghost 15")
        assert activity.source_file == items[activity_id].source_file
    # The device's distance (4835.38 m) wins over the CSV's rounded 4835.4 m.
    assert import_item(items["9100023757"], parse_stand_in)[0][0].distance_m == 4835.38


def test_whole_export_through_the_dispatcher_matches_truth(
    sample_zip: ExportTree, truth: list[dict[str, object]]
) -> None:
    results = [import_item(i, decode.parse_any) for i in strava_items(sample_zip)]
    activities = [a for found, _ in results for a in found]
    assert len(activities) == len(truth)
    assert all(note is None or "imported from the CSV row alone" in note for _, note in results)
    assert sum(a.source_format in (SourceFormat.FIT, SourceFormat.TCX) for a in activities) >= 22
    found = {a.external_id: a for a in activities}
    for row in truth:
        activity = found[str(row["external_id"])]
        expected = datetime.fromisoformat(str(row["start_utc"]))
        assert abs((activity.start_utc - expected).total_seconds()) <= 1, row
        distance = float(str(row["distance_m"]))
        assert activity.distance_m == pytest.approx(distance, rel=0.005, abs=0.5), row
        assert activity.elapsed_s == pytest.approx(float(str(row["elapsed_s"])), rel=0.005), row
        assert (activity.gear or "") == row["gear"]


def test_undecodable_file_falls_back_to_the_csv_row(sample_zip: ExportTree) -> None:
    # An FR70 file with compressed timestamps that Garmin's SDK rejects.
    item = by_id(list(strava_items(sample_zip)))["9100000000"]
    activities, note = import_item(item, parse_stand_in)
    assert note is not None and "imported from the CSV row alone" in note
    assert item.source_file in note
    assert activities[0].source_format is SourceFormat.STRAVA_CSV
    assert activities[0].distance_m == pytest.approx(10248.7)


def test_quirky_csv_bom_crlf_quoted_newlines_and_empty_cells() -> None:
    text = (
        "\ufeff"
        + NEW_HEADER
        + "\r\n"
        + new_row(
            id="1",
            date="Jun 4, 2024, 6:13:47 AM",
            name='Hills, "again"',
            type="Trail Run",
            description="first line\r\nsecond, with a comma",
            elapsed="1800",
            distance="3.11",
            gear="Hoka Speedgoat",
            elapsed2="1800.5",
            moving="",
            distance2="5005.2",
            cadence="84",
            avg_hr="",
        )
        + new_row(id="2", date="Jun 5, 2024, 12:00:00 PM", type="Virtual Run", elapsed="600")
        + new_row(id="3", date="Jun 6, 2024, 12:00:00 PM", elapsed="60", distance="1.50")
    )
    items = list(strava_items(memory_tree({"activities.csv": text.encode()})))
    assert [i.error for i in items] == [None, None, None]
    first, second, third = (i.metadata for i in items)
    assert first is not None and second is not None and third is not None
    assert third.distance_m == 1500.0  # the metres cell is empty: the display km is used
    assert first.start_utc == datetime(2024, 6, 4, 6, 13, 47, tzinfo=UTC)
    assert first.name == 'Hills, "again"'
    assert first.notes == "first line\r\nsecond, with a comma"
    assert (first.sport, first.sub_sport) == (Sport.RUN, "trail")
    assert first.distance_m == 5005.2 and first.elapsed_s == 1800.5
    assert first.moving_s is None and first.avg_hr is None
    assert first.avg_cadence_spm == 168.0
    assert second.start_utc == datetime(2024, 6, 5, 12, 0, tzinfo=UTC)
    assert (second.sport, second.sub_sport, second.distance_m) == (Sport.RUN, "virtual", None)


def test_older_layout_single_distance_in_display_units() -> None:
    text = (
        OLD_HEADER + "\n"
        '7,"Mar 1, 2018, 7:00:00 PM",Old run,Run,,3000,"10.50",false,Pegasus,activities/7.gpx\n'
        '8,"Mar 2, 2018, 7:00:00 PM",Pool,Swim,,1200,"1,500",false,,\n'
    )
    files = {"activities.csv": text.encode(), "activities/7.gpx": b"<gpx/>"}
    run, swim = strava_items(memory_tree(files))
    assert run.metadata is not None and swim.metadata is not None
    assert run.metadata.distance_m == pytest.approx(10500.0)
    assert run.metadata.gear == "Pegasus" and run.load is not None
    assert swim.metadata.distance_m == 1500.0  # swims are shown in metres
    in_miles = next(strava_items(memory_tree(files), display_units=Units.MI))
    assert in_miles.metadata is not None
    assert in_miles.metadata.distance_m == pytest.approx(10.5 * 1609.344)


def test_malformed_rows_give_one_error_each_and_the_rest_come_through() -> None:
    text = (
        NEW_HEADER
        + "\n"
        + new_row(id="1", date="yesterday-ish", elapsed="60")
        + new_row(id="2", date="Jun 4, 2024, 6:13:47 AM", elapsed="60", distance2="100")
        + new_row(id="3", date="Jun 4, 2024, 7:13:47 AM", elapsed="", filename="activities/3.fit")
        + "4,garbage\n"
        + new_row(id="5", date="not a date", filename="activities/5.fit")
        + new_row(id="6", date="Jun 4, 2024, 8:13:47 AM", elapsed="90", filename="activities/6.fit")
    )
    files = {"activities.csv": text.encode(), "activities/5.fit": b"x"}
    items = list(strava_items(memory_tree(files)))
    assert len(items) == 6
    bad_date, good, missing_file_no_time, garbage, bad_date_with_file, missing_file = items
    assert bad_date.error is not None and "line 2 (activity 1)" in bad_date.error
    assert "'yesterday-ish'" in bad_date.error
    assert good.error is None and good.metadata is not None and good.metadata.distance_m == 100
    assert missing_file_no_time.error is not None
    assert "activities/3.fit is not in the export" in missing_file_no_time.error
    assert garbage.error is not None and "activity 4" in garbage.error
    # A file is still imported when its row's date is unreadable; the row is named.
    assert bad_date_with_file.error is None and bad_date_with_file.load is not None
    assert bad_date_with_file.warning is not None and "activity 5" in bad_date_with_file.warning
    assert missing_file.error is None and missing_file.load is None
    assert (
        missing_file.warning is not None
        and "imported from the CSV row alone" in missing_file.warning
    )
    activities, note = import_item(missing_file, parse_stand_in)
    assert note == missing_file.warning and activities[0].elapsed_s == 90.0
    notes = [import_item(i, parse_stand_in)[1] for i in items]
    assert all(n is None or "\n" not in n for n in notes)


def test_a_record_the_csv_module_rejects_is_one_error() -> None:
    huge = "x" * (csv.field_size_limit() + 10)
    text = (
        NEW_HEADER
        + "\n"
        + new_row(id="1", date="Jun 4, 2024, 6:13:47 AM", elapsed="60", description=huge)
        + new_row(id="2", date="Jun 5, 2024, 6:13:47 AM", elapsed="60")
    )
    items = list(strava_items(memory_tree({"activities.csv": text.encode()})))
    assert items[0].error is not None and "unreadable CSV record" in items[0].error
    assert items[-1].metadata is not None and items[-1].metadata.external_id == "2"


def test_files_no_row_names_are_still_yielded() -> None:
    files = {
        "activities.csv": (NEW_HEADER + "\n").encode(),
        "activities/99.fit.gz": b"data",
        "activities/notes.txt": b"no",
        "media/photo.jpg": b"no",
    }
    (item,) = strava_items(memory_tree(files))
    assert item.source_file == "export.zip!activities/99.fit.gz" and item.metadata is None


def test_export_in_a_top_folder_and_case_insensitive_filenames() -> None:
    text = (
        NEW_HEADER
        + "\n"
        + new_row(id="1", date="Jun 4, 2024, 6:13:47 AM", filename="activities/1.FIT")
    )
    files = {"export_123/activities.csv": text.encode(), "export_123/activities/1.fit": b"f"}
    (item,) = strava_items(memory_tree(files))
    assert item.source_file == "export.zip!export_123/activities/1.fit"
    assert item.load is not None and item.load() == b"f"


def test_not_a_strava_csv_is_one_clear_error() -> None:
    assert not is_strava_export(["DI_CONNECT/x.json", "deep/er/activities.csv"])
    (item,) = strava_items(memory_tree({"activities.csv": b"a,b\n1,2\n"}))
    assert item.error is not None and "Activity Date" in item.error
    (none,) = strava_items(memory_tree({"other.csv": b""}))
    assert none.error is not None and "no activities.csv" in none.error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jun 4, 2024, 6:13:47 AM", datetime(2024, 6, 4, 6, 13, 47, tzinfo=UTC)),
        ("Jun 4, 2024, 12:13:47 AM", datetime(2024, 6, 4, 0, 13, 47, tzinfo=UTC)),
        ("Dec 26, 2012, 9:29:53 PM", datetime(2012, 12, 26, 21, 29, 53, tzinfo=UTC)),
        ("Jun 4, 2024, 6:13:47\u202fPM", datetime(2024, 6, 4, 18, 13, 47, tzinfo=UTC)),
        ("04.06.2024, 06:13:47", datetime(2024, 6, 4, 6, 13, 47, tzinfo=UTC)),
        ("6. 9. 2026 11:18:40", datetime(2026, 9, 6, 11, 18, 40, tzinfo=UTC)),
        ("4 juin 2024, 06:13:47", datetime(2024, 6, 4, 6, 13, 47, tzinfo=UTC)),
        ("4. Juni 2024, 18:13:47", datetime(2024, 6, 4, 18, 13, 47, tzinfo=UTC)),
        ("2024-06-04 06:13:47", datetime(2024, 6, 4, 6, 13, 47, tzinfo=UTC)),
        ("2024-06-04T06:13:47Z", datetime(2024, 6, 4, 6, 13, 47, tzinfo=UTC)),
        ("Foo 4, 2024, 6:13:47 AM", None),
        ("Feb 30, 2024, 6:13:47 AM", None),
        ("Jun 4, 2024, 13:13:47 PM", None),
        ("", None),
    ],
)
def test_strava_dates(text: str, expected: datetime | None) -> None:
    assert parse_strava_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Run", (Sport.RUN, None)),
        ("Trail Run", (Sport.RUN, "trail")),
        ("Virtual Run", (Sport.RUN, "virtual")),
        ("VirtualRun", (Sport.RUN, "virtual")),
        ("Walk", (Sport.WALK, None)),
        ("Hike", (Sport.HIKE, None)),
        ("Ride", (Sport.CYCLING, None)),
        ("Virtual Ride", (Sport.CYCLING, "virtual")),
        ("Swim", (Sport.SWIMMING, None)),
        ("Weight Training", (Sport.STRENGTH, "strength")),
        ("Workout", (Sport.CARDIO, None)),
        ("Yoga", (Sport.YOGA, "yoga")),
        ("Lauf", (Sport.RUN, None)),
        ("Kitesurf", (Sport.OTHER, None)),
    ],
)
def test_strava_types(text: str, expected: tuple[Sport, str | None]) -> None:
    assert sport_of_strava_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.25", 10.25),
        ("1,012.5", 1012.5),
        ("33,22", 33.22),
        ("1.234,5", 1234.5),
        ("1,500", 1500.0),
        ("", None),
        ("-", None),
        ("nan", None),
        ("inf", None),
    ],
)
def test_numbers(text: str, expected: float | None) -> None:
    assert parse_number(text) == expected


def test_apply_metadata_takes_the_sport_only_when_the_file_says_other() -> None:
    start = datetime(2024, 6, 4, 6, 0, tzinfo=UTC)
    meta = ExportMetadata(
        SourceFormat.STRAVA_CSV, "row", external_id="1", name="Hills", sport=Sport.RUN,
        sub_sport="trail", gear="Hoka", start_utc=start, distance_m=5100.0, avg_hr=150.0,
    )  # fmt: skip
    other = Activity(Sport.OTHER, start, 1800.0, SourceFormat.FIT, distance_m=5000.0)
    walk = other.with_(sport=Sport.WALK)
    (taken,) = apply_metadata([other], meta)
    assert (taken.sport, taken.sub_sport, taken.name, taken.gear) == (
        Sport.RUN,
        "trail",
        "Hills",
        "Hoka",
    )
    assert taken.distance_m == 5000.0 and taken.avg_hr == 150.0  # device's kept, gap filled
    (kept,) = apply_metadata([walk], meta)
    assert kept.sport is Sport.WALK and kept.external_id == "1"


def test_csv_only_activity_needs_a_start() -> None:
    with pytest.raises(IngestError, match="row 9: no start"):
        activity_from_metadata(ExportMetadata(SourceFormat.STRAVA_CSV, "row 9"), "x")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_mutated_csv_never_crashes_the_export(data: st.DataObject) -> None:
    text = (
        NEW_HEADER
        + "\n"
        + new_row(id="1", date="Jun 4, 2024, 6:13:47 AM", elapsed="60", filename="activities/1.fit")
        + new_row(id="2", date="Jun 5, 2024, 6:13:47 AM", elapsed="60", distance2="1000")
    ).encode()
    position = data.draw(st.integers(0, len(text) - 1))
    junk = data.draw(st.binary(min_size=0, max_size=8))
    cut = data.draw(st.integers(position, len(text)))
    mutated = text[:position] + junk + text[cut:]
    tree = memory_tree({"activities.csv": mutated, "activities/1.fit": b"not fit"})
    for item in strava_items(tree):
        activities, note = import_item(item, parse_stand_in)
        assert activities or note
        assert note is None or "\n" not in note


@given(st.text(max_size=60))
def test_dates_and_numbers_never_raise(text: str) -> None:
    parsed = parse_strava_date(text)
    assert parsed is None or parsed.tzinfo is UTC
    number = parse_number(text)
    assert number is None or number == number
