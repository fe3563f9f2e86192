"""`backstride log ...`: what the runner records by hand."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from backstride import clock
from backstride.cli.context import console, fail, opened_store
from backstride.cli.plan import replan_after
from backstride.domain import Activity, SourceFormat, Sport, Units
from backstride.ingest.dedup import Outcome
from backstride.ingest.pipeline import store_activity
from backstride.units import (
    format_distance,
    format_duration,
    format_pace,
    parse_distance,
    parse_duration,
)

log_app = typer.Typer(
    help="Record runs, pain, daily check-ins, sessions and warm-ups by hand.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(log_app, name="log")


EARLIEST_RUN = date(1970, 1, 1)
# Faster than 2:30 per km is beyond any training run; slower than 30 min per km
# is not a run. Either is a typo in distance or time.
FASTEST_M_PER_S = 1000 / 150
SLOWEST_M_PER_S = 1000 / 1800


def check_pace(distance_m: float, duration_s: float, units: Units) -> None:
    """Refuse a distance and time no runner could have logged (a typo)."""
    speed = distance_m / duration_s
    if not SLOWEST_M_PER_S <= speed <= FASTEST_M_PER_S:
        pace = format_pace(distance_m, duration_s, units)
        raise ValueError(
            f"{format_distance(distance_m, units)} in {format_duration(duration_s)} "
            f"is a pace of {pace}, which is not a run; check the distance and duration"
        )


def manual_run(
    *,
    on: date,
    at: time,
    zone: ZoneInfo,
    distance_m: float,
    duration_s: float,
    shoe: str | None,
    rpe: float | None,
    treadmill: bool,
    name: str | None,
    notes: str | None,
) -> Activity:
    """The activity a runner logs by hand, keyed so logging it twice is noticed."""
    local = datetime.combine(on, at, tzinfo=zone)
    offset = local.utcoffset()
    start = local.astimezone(UTC)
    key = f"manual|{start.isoformat()}|{distance_m:.1f}|{duration_s:.0f}"
    return Activity(
        sport=Sport.RUN,
        sub_sport="treadmill" if treadmill else None,
        start_utc=start,
        utc_offset_s=int(offset.total_seconds()) if offset is not None else None,
        elapsed_s=duration_s,
        moving_s=duration_s,
        distance_m=distance_m,
        source_format=SourceFormat.MANUAL,
        source_file=None,
        content_hash=hashlib.sha256(key.encode()).hexdigest(),
        gear=shoe,
        rpe=rpe,
        name=name or ("Treadmill run" if treadmill else "Run"),
        notes=notes,
    )


@log_app.command("run")
def log_run(
    ctx: typer.Context,
    on: Annotated[str, typer.Option("--date", help="Local date, YYYY-MM-DD.")],
    distance: Annotated[str, typer.Option(help="e.g. 5km, 3.1mi (a bare number: your units).")],
    duration: Annotated[str, typer.Option(help="e.g. 30:00, 1:05:30 or 45min.")],
    at: Annotated[str, typer.Option("--time", help="Local start time, HH:MM.")] = "07:00",
    shoe: Annotated[str | None, typer.Option(help="Name of the shoes you wore.")] = None,
    rpe: Annotated[
        float | None, typer.Option(min=0, max=10, help="How hard it felt, 0 (rest) to 10 (max).")
    ] = None,
    treadmill: Annotated[bool, typer.Option(help="A treadmill run.")] = False,
    name: Annotated[str | None, typer.Option(help="A name for the run.")] = None,
    notes: Annotated[str | None, typer.Option(help="Anything to remember.")] = None,
) -> None:
    """Log a run you did without a watch."""
    try:
        run_date = date.fromisoformat(on)
    except ValueError:
        fail(f"--date {on!r} is not a date; write it as YYYY-MM-DD")
    try:
        start_time = time.fromisoformat(at)
    except ValueError:
        fail(f"--time {at!r} is not a time; write it as HH:MM")
    with opened_store(ctx) as store:
        athlete = store.athlete()
        zone = ZoneInfo(athlete.time_zone)
        if run_date > clock.today(zone):
            fail(f"--date {run_date} is in the future; log runs once you have run them")
        if run_date < EARLIEST_RUN:
            fail(f"--date {run_date} is before {EARLIEST_RUN}; check the year")
        try:
            distance_m = parse_distance(distance, athlete.units)
            duration_s = parse_duration(duration)
            check_pace(distance_m, duration_s, athlete.units)
        except ValueError as exc:
            fail(str(exc))
        if shoe is not None:
            known = {g.name.casefold(): g.name for g in store.gear()}
            if shoe.casefold() not in known:
                names = ", ".join(sorted(known.values())) or "none yet"
                fail(f"unknown shoe {shoe!r} (known: {names}); add it with `backstride shoes add`")
            shoe = known[shoe.casefold()]
        run = manual_run(
            on=run_date,
            at=start_time,
            zone=zone,
            distance_m=distance_m,
            duration_s=duration_s,
            shoe=shoe,
            rpe=rpe,
            treadmill=treadmill,
            name=name,
            notes=notes,
        )
        outcome = store_activity(store, run)
    what = f"{format_distance(distance_m, athlete.units)} in {format_duration(duration_s)}"
    if outcome is Outcome.NEW:
        console.print(f"Logged a run on {run_date}: {what}.")
    elif outcome is Outcome.DUPLICATE:
        console.print(f"That run on {run_date} ({what}) is already logged; nothing changed.")
    else:
        console.print(
            f"That run on {run_date} was already imported; your details were added to it."
        )
    replan_after(ctx)
