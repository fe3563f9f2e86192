"""GPX reading on the real corpus, plus the safe XML parser it stands on."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstride.domain import SourceFormat, Sport
from backstride.ingest import gpx
from backstride.ingest.errors import IngestError, NotAnActivity
from backstride.ingest.xml import parse_xml

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

# Files that hold no activity, and why (each one was looked at).
NOT_ACTIVITIES = {
    "GoldenCheetah__test__rides__MetadataOnly.gpx": NotAnActivity,  # metadata only
    "tkrajina__test_files__custom_schema_locations.gpx": NotAnActivity,  # empty gpx
    "tkrajina__test_files__default_schema_locations.gpx": NotAnActivity,
    "tkrajina__test_files__gpx1.1_with_extensions.gpx": NotAnActivity,  # one waypoint
    "tkrajina__test_files__gpx1.1_with_extensions_without_namespaces.gpx": NotAnActivity,
    "tkrajina__test_files__gpx_with_garmin_extension.gpx": NotAnActivity,
    "tkrajina__test_files__route.gpx": NotAnActivity,  # a route
    "tkrajina__test_files__unicode.gpx": NotAnActivity,  # waypoints
    "tkrajina__test_files__unicode2.gpx": NotAnActivity,  # an empty track
    "tkrajina__test_files__unicode_with_bom.gpx": NotAnActivity,
    "tkrajina__test_files__unicode_with_bom_noencoding.gpx": NotAnActivity,
    "tkrajina__test_files__gpx-with-node-with-comments.gpx": NotAnActivity,  # one point
    "tkrajina__test_files__gpx1.0_with_all_fields.gpx": NotAnActivity,
    "tkrajina__test_files__gpx1.1_with_all_fields.gpx": NotAnActivity,
    "GoldenCheetah__test__rides__A_ride_mapped_on_11_22_2011.gpx": NotAnActivity,  # a route
    "tkrajina__test_files__cerknicko-without-times.gpx": IngestError,
    "tkrajina__test_files__track-with-extremes.gpx": NotAnActivity,
    "tkrajina__test_files__track-with-small-floats.gpx": NotAnActivity,
    "tkrajina__test_files__track_with_dilution_errors.gpx": NotAnActivity,
    "tkrajina__test_files__Mojstrovka.gpx": IngestError,  # every time is 1901-12-13
}


def _files(corpus: Path) -> list[Path]:
    return sorted((corpus / "gpx").glob("*.gpx"))


def _parse(path: Path) -> list:  # type: ignore[type-arg]
    return gpx.parse(path.read_bytes(), path.name)


def test_every_corpus_gpx_parses_or_says_why(corpus: Path) -> None:
    files = _files(corpus)
    assert len(files) >= 30
    for path in files:
        expected = NOT_ACTIVITIES.get(path.name)
        if expected is not None:
            with pytest.raises(expected) as caught:
                _parse(path)
            assert type(caught.value) is expected, path.name
            assert "\n" not in str(caught.value)
            continue
        activities = _parse(path)
        assert activities, path.name
        for activity in activities:
            assert activity.source_format is SourceFormat.GPX
            assert activity.start_utc.utcoffset() is not None
            assert activity.start_utc.year >= 2000
            assert activity.elapsed_s > 0
            assert activity.moving_s is not None
            assert 0 <= activity.moving_s <= activity.elapsed_s + 1e-6
            assert activity.distance_m is None or activity.distance_m >= 0
            samples = activity.samples
            assert samples is not None and len(samples) >= 2
            assert samples.time_s[0] == 0
            assert np.all(np.diff(samples.time_s) >= 0)
            assert samples.time_s[-1] == pytest.approx(activity.elapsed_s)
            assert activity.content_hash is not None and len(activity.content_hash) == 64


def _independent_distance(text: str) -> float:
    """Haversine with math, per <trkseg>, over timed points, as a cross-check."""
    total = 0.0
    for segment in re.findall(r"<trkseg>(.*?)</trkseg>", text, flags=re.S):
        points = re.findall(r'<trkpt lat="([-\d.]+)" lon="([-\d.]+)">(.*?)</trkpt>', segment, re.S)
        timed = [(float(a), float(b)) for a, b, body in points if "<time>" in body]
        for (la1, lo1), (la2, lo2) in itertools.pairwise(timed):
            p1, p2 = math.radians(la1), math.radians(la2)
            h = (
                math.sin((p2 - p1) / 2) ** 2
                + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
            )
            total += 2 * gpx.EARTH_RADIUS_M * math.asin(math.sqrt(h))
    return total


@pytest.mark.parametrize(
    "name",
    [
        "tkrajina__test_files__cerknicko-jezero.gpx",
        "GoldenCheetah__test__rides__Move_2014_01_17_09_33_11.gpx",
    ],
)
def test_distance_matches_an_independent_haversine(corpus: Path, name: str) -> None:
    path = corpus / "gpx" / name
    (activity,) = _parse(path)
    expected = _independent_distance(path.read_text(encoding="utf-8"))
    assert expected > 1000
    assert activity.distance_m == pytest.approx(expected, rel=1e-6)


def test_tracks_of_one_outing_merge_into_one_activity(corpus: Path) -> None:
    # Eight "ACTIVE LOG" tracks from one afternoon, the first one empty.
    (activity,) = _parse(corpus / "gpx" / "tkrajina__test_files__cerknicko-jezero.gpx")
    assert activity.start_utc.isoformat() == "2010-08-05T14:23:59+00:00"
    assert activity.elapsed_s == 2 * 3600 - 10  # 14:23:59 to 16:23:49
    assert activity.samples is not None and len(activity.samples) == 296
    assert activity.moving_s is not None and activity.moving_s < activity.elapsed_s / 2


def test_tracks_days_apart_become_separate_activities() -> None:
    def track(day: int) -> str:
        return (
            f"<trk><trkseg>"
            f'<trkpt lat="46.0" lon="14.0"><time>2024-05-0{day}T08:00:00Z</time></trkpt>'
            f'<trkpt lat="46.001" lon="14.0"><time>2024-05-0{day}T08:00:40Z</time></trkpt>'
            f"</trkseg></trk>"
        )

    data = f'<gpx xmlns="http://www.topografix.com/GPX/1/1">{track(1)}{track(3)}</gpx>'.encode()
    activities = gpx.parse(data, "two-days.gpx")
    assert [a.start_utc.day for a in activities] == [1, 3]
    assert all(a.distance_m == pytest.approx(111.2, abs=0.5) for a in activities)


def test_movescount_gpxdata_file_reads_every_point_and_heart_rate(corpus: Path) -> None:
    path = corpus / "gpx" / "GoldenCheetah__test__rides__Move_2014_01_17_09_33_11.gpx"
    text = path.read_text(encoding="utf-8")
    (activity,) = _parse(path)
    assert activity.samples is not None
    assert len(activity.samples) == text.count("<trkpt ")
    heart_rates = [float(v) for v in re.findall(r"<gpxdata:hr>([\d.]+)<", text)]
    assert heart_rates
    assert activity.avg_hr == pytest.approx(sum(heart_rates) / len(heart_rates))
    assert activity.max_hr == pytest.approx(max(heart_rates))


def test_undeclared_gpxdata_prefix_still_reads_every_point(corpus: Path) -> None:
    path = corpus / "gpx" / "GoldenCheetah__test__rides__Move_2014_01_17_09_33_11.gpx"
    data = path.read_bytes()
    broken = data.replace(b'xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0"', b"")
    assert broken != data
    (declared,) = gpx.parse(data, path.name)
    (undeclared,) = gpx.parse(broken, path.name)
    assert declared.samples == undeclared.samples
    assert undeclared.avg_hr == declared.avg_hr is not None


def test_garmin_extension_running_cadence_is_doubled() -> None:
    def document(kind: str) -> bytes:
        points = "".join(
            f'<trkpt lat="46.{i:04d}" lon="14.0"><ele>300</ele>'
            f"<time>2024-05-01T08:00:{i * 5:02d}+02:00</time><extensions>"
            f"<gpxtpx:TrackPointExtension><gpxtpx:hr>{140 + i}</gpxtpx:hr>"
            f"<gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>"
            for i in range(10)
        )
        return (
            '<gpx xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx='
            '"http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            f"<trk><name>Easy</name><type>{kind}</type><trkseg>{points}</trkseg></trk></gpx>"
        ).encode()

    (run,) = gpx.parse(document("running"), "run.gpx")
    (ride,) = gpx.parse(document("cycling"), "ride.gpx")
    assert run.sport is Sport.RUN and ride.sport is Sport.CYCLING
    assert run.avg_cadence_spm == 170 and ride.avg_cadence_spm == 85
    assert run.avg_hr == 144.5 and run.max_hr == 149
    assert run.utc_offset_s == 7200 and run.start_utc.hour == 6
    assert run.name == "Easy"
    assert run.elapsed_s == 45
    assert run.distance_m == pytest.approx(9 * 11.12, rel=1e-3)


@pytest.mark.parametrize(
    ("text", "sport"),
    [
        ("running", Sport.RUN),
        ("Run", Sport.RUN),
        ("9", Sport.RUN),
        ("trail_running", Sport.RUN),
        ("cycling", Sport.CYCLING),
        ("Biking", Sport.CYCLING),
        ("1", Sport.CYCLING),
        ("hiking", Sport.HIKE),
        ("10", Sport.WALK),
        ("jkljkl", Sport.OTHER),
        (None, Sport.OTHER),
    ],
)
def test_sport_from_type(text: str | None, sport: Sport) -> None:
    assert gpx.sport_from_text(text)[0] is sport


def test_ascent_ignores_noise_and_calibration_jumps() -> None:
    time_s = np.arange(200, dtype=np.float64)
    noise = 100 + 1.4 * np.sin(time_s)  # GPS noise below the dead band
    assert gpx.ascent_m(noise, time_s) == 0
    climb = np.concatenate([np.full(100, 100.0), np.linspace(100, 150, 100)])
    assert gpx.ascent_m(climb, time_s) == pytest.approx(50)
    jump = np.concatenate([np.full(100, 100.0), np.full(100, 900.0)])  # barometer calibrates
    assert gpx.ascent_m(jump, time_s) == 0
    assert gpx.ascent_m(None, time_s) is None


def test_moving_time_excludes_stops_and_gaps() -> None:
    time_s = np.array([0, 10, 20, 30, 200, 210], dtype=np.float64)
    distance = np.array([0, 30, 60, 61, 500, 530], dtype=np.float64)  # stop, then a gap
    segment = np.zeros(6, dtype=np.int64)
    assert gpx.moving_time_s(time_s, segment, distance, None) == 30


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&lol9;</name><trkseg>
<trkpt lat="46.0" lon="14.0"><time>2024-05-01T08:00:00Z</time></trkpt>
<trkpt lat="46.001" lon="14.0"><time>2024-05-01T08:00:30Z</time></trkpt>
</trkseg></trk></gpx>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&secret;</name><trkseg>
<trkpt lat="46.0" lon="14.0"><time>2024-05-01T08:00:00Z</time></trkpt>
<trkpt lat="46.001" lon="14.0"><time>2024-05-01T08:00:30Z</time></trkpt>
</trkseg></trk></gpx>"""


