"""Read a Strava bulk export: `activities.csv` plus the files under `activities/`.

The reader walks an abstract export tree (member path -> loader), so a zip and
an unpacked folder are read by the same code, and it yields one `ExportItem` per
CSV row, lazily: an activity file's bytes are read only when its item is loaded.

Decisions, so the importer and the runner see the same thing:
- `Activity Date` is UTC. English (`Jun 4, 2024, 6:13:47 AM`), numeric day-first
  (`04.06.2024, 06:13:47`, `6. 9. 2026 11:18:40`), month-name day-first
  (`4 juin 2024, 06:13:47`) and ISO forms are read.
- Duplicated headers are read by position: the second `Distance` is metres and
  the second `Elapsed Time` seconds. When an older export has one `Distance`, it
  is in the athlete's display unit (`display_units`, km unless told), except
  for swims, which Strava shows in metres.
- Strava's `Average Cadence` for foot sports counts one foot; it is doubled.
- `Virtual Run` is a run with sub-sport `virtual` (the name the FIT reader gives
  a virtual activity); it counts towards weekly distance like any run.
- A row whose file is missing from the export becomes a CSV-only activity with a
  warning naming the row; a row that cannot be read at all becomes an item with
  an error naming the row. Neither stops the export.
- Files under `activities/` that no row names are still yielded, without metadata.

The first part of this module (export trees, items, metadata, `apply_metadata`,
`activity_from_metadata`, `import_item`) is shared with the Garmin reader.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from backstride.domain import Activity, SourceFormat, Sport
from backstride.domain.activity import Units
from backstride.ingest.errors import IngestError

# --- Export items, shared with the Garmin reader (candidates for ingest/export.py) ---

MemberLoader = Callable[[], bytes]
Parser = Callable[[bytes, str], list[Activity]]
FOOT_SPORTS = frozenset({Sport.RUN, Sport.WALK, Sport.HIKE})
MEMBER_LIMIT_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class ExportTree:
    """An export's members (path inside it -> loader of its bytes), zip or folder alike."""

    label: str
    members: Mapping[str, MemberLoader]
    in_archive: bool = True

    def source_of(self, member: str) -> str:
        """How a member is named to the runner: `export.zip!activities/1.fit.gz`."""
        return f"{self.label}!{member}" if self.in_archive else f"{self.label}/{member}"


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MEMBER_LIMIT_BYTES:
        raise IngestError(f"{info.filename} inflates past {MEMBER_LIMIT_BYTES >> 20} MiB; refused")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise IngestError(f"{info.filename}: unreadable zip member ({exc})") from None


def zip_tree(archive: zipfile.ZipFile, label: str) -> ExportTree:
    """The tree of an open zip. The one place to swap for `ingest.archive`'s safe reader."""
    members = {
        info.filename: partial(_read_member, archive, info)
        for info in archive.infolist()
        if not info.is_dir()
    }
    return ExportTree(label, members)


