"""The rules file: every default without it, one line naming it when it cannot be used,
and written back whole and validated first, so a mistake leaves it as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstride.rules import ConfigError, RulesConfig
from backstride.services.rules_file import (
    read_rules_config,
    read_rules_document,
    write_rules_document,
)

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)


def test_no_file_is_every_default(tmp_path: Path) -> None:
    path = tmp_path / "runner.rules.toml"
    assert read_rules_config(path) == RulesConfig()
    assert read_rules_document(path) == {}


def test_a_broken_file_is_one_line_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "runner.rules.toml"
    path.write_text("[rules.run-days]\nmax_days = 'four'\n")
    for read in (read_rules_config, read_rules_document):
        with pytest.raises(ConfigError, match="max_days") as caught:
            read(path)
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    path.write_bytes(b"\xff\xfe not text")
    with pytest.raises(ConfigError, match="cannot read the rules config"):
        read_rules_config(path)


def test_a_document_is_validated_before_it_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "runner.rules.toml"
    config = write_rules_document(
        path, {"week_start": "sunday", "rules": {"core": {"min_sessions": 3}}}
    )
    assert config.first_weekday == 6 and read_rules_config(path) == config
    written = path.read_text()
    with pytest.raises(ConfigError, match="out of range"):
        write_rules_document(path, {"rules": {"core": {"min_sessions": 40}}})
    assert path.read_text() == written
    assert list(tmp_path.iterdir()) == [path], "no partial file is left behind"
