"""`backstride config` (the rules' thresholds, a TOML file) and `backstride profile`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from backstride.cli.context import (
    console,
    fail,
    print_json,
    print_replanned,
    rules_config_path,
    styled,
    workspace,
)
from backstride.domain import Units
from backstride.rules import REGISTRY
from backstride.services.change_settings import (
    SettingsChanged,
    change_profile,
    config_out,
    set_rules,
    unset_setting,
)
from backstride.training.days import WEEKDAYS

config_app = typer.Typer(
    help="The rules' thresholds for this runner (a TOML file).", no_args_is_help=True
)
BOOLEANS = {"true": True, "false": False}


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
    app.command("profile")(profile_command)


@config_app.command("path")
def path_command(ctx: typer.Context) -> None:
    """Where this runner's rules config is (it may not exist yet: then every default holds)."""
    console.print(str(rules_config_path(ctx)), soft_wrap=True)


@config_app.command("show")
def show_command(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON (SI units).")] = False,
) -> None:
    """Every rule with its thresholds as they apply to you, its range and its source."""
    with workspace(ctx) as ws:
        config = ws.rules()
        units = ws.athlete().units
        path = ws.rules_path
    week_start = WEEKDAYS[config.first_weekday]
    if json_out:  # SI, as the file's own values
        print_json(
            {
                "week_start": week_start,
                "rules": [
                    {
                        "rule": rule.id,
                        "title": rule.title,
                        "enabled": config.enabled(rule),
                        "severity": rule.severity.value,
                        "params": {
                            p.key: {
                                "value": config.params(rule)[p.key],
                                "default": p.default,
                                "low": p.low,
                                "high": p.high,
                            }
                            for p in rule.params
                        },
                        "origin": rule.origin.value,
                        "source": rule.source,
                        "strength": rule.strength.value,
                    }
                    for rule in REGISTRY
                ],
            }
        )
        return
    console.print(f"config file: {path}\nweek_start = {week_start}", soft_wrap=True)
    for rule in config_out(config, units).rules:
        state = "" if rule.enabled else " [dim](disabled)[/]"
        console.print(
            styled(
                f"\n[bold]{rule.rule}[/]{state}: {escape(rule.title)} "
                f"[dim]({rule.strength}; {escape(rule.source)})[/]"
            ),
            soft_wrap=True,
        )
        for p in rule.params:
            limits = f"{p.low:.2f}-{p.high:.2f}" if p.unit else f"{p.low:g}-{p.high:g}"
            console.print(f"  {p.setting} = {p.value:g} (range {limits}) — {p.note}")


def _said(changed: SettingsChanged, line: str) -> None:
    console.print(line, soft_wrap=True)
    print_replanned(changed.replanned)


@config_app.command("set")
def set_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="week_start, or RULE.SETTING, e.g. run-days.max_days.")
    ],
    value: Annotated[
        str,
        typer.Argument(
            help="The new value; distances in your units unless the key says _km or _mi."
        ),
    ],
) -> None:
    """Change one threshold; the file is validated first and left alone on error."""
    with workspace(ctx) as ws:
        if key == "week_start":
            changed = set_rules(ws, week_start=value)
        elif key.endswith(".enabled"):
            if value.strip().lower() not in BOOLEANS:
                fail(f"{key} = {value!r} must be true or false")
            rule_id = key.removeprefix("rules.").removesuffix(".enabled")
            changed = set_rules(ws, enabled={rule_id: BOOLEANS[value.strip().lower()]})
        else:
            try:
                number = float(value)
            except ValueError:
                fail(f"{key} = {value!r} must be a number")
            changed = set_rules(ws, values={key: number})
        path = ws.rules_path
    _said(changed, f"Set {key} = {value} in {path}.")


@config_app.command("unset")
def unset_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="week_start, or RULE.SETTING, or RULE for all its settings.")
    ],
) -> None:
    """Go back to the default for one setting (or a whole rule)."""
    with workspace(ctx) as ws:
        changed = unset_setting(ws, key)
    _said(changed, f"{key} is back to its default.")


def profile_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option(help="Your name.")] = None,
    units: Annotated[str | None, typer.Option(help="km or mi.")] = None,
    time_zone: Annotated[str | None, typer.Option(help="IANA zone, e.g. Europe/London.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show or change your name, units and time zone (days and weeks follow your zone)."""
    chosen = None
    if units is not None:
        if units.strip().lower() not in ("km", "mi"):
            fail(f"--units {units!r} must be km or mi")
        chosen = Units(units.strip().lower())
    replanned = None
    with workspace(ctx) as ws:
        if name is not None or chosen is not None or time_zone is not None:
            changed = change_profile(ws, name=name, units=chosen, time_zone=time_zone)
            athlete, replanned = changed.athlete, changed.replanned
        else:
            athlete = ws.athlete()
    if json_out:
        print_json(
            {"name": athlete.name, "units": athlete.units.value, "time_zone": athlete.time_zone}
        )
        return
    console.print(
        f"{athlete.name}: distances in {athlete.units.value}, days in {athlete.time_zone}."
    )
    if replanned is not None:
        print_replanned(replanned)
