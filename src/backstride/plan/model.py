"""The plan's values: goal, profile, sessions, weeks, changes and the plan itself.

Immutable and SI (metres, seconds, local dates). `Plan.to_json()` is what
`backstride plan show --json` prints.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import date

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType, SessionKind
from backstride.training.days import WEEKDAYS
from backstride.units import METRES_PER_MILE

RACES_M: dict[str, float] = {
    "5k": 5000.0,
    "10k": 10000.0,
    "half": 21097.5,
    "marathon": 42195.0,
}
_DISTANCE = re.compile(r"^(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>km|k|mi|m)$")


class PlanError(ValueError):
    """A goal or profile that cannot become a plan; the message says how to fix it."""


class GoalKind(enum.StrEnum):
    WEEKLY = "weekly"
    RACE = "race"


@dataclass(frozen=True)
class Goal:
    kind: GoalKind
    distance_m: float
    race_date: date | None = None
    label: str = ""


def _distance(text: str, units: Units) -> float:
    text = text.strip().lower()
    if text in RACES_M:
        return RACES_M[text]
    match = _DISTANCE.match(text) or _DISTANCE.match(text + units.value)
    if not match:
        raise PlanError(f"cannot read distance {text!r}: write it like 25km, 15mi, 10k or half")
    value, unit = float(match.group("value")), match.group("unit")
    factor = {"km": 1000.0, "k": 1000.0, "mi": METRES_PER_MILE, "m": 1.0}[unit]
    metres = value * factor
    if not 1000.0 <= metres <= 200_000.0:
        raise PlanError(f"distance {text!r} is out of range (1 km to 200 km)")
    return metres


# The dates the clock may name (backstride.clock's range; the core does not import the clock).
FIRST_RACE_DATE = date(1970, 1, 2)
LAST_RACE_DATE = date(2099, 12, 30)


def parse_goal(text: str, units: Units = Units.KM) -> Goal:
    """'weekly:25km', 'weekly:15mi', 'race:10k@2027-03-15', 'race:half@2027-04-01'."""
    kind, _, rest = text.strip().partition(":")
    if kind == "weekly" and rest:
        return Goal(GoalKind.WEEKLY, _distance(rest, units), None, text.strip())
    if kind == "race" and "@" in rest:
        what, _, when = rest.partition("@")
        try:
            day = date.fromisoformat(when.strip())
        except ValueError:
            raise PlanError(f"cannot read race date {when!r}: write it like 2027-03-15") from None
        if not FIRST_RACE_DATE <= day <= LAST_RACE_DATE:
            raise PlanError(f"race date {day} is outside {FIRST_RACE_DATE} to {LAST_RACE_DATE}")
        return Goal(GoalKind.RACE, _distance(what, units), day, text.strip())
    raise PlanError(f"cannot read goal {text!r}: write weekly:25km or race:10k@2027-03-15")


def parse_days(text: str) -> tuple[int, ...]:
    """'mon,wed,fri,sat' -> (0, 2, 4, 5)."""
    out = []
    for part in text.split(","):
        name = part.strip().lower()
        matches = [i for i, day in enumerate(WEEKDAYS) if name and day.startswith(name[:3])]
        if len(name) < 3 or not matches:
            raise PlanError(f"cannot read day {part!r}: use mon, tue, wed, thu, fri, sat, sun")
        out.append(matches[0])
    return tuple(sorted(set(out)))


class Level(enum.StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


@dataclass(frozen=True)
class PlanProfile:
    """What the runner told the generator: units, available days, length, a confirmed start.

    `start_week_m` is the first whole week's running distance the runner set (or confirmed);
    `anyway` keeps a race goal that cannot be reached safely: the plan stops short of it
    and says so in its notices, instead of being refused.
    """

    units: Units = Units.KM
    run_days: tuple[int, ...] | None = None  # weekdays, 0 = Monday
    long_run_day: int | None = None
    weeks: int | None = None
    start_week_m: float | None = None
    level: Level | None = None
    anyway: bool = False


class SessionType(enum.StrEnum):
    RUN = "run"
    CORE = "core"
    CROSS = "cross"
    REST = "rest"


class Block(enum.StrEnum):
    """What a week is, matching its sessions (plan.weeks labels each week from them)."""

    BASE = "base"  # the first week, at the runner's level
    RUN_WALK = "run-walk"  # a run-walk programme week (no base yet)
    DISTANCE = "distance"  # more distance than the week before, speed work held
    SPEED = "speed"  # a speed session, its minutes up; distance not up
    LIGHTER = "lighter"  # less distance than the week before
    HOLD = "hold"  # distance held (at the goal, or while progression is on hold)
    TAPER = "taper"  # lighter, before a race
    RACE = "race"  # the race itself is in it


class SpeedKind(enum.StrEnum):
    STRIDES = "strides"
    REPEATS = "repeats"
    TEMPO = "tempo"


@dataclass(frozen=True)
class SpeedWork:
    """Repeats faster than easy pace, with easy-jog recoveries: strides, repeats or tempo."""

    reps: int
    rep_s: float
    recovery_s: float
    kind: SpeedKind = SpeedKind.REPEATS

    @property
    def fast_s(self) -> float:
        return self.reps * self.rep_s


@dataclass(frozen=True)
class WalkRun:
    """A run-walk session: (running s, walking s) intervals after a brisk walk, in the
    manner of NHS Couch to 5K. Its distance is what a watch records: running and walking."""

    intervals: tuple[tuple[float, float], ...]

    @property
    def run_s(self) -> float:
        return sum(r for r, _ in self.intervals)

    @property
    def walk_s(self) -> float:
        return sum(w for _, w in self.intervals)

    @property
    def total_s(self) -> float:
        return self.run_s + self.walk_s

    @property
    def longest_run_s(self) -> float:
        return max((r for r, _ in self.intervals), default=0.0)

    @property
    def continuous(self) -> bool:
        """One run with no walking: a plain run."""
        return len(self.intervals) == 1 and self.intervals[0][1] == 0

    def describe(self) -> str:
        """'8 x (1 min run, 1:30 walk)' or '3 min run, 1:30 walk, 5 min run'."""
        parts = [(_clock(r), _clock(w)) for r, w in self.intervals]
        if len(set(parts)) == 1 and len(parts) > 1:
            run, walk = parts[0]
            return f"{len(parts)} x ({run} run, {walk} walk)"
        out: list[str] = []
        for run, walk in parts:
            out.append(f"{run} run")
            if walk != "0 min":
                out.append(f"{walk} walk")
        return ", ".join(out)


def _clock(seconds: float) -> str:
    whole = round(seconds)
    if whole % 60 == 0:
        return f"{whole // 60} min"
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass(frozen=True)
class PlanSession:
    on: date
    slot: int  # order within the day
    kind: SessionType
    run_type: RunType | None = None
    distance_m: float | None = None
    duration_s: float | None = None
    target: str | None = None  # "distance" or "time" for runs
    routines: tuple[str, ...] = ()
    effort: str = ""
    notes: tuple[str, ...] = ()
    speed: SpeedWork | None = None
    cross_kind: SessionKind | None = None
    race: bool = False
    walk_run: WalkRun | None = None  # a run-walk session (a run day, intervals of walking)

    @property
    def is_run(self) -> bool:
        return self.kind is SessionType.RUN

    @property
    def is_walk_run(self) -> bool:
        return self.walk_run is not None and not self.walk_run.continuous

    @property
    def is_hard(self) -> bool:
        return self.is_run and self.run_type is not RunType.EASY

    @property
    def speed_note(self) -> str | None:
        """The note that tells the repeats, for speed work."""
        if self.speed is None:
            return None
        w = self.speed
        if w.kind is SpeedKind.STRIDES:
            return (
                f"{w.reps} x {w.rep_s:g} s strides (quick, relaxed, not a sprint), "
                f"{w.recovery_s:g} s easy between"
            )
        if w.kind is SpeedKind.TEMPO:
            blocks = f"{w.reps} x {w.rep_s / 60:g} min" if w.reps > 1 else f"{w.rep_s / 60:g} min"
            between = f", {w.recovery_s / 60:g} min easy jog between" if w.reps > 1 else ""
            return f"tempo: {blocks} comfortably hard{between}"
        return f"{w.reps} x {w.rep_s / 60:g} min faster, {w.recovery_s / 60:g} min easy jog between"

    @property
    def speed_s(self) -> float:
        """Planned seconds faster than easy pace (a race counts whole)."""
        if self.race:
            return self.duration_s or 0.0
        return self.speed.fast_s if self.speed else 0.0


STOP_TRIGGER = "red-flags:stop:"  # a change with this trigger stopped the plan
ALSO = "+"  # trigger + ALSO + day: the same change, recorded on another day it reached


@dataclass(frozen=True)
class PlanChange:
    """One change adaptation made, with the rule behind it."""

    on: date  # the day whose sessions changed
    rule: str  # a rule id from the registry
    what: str
    why: str
    trigger: str  # what caused it, e.g. "pain-during:2027-01-12"; each trigger acts once
    made_on: date


def causes(changes: tuple[PlanChange, ...] | list[PlanChange]) -> list[PlanChange]:
    """Each change once, on the first day it reached (a change is recorded on every day
    it changed, so `plan why DAY` names it on each)."""
    return [c for c in changes if ALSO not in c.trigger]


@dataclass(frozen=True)
class PlanWeek:
    start: date
    block: Block
    posture_cue: str
    target_m: float  # the whole week's distance, what was run before the plan included
    done_m: float = 0.0  # run in this week before the plan started (the week in progress)


@dataclass(frozen=True)
class Plan:
    id: str
    goal: Goal
    profile: PlanProfile
    created_on: date
    start: date
    first_weekday: int
    easy_speed_m_s: float
    baseline_week_m: float
    weeks: tuple[PlanWeek, ...]
    sessions: tuple[PlanSession, ...]
    changes: tuple[PlanChange, ...] = ()
    stopped_on: date | None = None
    time_zone: str = "UTC"
    notices: tuple[str, ...] = ()  # what the plan leaves out and why, in words (a race)

    @property
    def end(self) -> date:
        return max((s.on for s in self.sessions), default=self.start)

    def on(self, day: date) -> list[PlanSession]:
        return [s for s in self.sessions if s.on == day]

    def changes_on(self, day: date) -> list[PlanChange]:
        """The changes to `day`; on a stopped plan's days, the stop that emptied them."""
        out = [c for c in self.changes if c.on == day]
        if self.stopped_on is not None and day >= self.stopped_on:
            stops = [c for c in self.changes if c.trigger.startswith(STOP_TRIGGER) and c.on < day]
            out = stops[-1:] + out
        return out

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "goal": self.goal.label,
            "start": self.start.isoformat(),
            "stopped_on": self.stopped_on.isoformat() if self.stopped_on else None,
            "notices": list(self.notices),
            "weeks": [
                {
                    "start": w.start.isoformat(),
                    "block": w.block.value,
                    "posture_cue": w.posture_cue,
                    "target_m": round(w.target_m, 1),
                    "done_m": round(w.done_m, 1),
                }
                for w in self.weeks
            ],
            "sessions": [session_json(s, self.changes_on(s.on)) for s in self.sessions],
        }


