"""The per-runner rules config (TOML): validated, with one clear line per mistake.

week_start = "monday"

[rules.weekly-ramp]
max_increase_mi = 2        # or max_increase_km = 3.2
strong_increase_pct = 30

[rules.acwr]
enabled = false
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field

from backstride.rules.base import REGISTRY, Param, Registry, Rule
from backstride.training.days import WEEKDAYS
from backstride.units import METRES_PER_MILE

DISTANCE_UNITS: dict[str, float] = {"m": 1.0, "km": 1000.0, "mi": METRES_PER_MILE}
TOP_LEVEL = ("week_start", "rules")


class ConfigError(ValueError):
    """A config file that cannot be used; the message is one line that says how to fix it."""


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    params: Mapping[str, float]


@dataclass(frozen=True)
class RulesConfig:
    """Thresholds per rule (SI) and the first day of the week (0 = Monday)."""

    first_weekday: int = 0
    rules: Mapping[str, RuleSettings] = field(default_factory=dict)

    def enabled(self, rule: Rule) -> bool:
        if rule.always_on:
            return True
        settings = self.rules.get(rule.id)
        return settings.enabled if settings else True

    def params(self, rule: Rule) -> dict[str, float]:
        values = rule.defaults()
        settings = self.rules.get(rule.id)
        if settings:
            values.update(settings.params)
        return values


def _fmt(value: float) -> str:
    return f"{value:g}"


def _param_for(rule: Rule, key: str) -> tuple[Param, float] | None:
    """The parameter a config key sets, and the factor that turns its value into SI."""
    for param in rule.params:
        if not param.distance and key == param.name:
            return param, 1.0
        if param.distance:
            for unit, factor in DISTANCE_UNITS.items():
                if key == f"{param.name}_{unit}":
                    return param, factor
    return None


def _allowed_keys(rule: Rule) -> str:
    keys = ["enabled"]
    for p in rule.params:
        keys.append(f"{p.name}_km|_mi" if p.distance else p.name)
    return ", ".join(keys)


def _rule_settings(rule: Rule, table: object) -> RuleSettings:
    where = f"rules.{rule.id}"
    if not isinstance(table, dict):
        raise ConfigError(f"config: [{where}] must be a table of settings")
    enabled = True
    params: dict[str, float] = {}
    for key, raw in table.items():
        name = f"{where}.{key}"
        if key == "enabled":
            if not isinstance(raw, bool):
                raise ConfigError(f"config: {name} = {raw!r} must be true or false")
            if rule.always_on and not raw:
                raise ConfigError(
                    f"config: {where} cannot be switched off: answer its questions, and "
                    "record a clinician's clearance to clear a yes"
                )
            enabled = raw
            continue
        found = _param_for(rule, key)
        if found is None:
            raise ConfigError(f"config: unknown setting {name}; allowed: {_allowed_keys(rule)}")
        param, factor = found
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ConfigError(f"config: {name} = {raw!r} must be a number")
        if param.integer and not float(raw).is_integer():
            raise ConfigError(f"config: {name} = {raw!r} must be a whole number")
        if param.key in params:
            raise ConfigError(f"config: {name} sets {param.name} a second time")
        value = float(raw) * factor
        low, high = param.low / factor, param.high / factor
        if not param.low - 1e-9 <= value <= param.high + 1e-9:
            unit = key.rsplit("_", 1)[1] if param.distance else ""
            suffix = f" {unit}" if unit else ""
            raise ConfigError(
                f"config: {name} = {_fmt(raw)} is out of range; allowed "
                f"{_fmt(round(low, 2))}-{_fmt(round(high, 2))}{suffix}"
            )
        params[param.key] = value
    if rule.check_params is not None:
        merged = {**rule.defaults(), **params}
        problem = rule.check_params(merged)
        if problem:
            raise ConfigError(f"config: [{where}] {problem}")
    return RuleSettings(enabled, params)


def load_config(toml_text: str, registry: Registry = REGISTRY) -> RulesConfig:
    """Parse and validate a rules config; raise ConfigError with one clear line."""
    try:
        document = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config: not valid TOML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise ConfigError("config: not usable: its tables or lists are nested too deeply") from None
    for key in document:
        if key not in TOP_LEVEL:
            raise ConfigError(f"config: unknown setting {key!r}; allowed: {', '.join(TOP_LEVEL)}")
    first_weekday = 0
    if "week_start" in document:
        day = document["week_start"]
        if not isinstance(day, str) or day.lower() not in WEEKDAYS:
            raise ConfigError(f'config: week_start = {day!r} must be a day name such as "monday"')
        first_weekday = WEEKDAYS.index(day.lower())
    rules_table = document.get("rules", {})
    if not isinstance(rules_table, dict):
        raise ConfigError("config: rules must be a table such as [rules.weekly-ramp]")
    settings: dict[str, RuleSettings] = {}
    for rule_id, table in rules_table.items():
        if rule_id not in registry:
            raise ConfigError(
                f"config: unknown rule [rules.{rule_id}]; known rules: {', '.join(registry.ids())}"
            )
        settings[rule_id] = _rule_settings(registry[rule_id], table)
    return RulesConfig(first_weekday, settings)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_toml(document: Mapping[str, object]) -> str:
    """Write a config document back: week_start, then one [rules.ID] table per rule."""
    lines = ["# backstride rules config: see `backstride config show`"]
    if "week_start" in document:
        lines.append(f"week_start = {_toml_value(document['week_start'])}")
    rules = document.get("rules", {})
    assert isinstance(rules, dict)
    for rule_id, table in rules.items():
        if not table:
            continue
        lines += ["", f"[rules.{rule_id}]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in table.items()]
    return "\n".join(lines) + "\n"
