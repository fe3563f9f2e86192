"""The edge between the runner's rules config file and `rules.config`: read it, and
write it back whole, validated first, so a mistake leaves the file as it was.

`backstride config set|unset` and the web settings page both write through here;
every problem is a `ConfigError` (one clear line), never an exit.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from backstride.rules import REGISTRY, ConfigError, RulesConfig, load_config
from backstride.rules.config import to_toml
from backstride.training.days import WEEKDAYS


class UnreadableConfig(ConfigError):
    """The file is there but cannot be read (permissions, not UTF-8)."""


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableConfig(f"cannot read the rules config {path}: {exc}") from None


def read_rules_config(path: Path) -> RulesConfig:
    """Every default when there is no file; `ConfigError` when it cannot be used."""
    if not path.exists():
        return RulesConfig()
    return load_config(_text(path))


def read_rules_document(path: Path) -> dict[str, object]:
    """The file as a TOML document to change ({} when there is none); `ConfigError`
    (`UnreadableConfig` when it cannot be read) rather than build on a broken file."""
    if not path.exists():
        return {}
    text = _text(path)
    load_config(text)
    return dict(tomllib.loads(text))


def write_rules_document(path: Path, document: Mapping[str, object]) -> RulesConfig:
    """Validate the whole document, then replace the file atomically; `ConfigError`
    (the file untouched) when it does not validate. Returns the new config."""
    text = to_toml(document)
    config = load_config(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return config


def write_rules_config(
    path: Path,
    *,
    week_start: str | None,
    values: Mapping[str, float],
    enabled: Mapping[str, bool] | None = None,
) -> RulesConfig:
    """Set week_start and thresholds (`{"rule.key": value}`, distance keys with _km/_mi);
    validate the whole file, then replace it atomically. Returns the new config."""
    document = read_rules_document(path)
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
    return write_rules_document(path, document)