def session_json(s: PlanSession, changes: list[PlanChange]) -> dict[str, object]:
    return {
        "date": s.on.isoformat(),
        "slot": s.slot,
        "kind": s.kind.value,
        "run_type": s.run_type.value if s.run_type else None,
        "race": s.race,
        "distance_m": round(s.distance_m, 1) if s.distance_m is not None else None,
        "duration_s": round(s.duration_s) if s.duration_s is not None else None,
        "target": s.target,
        "routines": list(s.routines),
        "effort": s.effort,
        "speed": (
            {
                "reps": s.speed.reps,
                "rep_s": s.speed.rep_s,
                "recovery_s": s.speed.recovery_s,
                "kind": s.speed.kind.value,
            }
            if s.speed
            else None
        ),
        "walk_run": (
            {
                "intervals": [[r, w] for r, w in s.walk_run.intervals],
                "run_s": s.walk_run.run_s,
                "walk_s": s.walk_run.walk_s,
            }
            if s.walk_run
            else None
        ),
        "cross_kind": s.cross_kind.value if s.cross_kind else None,
        "notes": list(s.notes),
        "rule_changes": [
            {"rule": c.rule, "what": c.what, "why": c.why, "made_on": c.made_on.isoformat()}
            for c in changes
        ],
    }


@dataclass(frozen=True)
class Alternative:
    """A safe goal instead of one that is not: the goal text `plan new --goal` takes, and
    what it means in words."""

    goal: str
    text: str


@dataclass(frozen=True)
class PlanResult:
    """The generator's answer. A `refused` result is a race that cannot be reached safely
    by its date: not to be saved (`plan new` exits 1), `refusal` says why in one line,
    `earliest_safe` and `alternatives` what is safe instead; `plan` is the plan that stops
    short of the race, which the runner may keep with `anyway` (it then says so in its
    notices)."""

    plan: Plan
    warnings: tuple[str, ...] = ()
    reachable: bool = True
    needs_confirmation: bool = False  # no recent history: the runner confirms the start
    earliest_safe: date | None = None  # when the goal could be reached safely, if not now
    refused: bool = False
    refusal: str | None = None
    alternatives: tuple[Alternative, ...] = ()


def plan_id(*parts: object) -> str:
    """A stable id from the generator's inputs (same inputs, same id)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


POSTURE_CUES: tuple[str, ...] = (
    "Glutes engaged, hips facing forward.",
    "Spine straight, head stacked over the neck.",
    "Elbows pulled back, shoulders relaxed.",
    "Land softly, feet under the hips.",
)
