"""The runner's rules config for the web: the same TOML file, read and written through
`backstride.rules_file` as `backstride config set` does (validated whole first, the
file left alone on error: a `ConfigError`, one clear line), and its view per rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backstride.domain.activity import Units
from backstride.rules import REGISTRY, RulesConfig
from backstride.store.location import config_path
from backstride.training.days import WEEKDAYS
from backstride.units import metres_per_unit


def rules_config_file(store_url: str) -> Path:
    return config_path(store_url)


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


def week_start_name(config: RulesConfig) -> str:
    return WEEKDAYS[config.first_weekday]
