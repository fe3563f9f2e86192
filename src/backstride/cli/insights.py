"""`backstride insights`: what went with the runner's worse back days, in their words."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from backstride.cli.context import (
    console,
    parse_date,
    print_json,
    styled,
    workspace,
)
from backstride.insights import Insight, InsightOptions, Insights
from backstride.services import insights as service

OUTCOME_WORDS = {"next-morning": "next morning", "after-run": "after the run"}
FORM_WEEKS_SHOWN = 6


def register(app: typer.Typer) -> None:
    app.command("insights")(insights_command)


def _line(insight: Insight) -> str:
    title = f"{insight.title} ({OUTCOME_WORDS[insight.outcome]})"
    return f"  [bold]{escape(title)}[/]: {escape(insight.sentence)}"


def print_insights(found: Insights) -> None:
    """The insights as a runner reads them: what stands out, then the rest, then cadence."""
    console.print(
        styled(
            f"[bold]What went with your worse back days[/] ({found.since} to {found.until}, "
            f"{found.run_days} run days)"
        ),
        soft_wrap=True,
    )
    console.print(styled(f"[dim]{escape(found.note)}[/]"), soft_wrap=True)
    compared = sum(i.enough_data for i in found.all())
    console.print(
        styled(
            f"\n[bold]Stands out[/] (after allowing for the {compared} comparisons made, "
            f"{found.options.level:.0%} intervals)"
        ),
        soft_wrap=True,
    )
    for insight in found.stand_out:
        console.print(styled(_line(insight)), soft_wrap=True)
    if not found.stand_out:
        console.print("  nothing stands out yet")
    if found.no_clear_link:
        console.print(
            styled(
                "\n[bold]Not clear yet[/] (could be chance, once the "
                f"{compared} comparisons are allowed for)"
            ),
            soft_wrap=True,
        )
        for insight in found.no_clear_link:
            console.print(styled(_line(insight)), soft_wrap=True)
    if found.not_enough_data:
        console.print(
            styled(
                f"\n[bold]Not enough data yet[/] (at least {found.options.min_days} "
                "days on each side)"
            )
        )
        for insight in found.not_enough_data:
            console.print(styled(_line(insight)), soft_wrap=True)
    _print_cadence(found)


def _print_cadence(found: Insights) -> None:
    cadence = found.cadence
    console.print(styled("\n[bold]Cadence by pace[/] (steps a minute, both feet)"))
    if not cadence.bands:
        console.print("  not enough runs with cadence yet to tell your usual at each pace")
    for band in cadence.bands:
        console.print(
            f"  {band.label(cadence.units)}: usual {band.usual_spm:.0f} ({band.runs} runs)"
        )
    weeks = cadence.form_weeks[-FORM_WEEKS_SHOWN:]
    if weeks:
        console.print(styled("\n[bold]Form[/]: weeks where cadence dropped or pain rose"))
    for week in weeks:
        what = []
        if week.cadence_dropped:
            what.append(f"cadence {-week.below_usual_spm:.1f} under your usual for the pace")
        if week.pain_rose:
            what.append("your weekly pain rose")
        console.print(
            f"  week of {week.week_start}: {'; '.join(what)}. Cues: {' '.join(week.cues)}",
            soft_wrap=True,
        )


def insights_command(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(help="First local date (default: your first run).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last local date (default today).")] = None,
    min_days: Annotated[
        int,
        typer.Option(min=2, max=365, help="Days needed on each side before a factor is compared."),
    ] = InsightOptions().min_days,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """What went with your worse back days: each factor (skipped warm-ups, worn shoes, short
    sleep, ...) against next-morning pain and pain after a run, with honest uncertainty."""
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    with workspace(ctx) as ws:
        found = service.insights(ws, first, last, InsightOptions(min_days=min_days))
    if json_out:
        print_json(found.to_json())
        return
    print_insights(found)