def test_billion_laughs_does_not_expand_and_is_refused() -> None:
    # libxml2 stops at the entity; what it recovered would lack every point after it.
    with pytest.raises(IngestError) as caught:
        parse_xml(BILLION_LAUGHS)
    assert "billion laughs" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(IngestError, match="billion laughs"):
        gpx.parse(BILLION_LAUGHS, "lol.gpx")


def test_external_entity_is_not_read() -> None:
    root = parse_xml(EXTERNAL_ENTITY)
    assert "root:" not in "".join(str(t) for t in root.itertext())
    (activity,) = gpx.parse(EXTERNAL_ENTITY, "xxe.gpx")
    assert activity.name is None or "root" not in activity.name


@pytest.mark.parametrize(
    "data", [b"", b"   \n", b"\xef\xbb\xbf", b"garbage", b"\x00\x01\x02", b"<", b"<html></html>"]
)
def test_empty_or_garbage_is_one_line_ingest_error(data: bytes) -> None:
    with pytest.raises(IngestError) as caught:
        gpx.parse(data, "bad.gpx")
    assert str(caught.value) and "\n" not in str(caught.value)


def test_whitespace_and_bom_before_the_declaration_are_fine(corpus: Path) -> None:
    data = (corpus / "gpx" / "tkrajina__test_files__track-with-empty-segment.gpx").read_bytes()
    (plain,) = gpx.parse(data, "a.gpx")
    (padded,) = gpx.parse(b"\xef\xbb\xbf \r\n\t  " + data, "a.gpx")
    assert plain.samples == padded.samples and len(plain.samples or ()) == 9


_SMALL = [
    "tkrajina__test_files__track-with-empty-segment.gpx",
    "tkrajina__test_files__track_with_speed.gpx",
    "tkrajina__test_files__around-visnjan-with-car.gpx",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(_SMALL) - 1),
    cut=st.floats(0, 1),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=4)), max_size=4),
)
def test_truncated_or_mutated_gpx_raises_only_ingest_error(
    corpus: Path, index: int, cut: float, edits: list[tuple[float, bytes]]
) -> None:
    data = bytearray((corpus / "gpx" / _SMALL[index]).read_bytes())
    data = data[: int(len(data) * cut) + 1] if cut < 0.99 else data
    for where, replacement in edits:
        at = int(where * len(data))
        data[at : at + len(replacement)] = replacement
    try:
        activities = gpx.parse(bytes(data), "mutated.gpx")
    except IngestError as exc:
        assert "\n" not in str(exc)
        return
    for activity in activities:
        assert activity.elapsed_s > 0
        assert activity.samples is not None and len(activity.samples) >= 2
