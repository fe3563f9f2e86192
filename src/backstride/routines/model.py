"""Routines as data: warm-up, cool-down, core and rest-day sessions read from TOML.

Each routine is a versioned file in this package; each step has a name, either
a duration or sets x reps / hold time, cues, and the practice (product.md) it serves.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

PRACTICES = frozenset({2, 3, 4, 6, 7, 8, 9})
SECONDS_PER_REP = 3.0  # a slow, controlled repetition
DEFAULT_SET_REST_S = 30.0
STEP_KEYS = frozenset(
    {"name", "duration_s", "sets", "reps", "hold_s", "rest_s", "per_side", "cues", "practice"}
)
ROUTINE_KEYS = frozenset({"name", "title", "kind", "version", "summary", "level", "steps"})


class RoutineKind(enum.StrEnum):
    WARM_UP = "warm-up"
    COOL_DOWN = "cool-down"
    CORE = "core"
    REST = "rest"


class RoutineError(ValueError):
    """A routine that cannot be found or read; the message is one line."""


@dataclass(frozen=True)
class RoutineStep:
    """One step: a timed block (duration_s), or sets of reps or of holds."""

    name: str
    practice: int
    cues: tuple[str, ...] = ()
    duration_s: float | None = None
    sets: int = 1
    reps: int | None = None
    hold_s: float | None = None
    rest_s: float | None = None  # rest between sets
    per_side: bool = False

    @property
    def dose(self) -> str:
        """The dose as a runner reads it: '2:30', '3 x 20 s', '2 x 10 each side'."""
        side = " each side" if self.per_side else ""
        if self.reps is not None:
            return f"{self.sets} x {self.reps}{side}"
        if self.hold_s is not None:
            return f"{self.sets} x {self.hold_s:g} s{side}"
        seconds = round(self.duration_s or 0)
        block = f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"
        return f"{self.sets} x {block}{side}" if self.sets > 1 else f"{block}{side}"


@dataclass(frozen=True)
class Routine:
    name: str
    title: str
    kind: RoutineKind
    version: int
    summary: str
    steps: tuple[RoutineStep, ...]
    level: str | None = None


def _number(where: str, raw: object, *, integer: bool = False) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw <= 0:
        raise RoutineError(f"{where} must be a positive number, got {raw!r}")
    if integer and not float(raw).is_integer():
        raise RoutineError(f"{where} must be a whole number, got {raw!r}")
    return float(raw)


def _step(where: str, table: object) -> RoutineStep:
    if not isinstance(table, dict):
        raise RoutineError(f"{where} must be a table")
    unknown = set(table) - STEP_KEYS
    if unknown:
        raise RoutineError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    name = table.get("name")
    if not isinstance(name, str) or not name:
        raise RoutineError(f"{where}: name must be text")
    practice = table.get("practice")
    if practice not in PRACTICES:
        raise RoutineError(f"{where}: practice must be one of {sorted(PRACTICES)}")
    cues = table.get("cues", [])
    if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
        raise RoutineError(f"{where}: cues must be a list of text")
    doses = [k for k in ("duration_s", "reps", "hold_s") if k in table]
    if len(doses) != 1:
        raise RoutineError(f"{where}: give exactly one of duration_s, reps or hold_s")
    values = {
        k: _number(f"{where}.{k}", table[k])
        for k in ("duration_s", "hold_s", "rest_s")
        if k in table
    }
    per_side = table.get("per_side", False)
    if not isinstance(per_side, bool):
        raise RoutineError(f"{where}.per_side must be true or false")
    return RoutineStep(
        name=name,
        practice=int(practice),
        cues=tuple(cues),
        duration_s=values.get("duration_s"),
        sets=int(_number(f"{where}.sets", table.get("sets", 1), integer=True)),
        reps=int(_number(f"{where}.reps", table["reps"], integer=True))
        if "reps" in table
        else None,
        hold_s=values.get("hold_s"),
        rest_s=values.get("rest_s"),
        per_side=per_side,
    )


def parse_routine(toml_text: str, source: str = "routine") -> Routine:
    """Read and validate one routine file."""
    try:
        doc = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise RoutineError(f"{source}: not valid TOML: {str(exc).splitlines()[0]}") from None
    unknown = set(doc) - ROUTINE_KEYS
    if unknown:
        raise RoutineError(f"{source}: unknown key {sorted(unknown)[0]!r}")
    for key in ("name", "title", "kind", "summary"):
        if not isinstance(doc.get(key), str):
            raise RoutineError(f"{source}: {key} must be text")
    try:
        kind = RoutineKind(doc["kind"])
    except ValueError:
        raise RoutineError(
            f"{source}: kind must be one of {', '.join(k.value for k in RoutineKind)}"
        ) from None
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise RoutineError(f"{source}: version must be a whole number from 1")
    steps = doc.get("steps")
    if not isinstance(steps, list) or not steps:
        raise RoutineError(f"{source}: needs at least one [[steps]]")
    level = doc.get("level")
    if level is not None and not isinstance(level, str):
        raise RoutineError(f"{source}: level must be text")
    return Routine(
        name=doc["name"],
        title=doc["title"],
        kind=kind,
        version=version,
        summary=doc["summary"],
        steps=tuple(_step(f"{source} step {i + 1}", s) for i, s in enumerate(steps)),
        level=level,
    )


@cache
def all_routines() -> dict[str, Routine]:
    """Every routine shipped in this package, by name."""
    out: dict[str, Routine] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            routine = parse_routine(entry.read_text(encoding="utf-8"), entry.name)
            if routine.name != entry.name.removesuffix(".toml"):
                raise RoutineError(f"{entry.name}: name {routine.name!r} must match the file name")
            out[routine.name] = routine
    return out


def routine_title(name: str) -> str:
    """A routine as the runner reads it ('Short warm-up'), never its file name."""
    found = all_routines().get(name)
    return found.title if found is not None else name.replace("-", " ").capitalize()


def routine_names() -> list[str]:
    return sorted(all_routines())


def load_routine(name: str) -> Routine:
    """One routine by name; RoutineError lists the names when it is unknown."""
    routines = all_routines()
    if name not in routines:
        raise RoutineError(f"no routine {name!r}; known routines: {', '.join(sorted(routines))}")
    return routines[name]
