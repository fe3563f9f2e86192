"""The runner's rules config file (TOML): read in one place, written back whole,
validated first, so a mistake leaves the file as it was.

Every problem is a `ConfigError` whose one line names the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from backstride.rules import ConfigError, RulesConfig, load_config
from backstride.rules.config import to_toml


class UnreadableConfig(ConfigError):
    """The file is there but cannot be read (permissions, not UTF-8)."""


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableConfig(f"cannot read the rules config {path}: {exc}") from None


def read_rules_config(path: Path) -> RulesConfig:
    """Every default when there is no file; `ConfigError` naming the file when it cannot
    be used."""
    if not path.exists():
        return RulesConfig()
    text = _text(path)
    try:
        return load_config(text)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def read_rules_document(path: Path) -> dict[str, object]:
    """The file as a TOML document to change ({} when there is none); `ConfigError`
    rather than build on a broken file."""
    if not path.exists():
        return {}
    read_rules_config(path)
    return dict(tomllib.loads(_text(path)))


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
