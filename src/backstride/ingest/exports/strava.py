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
import io
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from backstride.domain import SourceFormat, Sport
from backstride.domain.activity import FOOT_SPORTS, Units
from backstride.domain.bounds import one_line
from backstride.ingest.errors import IngestError
from backstride.ingest.exports.tree import (
    ExportItem,
    ExportMetadata,
    ExportTree,
    find_member,
    parse_number,
)
from backstride.ingest.sniff import ACTIVITY_FILE_SUFFIXES

# --- The Strava export ---

CSV_NAME = "activities.csv"
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
            and member.casefold().endswith(ACTIVITY_FILE_SUFFIXES)
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
            label += f" (activity {one_line(activity_id)})"
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
