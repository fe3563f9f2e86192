"""The runner's rules config for the web: the same TOML file and validation as
`backstride config set` (`store.location.config_path`, `rules.load_config`).

A change is written whole: the new document is validated with `load_config`
first and the file is left alone on error (a `ConfigError`, one clear line).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from backstride.cli.settings import to_toml
from backstride.domain.activity import Units
from backstride.rules import REGISTRY, ConfigError, RulesConfig, load_config
from backstride.store.location import config_path
from backstride.training.days import WEEKDAYS
from backstride.units import metres_per_unit


def rules_config_file(store_url: str) -> Path:
    return config_path(store_url)


def read_rules_config(path: Path) -> RulesConfig:
    """Every default when there is no file; `ConfigError` when it cannot be used."""
    if not path.exists():
        return RulesConfig()
    try:
        return load_config(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the rules config {path}: {exc}") from None


@dataclass(frozen=True)
class ParamView:
    """One threshold as the runner edits it: in their units, with its range and note."""

    rule: str
    field: str  # the form field and API key: "<rule>.<config key>"
    key: str  # the config-file key, e.g. max_increase_km
    label: str
    value: float
    default: float
    low: float
    high: float
    step: float  # 1 for whole numbers, 0 for any
    unit: str
    note: str


@dataclass(frozen=True)
class RuleSettingsView:
    rule: str
    title: str
    enabled: bool
    note: str
    source: str
    strength: str
    params: tuple[ParamView, ...]


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def settings_views(config: RulesConfig, units: Units) -> list[RuleSettingsView]:
    """Every rule with its thresholds as they apply now, in the runner's units."""
    factor = metres_per_unit(units)
    out = []
    for rule in REGISTRY:
        params = config.params(rule)
        shown = []
        for p in rule.params:
            scale = factor if p.distance else 1.0
            key = f"{p.name}_{units.value}" if p.distance else p.name
            step = 1.0 if p.integer else 0.0  # 0: any value in the range
            shown.append(
                ParamView(
                    rule=rule.id,
                    field=f"{rule.id}.{key}",
                    key=key,
                    label=p.name.replace("_", " "),
                    value=_round(params[p.key] / scale),
                    default=_round(p.default / scale),
                    low=_round(p.low / scale),
                    high=_round(p.high / scale),
                    step=step,
                    unit=units.value if p.distance else "",
                    note=p.help,
                )
            )
        out.append(
            RuleSettingsView(
                rule=rule.id,
                title=rule.title,
                enabled=config.enabled(rule),
                note=rule.note,
                source=rule.source,
                strength=rule.strength.value,
                params=tuple(shown),
            )
        )
    return out


def _document(path: Path) -> dict[str, object]:
    if not path.exists():
        return {}
    read_rules_config(path)  # refuse to build on a broken file
    return dict(tomllib.loads(path.read_text(encoding="utf-8")))


def write_rules_config(
    path: Path,
    *,
    week_start: str | None,
    values: Mapping[str, float],
    enabled: Mapping[str, bool] | None = None,
) -> RulesConfig:
    """Set week_start and thresholds (`{"rule.key": value}`, distance keys with _km/_mi);
    validate the whole file, then replace it atomically. Returns the new config."""
    document = _document(path)
    if week_start is not None:
        day = week_start.strip().lower()
        if day not in WEEKDAYS:
            raise ConfigError(f'config: week_start = "{week_start}" must be a day name')
        document["week_start"] = day
    rules = document.setdefault("rules", {})
    assert isinstance(rules, dict)
    for name, value in values.items():
        rule_id, _, key = name.rpartition(".")
        if rule_id not in REGISTRY:
            raise ConfigError(f"config: unknown setting {name}; write RULE.SETTING")
        table = rules.setdefault(rule_id, {})
        distance = next(
            (p for p in REGISTRY[rule_id].params if p.distance and key.startswith(p.name + "_")),
            None,
        )
        if distance is not None:  # one unit per distance: drop the others
            for suffix in ("_m", "_km", "_mi"):
                table.pop(distance.name + suffix, None)
        table[key] = value
    for rule_id, on in (enabled or {}).items():
        if rule_id not in REGISTRY:
            raise ConfigError(f"config: unknown rule {rule_id}")
        table = rules.setdefault(rule_id, {})
        if on:
            table.pop("enabled", None)
        else:
            table["enabled"] = False
    text = to_toml(document)
    config = load_config(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return config


def week_start_name(config: RulesConfig) -> str:
    return WEEKDAYS[config.first_weekday]
