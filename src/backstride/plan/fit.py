"""FIT workout files (one per planned run) written with Garmin's own SDK.

Each workout: a warm-up step (the routine's time), the run steps (a distance or a
time; repeats for speed work) and a cool-down step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from garmin_fit_sdk import Encoder, Profile

from backstride.plan.model import Plan, PlanSession
from backstride.routines import load_routine, routine_seconds

MESG = Profile["mesg_num"]
FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z


@dataclass(frozen=True)
class WorkoutStep:
    """A step as the watch shows it; `repeat` steps point back to `back_to` `times` times."""

    name: str
    intensity: str  # warmup, active, recovery, cooldown
    seconds: float | None = None
    metres: float | None = None
    back_to: int | None = None
    times: int | None = None


def workout_steps(session: PlanSession) -> list[WorkoutStep]:
    """The run as watch steps: warm-up, the run (or repeats), cool-down."""
    warm, cool = session.routines[0], session.routines[-1]
    steps = [WorkoutStep("Warm-up", "warmup", seconds=routine_seconds(load_routine(warm)))]
    if session.walk_run is not None and session.is_walk_run:
        for run_s, walk_s in session.walk_run.intervals:
            steps.append(WorkoutStep("Run", "active", seconds=run_s))
            if walk_s > 0:
                steps.append(WorkoutStep("Walk", "recovery", seconds=walk_s))
    elif session.speed is not None:
        sw = session.speed
        total_s = session.duration_s or 0.0
        easy_s = max(60.0, (total_s - sw.reps * (sw.rep_s + sw.recovery_s)) / 2)
        fast = {"strides": "Stride", "tempo": "Tempo"}.get(sw.kind.value, "Faster")
        steps.append(WorkoutStep("Easy", "active", seconds=easy_s))
        if sw.reps == 1 or sw.recovery_s <= 0:
            steps.append(WorkoutStep(fast, "active", seconds=sw.reps * sw.rep_s))
        else:
            first = len(steps)
            steps.append(WorkoutStep(fast, "active", seconds=sw.rep_s))
            steps.append(WorkoutStep("Easy jog", "recovery", seconds=sw.recovery_s))
            steps.append(WorkoutStep("Repeat", "active", back_to=first, times=sw.reps))
        steps.append(WorkoutStep("Easy", "active", seconds=easy_s))
    elif session.target == "time":
        steps.append(WorkoutStep("Run easy", "active", seconds=session.duration_s or 0.0))
    else:
        name = "Race" if session.race else "Run easy"
        steps.append(WorkoutStep(name, "active", metres=session.distance_m or 0.0))
    steps.append(WorkoutStep("Cool-down", "cooldown", seconds=routine_seconds(load_routine(cool))))
    return steps


def _step_mesg(index: int, step: WorkoutStep) -> dict[str, object]:
    mesg: dict[str, object] = {
        "mesg_num": MESG["WORKOUT_STEP"],
        "message_index": index,
        "wkt_step_name": step.name,
        "intensity": step.intensity,
        "target_type": "open",
    }
    if step.back_to is not None:
        mesg.update(
            duration_type="repeat_until_steps_cmplt",
            duration_value=step.back_to,
            target_value=step.times,
        )
        del mesg["intensity"]
    elif step.metres is not None:
        mesg.update(duration_type="distance", duration_value=round(step.metres * 100))
    else:
        mesg.update(duration_type="time", duration_value=round((step.seconds or 0) * 1000))
    return mesg


def workout_fit(session: PlanSession, name: str, created: datetime) -> bytes:
    steps = workout_steps(session)
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 1,
            "time_created": created,
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": MESG["WORKOUT"],
            "sport": "running",
            "sub_sport": "generic",
            "num_valid_steps": len(steps),
            "wkt_name": name[:15],
        }
    )
    for index, step in enumerate(steps):
        encoder.write_mesg(_step_mesg(index, step))
    return encoder.close()


def to_fit_workouts(plan: Plan) -> dict[str, bytes]:
    """One FIT workout per planned run, by file name (date, slot, run type)."""
    created = datetime.combine(plan.created_on, time(), tzinfo=UTC)
    out = {}
    for s in plan.sessions:
        if s.is_run and s.run_type is not None:
            kind = "race" if s.race else s.run_type.value
            name = f"{s.on:%m-%d} {kind}"
            out[f"{s.on.isoformat()}-{s.slot}-{kind}.fit"] = workout_fit(s, name, created)
    return out
