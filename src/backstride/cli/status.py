"""`backstride status` (may I run today, and how) and `backstride check` (every finding)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, timedelta
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from backstride.cli.context import (
    console,
    fail,
    opened_store,
    parse_date,
    print_json,
    rules_config,
    styled,
    today_in,
)
from backstride.cli.screen import screening_due_line
from backstride.domain import Units
from backstride.history import load_history
from backstride.rules import Finding, Severity, Status, check, status
from backstride.units import format_distance

CHECK_DAYS = 84  # `check` looks at the last 12 weeks unless told otherwise
COLOURS = {
    Severity.STOP: "bold red",
    Severity.HOLD: "red",
    Severity.WARNING: "yellow",
    Severity.ADVICE: "cyan",
    Severity.INFO: "dim",
}


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)
    app.command("check")(check_command)


def status_json(answer: Status, due: str | None) -> dict[str, object]:
    """The documented JSON shape of `status` (SI units in values)."""

    def many(findings: Sequence[Finding]) -> list[dict[str, object]]:
        return [f.to_json() for f in findings]

    week = {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(answer.week).items()
    }
    return {
        "date": answer.today.isoformat(),
        "answer": answer.answer,
        "severity": answer.severity.value,
        "screening_due": due,
        "red_flags": many(answer.red_flags),
        "pain": many(answer.pain),
        "usual_pain": {"score": answer.usual_pain.score, "reports": answer.usual_pain.reports},
        "week_start": answer.week_start.isoformat(),
        "week": week,
        "this_week": many(answer.this_week),
        "shoes": many(answer.shoes),
        "if_you_run_today": many(answer.if_you_run_today),
        "findings": many(answer.findings()),
    }


def _line(finding: Finding) -> str:
    colour = COLOURS[finding.severity]
    when = finding.on or finding.week_start
    return (
        f"  [{colour}]{finding.severity.value:>7}[/] {finding.rule}: {escape(finding.message)}"
        + (f" [dim]({when})[/]" if when and finding.week_start else "")
    )


def _print_status(answer: Status, due: str | None, units: Units) -> None:
    console.print(styled(f"[{COLOURS[answer.severity]}]{escape(answer.answer)}[/]"), soft_wrap=True)
    if answer.red_flags:
        console.print(styled("\n[bold]Red flags[/] (shown until a clinician clears them)"))
        for f in answer.red_flags:
            console.print(styled(_line(f)), soft_wrap=True)
    if due:
        console.print(styled(f"\n[bold]Screening due:[/] {escape(due)}"), soft_wrap=True)
    usual = answer.usual_pain
    usual_text = f"usual {usual.score:g}/10" if usual.score is not None else "no usual level yet"
    console.print(styled(f"\n[bold]Pain[/] ({usual_text}, from {usual.reports} reports)"))
    for f in answer.pain:
        console.print(styled(_line(f)), soft_wrap=True)
    if not answer.pain:
        console.print("  nothing above your limits today or yesterday")
    week = answer.week
    console.print(
        styled(f"\n[bold]This week[/] (from {answer.week_start}): ")
        + Text(
            f"{format_distance(week.distance_m, units, digits=1)} in {week.runs} runs on "
            f"{week.run_days} days, {week.speed_min:.0f} min speed work, "
            f"{week.rest_days} rest days, "
            f"{week.core_sessions} core and {week.cross_sessions} cross-training sessions"
        )
    )
    for f in answer.this_week:
        console.print(styled(_line(f)), soft_wrap=True)
    if answer.shoes:
        console.print(styled("\n[bold]Shoes[/]"))
        for f in answer.shoes:
            console.print(styled(_line(f)), soft_wrap=True)
    if answer.if_you_run_today:
        console.print(styled("\n[bold]If you run today[/]"))
        for f in answer.if_you_run_today:
            console.print(styled(_line(f)), soft_wrap=True)


def status_command(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--date", help="The day to ask about (default today).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """May I run today, and how: red flags, pain, this week, shoes, what a run would break."""
    day = parse_date(on, "--date")
    config = rules_config(ctx)
    with opened_store(ctx) as store:
        history = load_history(store)
    answer = status(history, config, day or today_in(history.time_zone))
    due = screening_due_line(history)
    if json_out:
        print_json(status_json(answer, due))
        return
    _print_status(answer, due, history.units)


def check_command(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(help="First local date (default: 12 weeks before --until).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last local date (default today).")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON findings.")] = False,
    minimum: Annotated[
        str, typer.Option("--min-severity", help="info, advice, warning, hold or stop.")
    ] = "info",
) -> None:
    """Every rule over a period: findings per day and per week, with the reason and source."""
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    if minimum not in {s.value for s in Severity}:
        fail(f"--min-severity {minimum!r} must be one of: info, advice, warning, hold, stop")
    config = rules_config(ctx)
    with opened_store(ctx) as store:
        history = load_history(store)
    last = last or today_in(history.time_zone)
    first = first or last - timedelta(days=CHECK_DAYS - 1)
    if first > last:
        fail(f"--since {first} is after --until {last}")
    floor = Severity(minimum).rank
    findings = [f for f in check(history, config, first, last) if f.severity.rank >= floor]
    if json_out:
        print_json([f.to_json() for f in findings])
        return
    if not findings:
        console.print(f"No findings from {first} to {last}: every rule holds.")
        return
    console.print(styled(f"[bold]{len(findings)} findings from {first} to {last}[/]"))
    current: date | None = None
    for f in findings:
        when = f.on or f.week_start
        if when != current:
            current = when
            label = f"week of {when}" if f.week_start else str(when)
            console.print(styled(f"\n[bold]{label}[/]"))
        console.print(styled(_line(f) + f" [dim]— {escape(f.source)}[/]"), soft_wrap=True)
