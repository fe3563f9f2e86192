"""Seed inputs for the fuzz targets, made from the real corpus (../shared/corpus) and
trimmed so every seed stays under the target's -max_len: the smallest FIT files whole;
GPX and TCX files cut to their first track points (closing tags kept); exports rebuilt with
a few rows and the smallest activity files, stored uncompressed so that mutations reach the
members' bytes (one deflated copy as well, to reach the inflater's paths)."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
# Inputs are kept this small (bytes) so libFuzzer runs many of them.
MAX_LEN = {"fit": 16384, "gpx": 16384, "tcx": 16384, "strava": 65536, "garmin": 65536}
PER_FORMAT = 24


def corpus_root() -> Path:
    named = os.environ.get("BACKSTRIDE_CORPUS")
    for candidate in (
        *((Path(named),) if named else ()),
        REPO.parent / "shared" / "corpus",
        Path("/work/shared/corpus"),
    ):
        if (candidate / "MANIFEST.tsv").is_file():
            return candidate
    raise SystemExit("no corpus: expected ../shared/corpus beside the repository")


_CLOSE = {"gpx": rb"</trkpt>|</rtept>|</wpt>", "tcx": rb"</Trackpoint>|</Lap>"}


def trimmed_xml(data: bytes, fmt: str, limit: int) -> bytes | None:
    """`data` cut after its last point that fits in `limit`, with the closing tags kept."""
    if len(data) <= limit:
        return data
    ends = [m.end() for m in re.finditer(_CLOSE[fmt], data)]
    if not ends:
        return None
    tail = data[ends[-1] :]
    fitting = [end for end in ends if end + len(tail) <= limit]
    if not fitting:
        return None
    return data[: fitting[-1]] + tail


def file_seeds(fmt: str, root: Path) -> list[tuple[str, bytes]]:
    limit = MAX_LEN[fmt]
    files = sorted((root / fmt).glob(f"*.{fmt}"), key=lambda p: (p.stat().st_size, p.name))
    out: list[tuple[str, bytes]] = []
    for path in files:
        data = path.read_bytes()
        seed = data if fmt == "fit" and len(data) <= limit else None
        if fmt != "fit":
            seed = trimmed_xml(data, fmt, limit)
        if seed is not None:
            out.append((path.name, seed))
    # a spread of sizes, not only the smallest
    if len(out) > PER_FORMAT:
        picks = sorted({round(i * (len(out) - 1) / (PER_FORMAT - 1)) for i in range(PER_FORMAT)})
        out = [out[i] for i in picks]
    chosen = out
    if chosen:  # one gzipped copy: the importer unwraps gzip first
        name, data = chosen[len(chosen) // 2]
        chosen.append((name + ".gz", gzip.compress(data, mtime=0)))
    return chosen


def _zip(members: list[tuple[str, bytes]], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, body in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, body)
    return out.getvalue()


def strava_seeds(root: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(root / "export" / "sample-strava-export.zip") as archive:
        csv_text = archive.read("activities.csv").decode("utf-8")
        files = {
            i.filename: archive.read(i)
            for i in archive.infolist()
            if i.filename.startswith("activities/") and not i.is_dir()
        }
    lines = csv_text.splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    small = sorted(files, key=lambda n: len(files[n]))[:3]
    chosen_rows = [r for r in rows if any(n in r for n in small)]
    lone = [r for r in rows if not any(n in r for n in files)][:2] or rows[-2:]
    members = [("activities.csv", (header + "".join(chosen_rows + lone)).encode("utf-8"))]
    plain = [(n.removesuffix(".gz"), gzip.decompress(files[n])) for n in small]
    gzipped = [(n, files[n]) for n in small]
    stored, deflated = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
    seeds = [
        ("strava-gz-stored.zip", _zip(members + gzipped, stored)),
        ("strava-plain-stored.zip", _zip(members + plain, stored)),
        ("strava-deflated.zip", _zip(members + plain[:1], deflated)),
        ("strava-csv-only.zip", _zip(members, stored)),
    ]
    return [(n, d) for n, d in seeds if len(d) <= MAX_LEN["strava"]]


def garmin_seeds(root: Path) -> list[tuple[str, bytes]]:
    fitness = "DI_CONNECT/DI-Connect-Fitness/runner@example.com_0_summarizedActivities.json"
    uploads = "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip"
    with zipfile.ZipFile(root / "export" / "sample-garmin-export.zip") as archive:
        records = json.loads(archive.read(fitness))
        nested = archive.read(uploads)
    with zipfile.ZipFile(io.BytesIO(nested)) as inner:
        fits = {i.filename: inner.read(i) for i in inner.infolist()}
    small = sorted(fits, key=lambda n: len(fits[n]))[:2]
    ids = {re.findall(r"\d{5,}", n)[-1] for n in small}
    rows = records[0]["summarizedActivitiesExport"]
    kept = [r for r in rows if str(r["activityId"]) in ids] + [
        r for r in rows if str(r["activityId"]) not in ids
    ][:3]
    summary = json.dumps([{"summarizedActivitiesExport": kept}]).encode()
    gear = json.dumps(
        [
            {
                "gearDTOS": [{"gearPk": 1, "displayName": "Ghost 15", "gearTypeName": "Shoes"}],
                "gearActivityDTOs": {"1": [{"activityId": int(next(iter(ids)))}]},
            }
        ]
    ).encode()
    gear_name = "DI_CONNECT/DI-Connect-Fitness/runner@example.com_gear.json"
    part = _zip([(n, fits[n]) for n in small], zipfile.ZIP_STORED)
    direct = "DI_CONNECT/DI-Connect-Uploaded-Files/" + small[0]
    stored, deflated = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
    summary_member, gear_member = (fitness, summary), (gear_name, gear)
    seeds = [
        ("garmin-nested-stored.zip", _zip([summary_member, gear_member, (uploads, part)], stored)),
        ("garmin-direct-file.zip", _zip([summary_member, (direct, fits[small[0]])], stored)),
        ("garmin-deflated.zip", _zip([summary_member, (uploads, part)], deflated)),
        ("garmin-json-only.zip", _zip([summary_member, gear_member], stored)),
    ]
    return [(n, d) for n, d in seeds if len(d) <= MAX_LEN["garmin"]]


def seeds(fmt: str, root: Path | None = None) -> list[tuple[str, bytes]]:
    """(name, bytes) of every seed of `fmt`."""
    root = root or corpus_root()
    if fmt == "strava":
        return strava_seeds(root)
    if fmt == "garmin":
        return garmin_seeds(root)
    return file_seeds(fmt, root)


def write_seeds(fmt: str, folder: Path, root: Path | None = None) -> int:
    """Write `fmt`'s seeds into `folder` (libFuzzer's corpus directory); how many."""
    folder.mkdir(parents=True, exist_ok=True)
    made = seeds(fmt, root)
    for name, data in made:
        (folder / f"seed-{name}").write_bytes(data)
    return len(made)