def folder_tree(root: Path) -> ExportTree:
    """The tree of an unpacked export folder."""
    members = {
        path.relative_to(root).as_posix(): path.read_bytes
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
    return ExportTree(str(root), members, in_archive=False)


@dataclass(frozen=True)
class ExportMetadata:
    """What an export's CSV row or JSON record says about one activity (SI units)."""

    origin: SourceFormat  # STRAVA_CSV or GARMIN_JSON
    row: str  # names the row in messages: "export.zip!activities.csv line 7 (activity 42)"
    external_id: str | None = None
    name: str | None = None
    sport: Sport = Sport.OTHER
    sub_sport: str | None = None
    notes: str | None = None
    gear: str | None = None
    start_utc: datetime | None = None
    utc_offset_s: int | None = None
    elapsed_s: float | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    avg_hr: float | None = None
    max_hr: float | None = None
    avg_cadence_spm: float | None = None


@dataclass(frozen=True)
class ExportItem:
    """One unit of work from an export: a file to decode, a row alone, or an error.

    `load` is None for a row with no file. `metadata` is None for a file no row
    names; `match` then finds the row after decoding (Garmin matches by start).
    `error` means nothing can be imported from this item; `warning` means it was
    imported with a caveat. Both are one line that names the row or file.
    """

    source_file: str
    load: MemberLoader | None
    metadata: ExportMetadata | None
    error: str | None = None
    warning: str | None = None
    match: Callable[[Sequence[Activity]], ExportMetadata | None] | None = field(
        default=None, compare=False, repr=False
    )


def parse_number(text: str | None) -> float | None:
    """A CSV number as exports write it (`1,012.5`, `33,22`, `1 234,5`), or None."""
    if text is None:
        return None
    text = text.strip().replace("\xa0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    if "," in text:
        if "." in text:
            text = (
                text.replace(",", "")
                if text.rfind(".") > text.rfind(",")
                else (text.replace(".", "").replace(",", "."))
            )
        elif re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _closest(activities: Sequence[Activity], start: datetime | None) -> int:
    if start is None or not activities:
        return 0
    gaps = [abs((a.start_utc - start).total_seconds()) for a in activities]
    return gaps.index(min(gaps))


_FILLABLE = (
    "utc_offset_s",
    "moving_s",
    "distance_m",
    "ascent_m",
    "avg_hr",
    "max_hr",
    "avg_cadence_spm",
)


def apply_metadata(activities: list[Activity], meta: ExportMetadata) -> list[Activity]:
    """Decoded activities with what the export adds.

    The file's own summary values (the device's) stay; a value the file lacks is
    taken from the export. Name, notes, external id and gear come from the
    export, and so does the sport when the file says other. With several
    activities in one file, the one starting closest to the export's start gets
    the export's identity; the others only get the gear.
    """
    target = _closest(activities, meta.start_utc)
    out: list[Activity] = []
    for index, activity in enumerate(activities):
        changes: dict[str, object] = {}
        if meta.gear and not activity.gear:
            changes["gear"] = meta.gear
        if index == target:
            for name in ("name", "notes", "external_id"):
                if getattr(meta, name):
                    changes[name] = getattr(meta, name)
            if activity.sport is Sport.OTHER and meta.sport is not Sport.OTHER:
                changes["sport"] = meta.sport
                changes["sub_sport"] = meta.sub_sport
            elif activity.sub_sport is None and activity.sport is meta.sport and meta.sub_sport:
                changes["sub_sport"] = meta.sub_sport
            for name in _FILLABLE:
                if getattr(activity, name) is None and getattr(meta, name) is not None:
                    changes[name] = getattr(meta, name)
        out.append(activity.with_(**changes) if changes else activity)
    return out


def metadata_hash(meta: ExportMetadata) -> str:
    """sha256 of a canonical form of the row: the same row always hashes the same."""
    fields = {k: v for k, v in asdict(meta).items() if k != "row" and v is not None}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def activity_from_metadata(meta: ExportMetadata, source_file: str) -> Activity:
    """An activity from the export's row alone (no file), keyed by the row's hash."""
    if meta.start_utc is None:
        raise IngestError(f"{meta.row}: no start time, so no activity")
    elapsed = meta.elapsed_s if meta.elapsed_s is not None else meta.moving_s
    if elapsed is None:
        raise IngestError(f"{meta.row}: no elapsed time, so no activity")
    return Activity(
        sport=meta.sport,
        start_utc=meta.start_utc,
        elapsed_s=elapsed,
        source_format=meta.origin,
        sub_sport=meta.sub_sport,
        utc_offset_s=meta.utc_offset_s,
        moving_s=meta.moving_s,
        distance_m=meta.distance_m,
        ascent_m=meta.ascent_m,
        avg_hr=meta.avg_hr,
        max_hr=meta.max_hr,
        avg_cadence_spm=meta.avg_cadence_spm,
        name=meta.name,
        notes=meta.notes,
        source_file=source_file,
        content_hash=metadata_hash(meta),
        external_id=meta.external_id,
        gear=meta.gear,
    )


def import_item(item: ExportItem, parse: Parser) -> tuple[list[Activity], str | None]:
    """The activities of one item and a one-line note (error or warning), never raising.

    A file that cannot be decoded falls back to the export's row when there is one.
    """
    if item.error is not None:
        return [], item.error
    meta = item.metadata
    try:
        if item.load is None:
            if meta is None:
                return [], f"{item.source_file}: nothing to import"
            return [activity_from_metadata(meta, item.source_file)], item.warning
        try:
            try:
                data = item.load()
            except OSError as exc:
                raise IngestError(f"cannot read: {exc.strerror or exc}") from None
            activities = parse(data, item.source_file)
        except IngestError as exc:
            if meta is None or meta.start_utc is None:
                raise
            fallback = activity_from_metadata(meta, item.source_file)
            kind = "CSV row" if meta.origin is SourceFormat.STRAVA_CSV else "JSON record"
            return [fallback], f"{item.source_file}: {exc}; imported from the {kind} alone"
    except IngestError as exc:
        text = str(exc)
        return [], text if text.startswith(item.source_file) else f"{item.source_file}: {text}"
    if meta is None and item.match is not None:
        meta = item.match(activities)
    return (apply_metadata(activities, meta) if meta else activities), item.warning


def find_member(
    members: Mapping[str, MemberLoader], folded: Mapping[str, str], path: str
) -> str | None:
    """The member at `path`, matched exactly or else ignoring case."""
    if path in members:
        return path
    return folded.get(path.casefold())


# --- The Strava export ---

CSV_NAME = "activities.csv"
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
KM_M = 1000.0
MILE_M = 1609.344

# Header spellings (case-folded) of the columns we read, in the languages seen in
# real exports. A column not listed is ignored.
_HEADERS: dict[str, str] = {
    alias: key
    for key, aliases in {
        "id": "activity id|aktivitäts-id|id aktivity",
        "date": "activity date|aktivitätsdatum|datum aktivity",
        "name": "activity name|name der aktivität|název aktivity",
        "type": "activity type|aktivitätsart|typ aktivity",
        "description": "activity description|aktivitätsbeschreibung|beschreibung|popis aktivity",
        "elapsed": "elapsed time|verstrichene zeit|uplynulý čas",
        "moving": "moving time|bewegungszeit|aktivní čas",
        "distance": "distance|distanz|vzdálenost",
        "max_hr": "max heart rate|max. herzfrequenz|maximální tepová frekvence",
        "avg_hr": "average heart rate|durchschnittliche herzfrequenz|průměrná tepová frekvence",
        "avg_cadence": "average cadence|durchschnittliche trittfrequenz|průměrná kadence",
        "ascent": "elevation gain|höhenzunahme|nastoupaná výška",
        "gear": "activity gear|aktivitätsausrüstung|vybavení na aktivitu",
        "private_note": "activity private note|private notiz zur aktivität"
        "|soukromá poznámka k aktivitě",
        "filename": "filename|dateiname|název souboru",
    }.items()
    for alias in aliases.split("|")
}

# Strava activity types (English names, API names and a few translations),
# squeezed: lower case without spaces, hyphens or underscores.
_TYPES: dict[str, tuple[Sport, str | None]] = {
    name: (sport, sub_sport)
    for sport, sub_sport, names in (
        (Sport.RUN, None, "run lauf běh"),
        (Sport.RUN, "trail", "trailrun traillauf"),
        (Sport.RUN, "virtual", "virtualrun virtuellerlauf"),
        (Sport.WALK, None, "walk spaziergang gehen chůze"),
        (Sport.HIKE, None, "hike wanderung wandern turistika"),
        (Sport.CYCLING, None, "ride radfahrt jízda velomobile handcycle"),
        (Sport.CYCLING, "virtual", "virtualride"),
        (Sport.CYCLING, "mountain", "mountainbikeride"),
        (Sport.CYCLING, "gravel", "gravelride"),
        (Sport.CYCLING, "e-bike", "ebikeride emountainbikeride"),
        (Sport.SWIMMING, None, "swim schwimmen plavání"),
        (Sport.STRENGTH, "strength", "weighttraining krafttraining posilování"),
        (Sport.STRENGTH, "crossfit", "crossfit"),
        (Sport.CARDIO, None, "workout training"),
        (Sport.CARDIO, "hiit", "hiit highintensityintervaltraining"),
        (Sport.CARDIO, "elliptical", "elliptical"),
        (Sport.CARDIO, "stairs", "stairstepper"),
        (Sport.CARDIO, "rowing", "rowing virtualrow"),
        (Sport.CARDIO, "nordic-ski", "nordicski"),
        (Sport.YOGA, "yoga", "yoga"),
        (Sport.YOGA, "pilates", "pilates"),
    )
    for name in names.split()
}

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january januar janv janvier ene enero gen gennaio januari janeiro leden",
        "feb february februar févr fevr février febrero febbraio februari fevereiro únor",
        "mar march märz mär mars marzo maart março březen",
        "apr april avr avril abr abril aprile duben",
        "may mai mayo mag maggio mei maio květen",
        "jun june juni juin junio giu giugno junho červen",
        "jul july juli juil juillet julio lug luglio julho červenec",
        "aug august août aout ago agosto augustus srpen",
        "sep sept september septembre septiembre set settembre setembro září",
        "oct october oktober okt octobre octubre ott ottobre out outubro říjen",
        "nov november novembre noviembre novembro listopad",
        "dec december dezember dez décembre déc diciembre dic dicembre dezembro prosinec",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?"
_MONTH_FIRST = re.compile(rf"^([^\W\d_]+)\.?\s+(\d{{1,2}}),?\s+(\d{{4}}),?\s+{_TIME}$")
_DAY_FIRST_NAMED = re.compile(
    rf"^(\d{{1,2}})\.?\s*(?:de\s+)?([^\W\d_]+)\.?\s*(?:de\s+)?(\d{{4}}),?\s+(?:à\s+)?{_TIME}$"
)
_DAY_FIRST_NUMERIC = re.compile(rf"^(\d{{1,2}})[./-]\s?(\d{{1,2}})[./-]\s?(\d{{4}}),?\s+{_TIME}$")
_ISO = re.compile(rf"^(\d{{4}})-(\d{{2}})-(\d{{2}})[T ]{_TIME}(?:Z|[+-]00:?00)?$")


def parse_strava_date(text: str) -> datetime | None:
    """A Strava `Activity Date` (UTC) in any of the forms exports use, or None."""
    text = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    match = _MONTH_FIRST.match(text)
    if match:
        month = _MONTHS.get(match.group(1).casefold())
        day, year = int(match.group(2)), int(match.group(3))
        clock = match.groups()[3:]
    else:
        match = _DAY_FIRST_NAMED.match(text) or _DAY_FIRST_NUMERIC.match(text)
        if match:
            day, year = int(match.group(1)), int(match.group(3))
            raw_month = match.group(2)
            month = int(raw_month) if raw_month.isdigit() else _MONTHS.get(raw_month.casefold())
            clock = match.groups()[3:]
        else:
            match = _ISO.match(text)
            if not match:
                return None
            year, month, day = (int(g) for g in match.groups()[:3])
            clock = match.groups()[3:]
    if month is None:
        return None
    hour, minute = int(clock[0]), int(clock[1])
    second = int(clock[2] or 0)
    meridiem = (clock[3] or "").replace(".", "").replace(" ", "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def sport_of_strava_type(text: str) -> tuple[Sport, str | None]:
    """The backstride sport for a Strava activity type; unknown types are OTHER."""
    key = re.sub(r"[\s\-_]", "", text).casefold()
    return _TYPES.get(key, (Sport.OTHER, None))


def is_strava_export(names: Collection[str]) -> bool:
    """True when the member names hold a Strava export's `activities.csv`."""
    return _csv_member(names) is not None


def _csv_member(names: Collection[str]) -> str | None:
    """The shallowest `activities.csv` (root, or one folder down)."""
    found = [n for n in names if n.rsplit("/", 1)[-1].casefold() == CSV_NAME]
    found = [n for n in found if n.count("/") <= 1]
    return min(found, key=lambda n: n.count("/")) if found else None


@dataclass(frozen=True)
class _Columns:
    """Where each field sits, by position: duplicated headers keep every position."""

    positions: Mapping[str, Sequence[int]]

    @classmethod
    def from_header(cls, header: Sequence[str]) -> _Columns:
        positions: dict[str, list[int]] = {}
        for index, raw in enumerate(header):
            key = _HEADERS.get(" ".join(raw.replace("\ufeff", "").split()).casefold())
            if key is not None:
                positions.setdefault(key, []).append(index)
        return cls(positions)

    def cells(self, row: Sequence[str], key: str) -> list[str]:
        return [row[i].strip() if i < len(row) else "" for i in self.positions.get(key, ())]

    def first(self, row: Sequence[str], key: str) -> str:
        return next((c for c in self.cells(row, key) if c), "")

    def last(self, row: Sequence[str], key: str) -> str:
        return next((c for c in reversed(self.cells(row, key)) if c), "")

    def has(self, key: str) -> bool:
        return key in self.positions


def _distance_m(columns: _Columns, row: Sequence[str], sport: Sport, units: Units) -> float | None:
    cells = columns.cells(row, "distance")
    metres = parse_number(cells[1]) if len(cells) >= 2 else None  # the second is metres
    if metres is not None:
        return metres
    display = parse_number(cells[0]) if cells else None
    if display is None or sport is Sport.SWIMMING:
        return display
    return display * (MILE_M if units is Units.MI else KM_M)


def _elapsed_s(columns: _Columns, row: Sequence[str]) -> float | None:
    cells = columns.cells(row, "elapsed")
    for cell in reversed(cells):  # the second is seconds with decimals
        value = parse_number(cell)
        if value is not None:
            return value
    return None


def _row_metadata(
    columns: _Columns, row: Sequence[str], label: str, units: Units
) -> tuple[ExportMetadata, list[str]]:
    """The metadata of one CSV row and what could not be read in it."""
    problems: list[str] = []
    raw_date = columns.first(row, "date")
    start = parse_strava_date(raw_date) if raw_date else None
    if start is None:
        problems.append(f"date {raw_date!r} is not a date I can read" if raw_date else "no date")
    raw_type = columns.first(row, "type")
    sport, sub_sport = sport_of_strava_type(raw_type) if raw_type else (Sport.OTHER, None)
    cadence = parse_number(columns.last(row, "avg_cadence"))
    if cadence is not None and sport in FOOT_SPORTS:
        cadence *= 2.0
    elif sport not in FOOT_SPORTS:
        cadence = None
    notes = "\n\n".join(
        n for n in (columns.first(row, "description"), columns.first(row, "private_note")) if n
    )
    meta = ExportMetadata(
        origin=SourceFormat.STRAVA_CSV,
        row=label,
        external_id=columns.first(row, "id") or None,
        name=columns.first(row, "name") or None,
        sport=sport,
        sub_sport=sub_sport,
        notes=notes or None,
        gear=columns.first(row, "gear") or None,
        start_utc=start,
        elapsed_s=_elapsed_s(columns, row),
        moving_s=parse_number(columns.last(row, "moving")),
        distance_m=_distance_m(columns, row, sport, units),
        ascent_m=parse_number(columns.last(row, "ascent")),
        avg_hr=parse_number(columns.last(row, "avg_hr")),
        max_hr=parse_number(columns.last(row, "max_hr")),
        avg_cadence_spm=cadence,
    )
    return meta, problems


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, cells) per CSV record; a record the csv module rejects gives its error."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, str(exc)
            continue
        yield line, row


def strava_items(tree: ExportTree, display_units: Units = Units.KM) -> Iterator[ExportItem]:
    """One item per `activities.csv` row, then one per activity file no row names."""
    csv_name = _csv_member(tree.members)
    if csv_name is None:
        yield ExportItem(tree.label, None, None, error=f"{tree.label}: no activities.csv inside")
        return
    csv_label = tree.source_of(csv_name)
    try:
        text = _decode_text(tree.members[csv_name]())
    except IngestError as exc:
        yield ExportItem(csv_label, None, None, error=f"{csv_label}: {exc}")
        return
    rows = _rows(text)
    header = next((cells for _, cells in rows if isinstance(cells, list) and any(cells)), None)
    columns = _Columns.from_header(header or [])
    if not (columns.has("date") and columns.has("filename")):
        yield ExportItem(
            csv_label,
            None,
            None,
            error=f"{csv_label}: no Activity Date or Filename column I know; is it a Strava "
            "activities.csv, perhaps in a language this version does not read?",
        )
        return
    reader = _RowReader(tree, csv_name[: -len(CSV_NAME)], columns, display_units)
    for line, cells in rows:
        label = f"{csv_label} line {line}"
        if isinstance(cells, str):
            yield ExportItem(
                csv_label, None, None, error=f"{label}: unreadable CSV record ({cells})"
            )
        elif any(c.strip() for c in cells):
            yield reader.item(cells, label)
    for member in sorted(tree.members):
        if (
            member.startswith(reader.root + "activities/")
            and member.casefold().endswith(ACTIVITY_SUFFIXES)
            and member not in reader.named
        ):
            yield ExportItem(tree.source_of(member), tree.members[member], None)


class _RowReader:
    """Turns CSV rows into items, remembering which files the rows named."""

    def __init__(self, tree: ExportTree, root: str, columns: _Columns, units: Units) -> None:
        self.tree, self.root, self.columns, self.units = tree, root, columns, units
        self.folded = {m.casefold(): m for m in tree.members}
        self.named: set[str] = set()
        self.csv_source = tree.source_of(root + CSV_NAME)

    def item(self, cells: list[str], label: str) -> ExportItem:
        activity_id = self.columns.first(cells, "id")
        if activity_id:
            label += f" (activity {activity_id})"
        meta, problems = _row_metadata(self.columns, cells, label, self.units)
        filename = self.columns.first(cells, "filename").lstrip("/")
        member = (
            find_member(self.tree.members, self.folded, self.root + filename) if filename else None
        )
        if member is not None:
            self.named.add(member)
            warning = f"{label}: {'; '.join(problems)}" if problems else None
            return ExportItem(
                self.tree.source_of(member), self.tree.members[member], meta, warning=warning
            )
        if meta.elapsed_s is None and meta.moving_s is None:
            problems.append("no elapsed time")
        if filename:
            problems.append(f"file {filename} is not in the export")
        source = f"{self.csv_source}#{activity_id or label.rsplit(' ', 1)[-1]}"
        if meta.start_utc is None or (meta.elapsed_s is None and meta.moving_s is None):
            return ExportItem(source, None, meta, error=f"{label}: {'; '.join(problems)}")
        warning = None
        if filename:
            warning = (
                f"{label}: file {filename} is not in the export; imported from the CSV row alone"
            )
        return ExportItem(source, None, meta, warning=warning)
