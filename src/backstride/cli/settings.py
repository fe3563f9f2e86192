"""`backstride config` (the rules' thresholds, a TOML file) and `backstride profile`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from backstride.cli.context import (
    console,
    fail,
    opened_store,
    print_json,
    rules_config,
    rules_config_path,
    styled,
)
from backstride.domain import Units
from backstride.rules import REGISTRY, ConfigError
from backstride.rules_file import UnreadableConfig, read_rules_document, write_rules_document
from backstride.training.days import WEEKDAYS
from backstride.units import metres_per_unit

config_app = typer.Typer(
    help="The rules' thresholds for this runner (a TOML file).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
    app.command("profile")(profile_command)


def _read(path: Path) -> dict[str, object]:
    try:
        return read_rules_document(path)
    except UnreadableConfig as exc:
        fail(str(exc))
    except ConfigError as exc:
        fail(f"{path}: {exc}")


def _parse_value(text: str) -> object:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text.strip()


def _write(path: Path, document: dict[str, object]) -> None:
    try:
        write_rules_document(path, document)
    except ConfigError as exc:
        fail(f"{exc} (the file was not changed)")


def _split_key(key: str) -> tuple[str, str]:
    rule_id, _, name = key.removeprefix("rules.").rpartition(".")
    if not rule_id or rule_id not in REGISTRY:
        fail(
            f"unknown setting {key!r}: write week_start or RULE.SETTING, such as "
            "weekly-ramp.max_increase_mi (see `backstride config show`)"
        )
    return rule_id, name


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
    config = rules_config(ctx)
    with opened_store(ctx) as store:
        units = store.athlete().units
    rules = []
    for rule in REGISTRY:
        params = config.params(rule)
        rules.append(
            {
                "rule": rule.id,
                "title": rule.title,
                "enabled": config.enabled(rule),
                "severity": rule.severity.value,
                "params": {
                    p.key: {
                        "value": params[p.key],
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
        )
    if json_out:
        print_json({"week_start": WEEKDAYS[config.first_weekday], "rules": rules})
        return
    console.print(
        f"config file: {rules_config_path(ctx)}\nweek_start = {WEEKDAYS[config.first_weekday]}"
    )
    factor = metres_per_unit(units)
    for rule, shown in zip(REGISTRY, rules, strict=True):
        state = "" if shown["enabled"] else " [dim](disabled)[/]"
        console.print(
            styled(
                f"\n[bold]{rule.id}[/]{state}: {escape(rule.title)} "
                f"[dim]({rule.strength.value}; {escape(rule.source)})[/]"
            ),
            soft_wrap=True,
        )
        params = config.params(rule)
        for p in rule.params:
            if p.distance:
                console.print(
                    f"  {p.name}_{units.value} = {params[p.key] / factor:g} "
                    f"(range {p.low / factor:.2f}-{p.high / factor:.2f}) — {p.help}"
                )
            else:
                console.print(
                    f"  {p.name} = {params[p.key]:g} (range {p.low:g}-{p.high:g}) — {p.help}"
                )


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
    path = rules_config_path(ctx)
    document = _read(path)
    if key == "week_start":
        if value.strip().lower() not in WEEKDAYS:
            fail(f"week_start {value!r} must be a day name such as monday")
        document["week_start"] = value.strip().lower()
    else:
        rule_id, name = _split_key(key)
        rules = document.setdefault("rules", {})
        assert isinstance(rules, dict)
        table = rules.setdefault(rule_id, {})
        distance = next(
            (
                p
                for p in REGISTRY[rule_id].params
                if p.distance and name in (p.name, f"{p.name}_m", f"{p.name}_km", f"{p.name}_mi")
            ),
            None,
        )
        if distance is not None:
            for suffix in ("_m", "_km", "_mi"):
                table.pop(distance.name + suffix, None)
            if name == distance.name:
                with opened_store(ctx) as store:
                    name = f"{distance.name}_{store.athlete().units.value}"
        table[name] = _parse_value(value)
    _write(path, document)
    console.print(f"Set {key} = {value} in {path}.")


@config_app.command("unset")
def unset_command(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="week_start, or RULE.SETTING, or RULE for all its settings.")
    ],
) -> None:
    """Go back to the default for one setting (or a whole rule)."""
    path = rules_config_path(ctx)
    document = _read(path)
    if key == "week_start":
        document.pop("week_start", None)
    else:
        rules = document.get("rules", {})
        assert isinstance(rules, dict)
        if key.removeprefix("rules.") in rules:
            rules.pop(key.removeprefix("rules."))
        else:
            rule_id, name = _split_key(key)
            table = rules.get(rule_id, {})
            for variant in (name, f"{name}_m", f"{name}_km", f"{name}_mi"):
                table.pop(variant, None)
    _write(path, document)
    console.print(f"{key} is back to its default.")


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
    with opened_store(ctx) as store:
        if name is not None or chosen is not None or time_zone is not None:
            athlete = store.update_athlete(name=name, units=chosen, time_zone=time_zone)
        else:
            athlete = store.athlete()
    if json_out:
        print_json(
            {"name": athlete.name, "units": athlete.units.value, "time_zone": athlete.time_zone}
        )
        return
    console.print(
        f"{athlete.name}: distances in {athlete.units.value}, days in {athlete.time_zone}."
    )
