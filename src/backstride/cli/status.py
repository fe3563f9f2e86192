"""`backstride status` (may I run today, and how) and `backstride check` (every finding)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.markup import escape
from rich.text import Text

from backstride.cli.context import console, parse_choice, parse_date, print_json, styled, workspace
from backstride.domain import Units
from backstride.rules import Severity
from backstride.services.status import FindingOut, StatusOut, check_findings, today_status
from backstride.units import format_distance

COLOURS = {
    Severity.STOP: "bold red",
    Severity.HOLD: "red",
    Severity.WARNING: "yellow",
    Severity.ADVICE: "cyan",
    Severity.INFO: "dim",
}
SCREEN_COMMAND = "`backstride screen`"


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)
    app.command("check")(check_command)


def finding_line(finding: FindingOut) -> str:
    """A finding as one styled line: severity, rule, message (and its day in a week)."""
    colour = COLOURS[finding.severity]
    when = finding.date or finding.week_start
    return (
        f"  [{colour}]{finding.severity.value:>7}[/] {finding.rule}: {escape(finding.message)}"
        + (f" [dim]({when})[/]" if when and finding.week_start else "")
    )


def _section(title: str, findings: list[FindingOut], empty: str = "") -> None:
    """A heading (markup: its first words bold) and its findings, or `empty`."""
    console.print(styled(f"\n{title}"), soft_wrap=True)
    for f in findings:
        console.print(styled(finding_line(f)), soft_wrap=True)
    if not findings and empty:
        console.print(f"  {empty}")


def _print_status(answer: StatusOut, units: Units) -> None:
    colour = COLOURS[answer.severity]
    console.print(
        styled(f"[{colour}]{escape(f'[{answer.label}]')} {escape(answer.answer)}[/]"),
        soft_wrap=True,
    )
    if answer.red_flags:
        _section("[bold]Red flags[/] (shown until a clinician clears them)", answer.red_flags)
    if answer.screening_due:
        due = f"{answer.screening_due}: {SCREEN_COMMAND}"
        console.print(styled(f"\n[bold]Screening due:[/] {escape(due)}"), soft_wrap=True)
    usual = answer.usual_pain
    usual_text = f"usual {usual.score:g}/10" if usual.score is not None else "no usual level yet"
    _section(
        f"[bold]Pain[/] ({usual_text}, from {usual.reports} reports)",
        answer.pain,
        "nothing above your limits today or yesterday",
    )
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
        console.print(styled(finding_line(f)), soft_wrap=True)
    if answer.shoes:
        _section("[bold]Shoes[/]", answer.shoes)
    if answer.if_you_run_today:
        _section("[bold]If you run today[/]", answer.if_you_run_today)


def status_command(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--date", help="The day to ask about (default today).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """May I run today, and how: red flags, pain, this week, shoes, what a run would break."""
    day = parse_date(on, "--date")
    with workspace(ctx) as ws:
        answer = today_status(ws, day)
        units = ws.athlete().units
    if json_out:
        print_json(answer)
        return
    _print_status(answer, units)


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
    floor = Severity(parse_choice(minimum, "--min-severity", tuple(s.value for s in Severity)))
    with workspace(ctx) as ws:
        checked = check_findings(ws, first, last, floor)
    if json_out:
        print_json(checked.findings)
        return
    if not checked.findings:
        console.print(f"No findings from {checked.since} to {checked.until}: every rule holds.")
        return
    console.print(
        styled(f"[bold]{len(checked.findings)} findings from {checked.since} to {checked.until}[/]")
    )
    current: date | None = None
    for f in checked.findings:
        when = f.date or f.week_start
        if when != current:
            current = when
            label = f"week of {when}" if f.week_start else str(when)
            console.print(styled(f"\n[bold]{label}[/]"))
        console.print(styled(finding_line(f) + f" [dim]— {escape(f.source)}[/]"), soft_wrap=True)
