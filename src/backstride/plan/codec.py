"""A plan as plain JSON values and back, without loss: what the store keeps.

`Plan.to_json()` is the runner's view (rounded, no profile); this is the
complete record, versioned by `FORMAT`, so a stored plan reads back equal.
Fields added since format 1 was first written (a session's walk-run and speed kind,
the plan's notices, the profile's `anyway`) are optional when read: an older
record reads as it did.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from backstride.domain.activity import Units
from backstride.domain.backcare import RunType, SessionKind
from backstride.plan.model import (
    Block,
    Goal,
    GoalKind,
    Level,
    Plan,
    PlanChange,
    PlanError,
    PlanProfile,
    PlanSession,
    PlanWeek,
    SessionType,
    SpeedKind,
    SpeedWork,
    WalkRun,
)

FORMAT = 1


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _session(s: PlanSession) -> dict[str, Any]:
    return {
        "on": s.on.isoformat(),
        "slot": s.slot,
        "kind": s.kind.value,
        "run_type": s.run_type.value if s.run_type else None,
        "distance_m": s.distance_m,
        "duration_s": s.duration_s,
        "target": s.target,
        "routines": list(s.routines),
        "effort": s.effort,
        "notes": list(s.notes),
        "speed": (
            [s.speed.reps, s.speed.rep_s, s.speed.recovery_s, s.speed.kind.value]
            if s.speed
            else None
        ),
        "cross_kind": s.cross_kind.value if s.cross_kind else None,
        "race": s.race,
        "walk_run": [list(i) for i in s.walk_run.intervals] if s.walk_run else None,
    }


def _speed(speed: list[Any] | None) -> SpeedWork | None:
    if not speed:
        return None
    kind = SpeedKind(speed[3]) if len(speed) > 3 else SpeedKind.REPEATS
    return SpeedWork(int(speed[0]), speed[1], speed[2], kind)


def _walk_run(intervals: list[Any] | None) -> WalkRun | None:
    if not intervals:
        return None
    return WalkRun(tuple((float(r), float(w)) for r, w in intervals))


def _read_session(d: dict[str, Any]) -> PlanSession:
    return PlanSession(
        on=date.fromisoformat(d["on"]),
        slot=int(d["slot"]),
        kind=SessionType(d["kind"]),
        run_type=RunType(d["run_type"]) if d["run_type"] else None,
        distance_m=d["distance_m"],
        duration_s=d["duration_s"],
        target=d["target"],
        routines=tuple(d["routines"]),
        effort=d["effort"],
        notes=tuple(d["notes"]),
        speed=_speed(d["speed"]),
        cross_kind=SessionKind(d["cross_kind"]) if d["cross_kind"] else None,
        race=bool(d["race"]),
        walk_run=_walk_run(d.get("walk_run")),
    )


def change_record(c: PlanChange) -> dict[str, Any]:
    return {
        "on": c.on.isoformat(),
        "rule": c.rule,
        "what": c.what,
        "why": c.why,
        "trigger": c.trigger,
        "made_on": c.made_on.isoformat(),
    }


def change_from_record(d: dict[str, Any]) -> PlanChange:
    return PlanChange(
        on=date.fromisoformat(d["on"]),
        rule=d["rule"],
        what=d["what"],
        why=d["why"],
        trigger=d["trigger"],
        made_on=date.fromisoformat(d["made_on"]),
    )


def plan_record(plan: Plan, *, with_changes: bool = True) -> dict[str, Any]:
    """Every field of the plan as JSON values (dates as ISO text, enums by value)."""
    g, p = plan.goal, plan.profile
    return {
        "format": FORMAT,
        "id": plan.id,
        "goal": {
            "kind": g.kind.value,
            "distance_m": g.distance_m,
            "race_date": _day(g.race_date),
            "label": g.label,
        },
        "profile": {
            "units": p.units.value,
            "run_days": list(p.run_days) if p.run_days is not None else None,
            "long_run_day": p.long_run_day,
            "weeks": p.weeks,
            "start_week_m": p.start_week_m,
            "level": p.level.value if p.level else None,
            "anyway": p.anyway,
        },
        "created_on": plan.created_on.isoformat(),
        "start": plan.start.isoformat(),
        "first_weekday": plan.first_weekday,
        "easy_speed_m_s": plan.easy_speed_m_s,
        "baseline_week_m": plan.baseline_week_m,
        "weeks": [
            {
                "start": w.start.isoformat(),
                "block": w.block.value,
                "posture_cue": w.posture_cue,
                "target_m": w.target_m,
                "done_m": w.done_m,
            }
            for w in plan.weeks
        ],
        "sessions": [_session(s) for s in plan.sessions],
        "changes": [change_record(c) for c in plan.changes] if with_changes else [],
        "stopped_on": _day(plan.stopped_on),
        "time_zone": plan.time_zone,
        "notices": list(plan.notices),
    }


def plan_from_record(d: dict[str, Any], changes: tuple[PlanChange, ...] | None = None) -> Plan:
    """The plan `plan_record` wrote; `changes` given replace the recorded ones.

    Raises PlanError for a record this backstride cannot read."""
    if d.get("format") != FORMAT:
        raise PlanError(f"unknown stored plan format {d.get('format')!r} (this reads {FORMAT})")
    try:
        g, p = d["goal"], d["profile"]
        return Plan(
            id=d["id"],
            goal=Goal(GoalKind(g["kind"]), g["distance_m"], _date(g["race_date"]), g["label"]),
            profile=PlanProfile(
                units=Units(p["units"]),
                run_days=tuple(p["run_days"]) if p["run_days"] is not None else None,
                long_run_day=p["long_run_day"],
                weeks=p["weeks"],
                start_week_m=p["start_week_m"],
                level=Level(p["level"]) if p["level"] else None,
                anyway=bool(p.get("anyway", False)),
            ),
            created_on=date.fromisoformat(d["created_on"]),
            start=date.fromisoformat(d["start"]),
            first_weekday=int(d["first_weekday"]),
            easy_speed_m_s=d["easy_speed_m_s"],
            baseline_week_m=d["baseline_week_m"],
            weeks=tuple(
                PlanWeek(
                    date.fromisoformat(w["start"]),
                    Block(w["block"]),
                    w["posture_cue"],
                    w["target_m"],
                    float(w.get("done_m", 0.0)),
                )
                for w in d["weeks"]
            ),
            sessions=tuple(_read_session(s) for s in d["sessions"]),
            changes=changes
            if changes is not None
            else tuple(change_from_record(c) for c in d["changes"]),
            stopped_on=_date(d["stopped_on"]),
            time_zone=d["time_zone"],
            notices=tuple(str(n) for n in d.get("notices", ())),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise PlanError(f"stored plan cannot be read: {type(exc).__name__}: {exc}") from None
