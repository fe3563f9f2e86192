"""Every file the package reads at run time is declared, so a wheel serves the same app.

`make demo` installs in editable mode, which reads the source tree; a wheel holds only
the `.py` files and the package-data globs in pyproject.toml. A template, stylesheet,
routine or migration missing from those globs would work here and fail for a runner
who installs the wheel.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

pytestmark = pytest.mark.clock_free  # never reads the clock (conftest checks)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "backstride"


def _globs() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs: list[str] = config["tool"]["setuptools"]["package-data"]["backstride"]
    return globs


def _data_files() -> list[str]:
    return sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    )


def test_every_data_file_in_the_package_is_declared() -> None:
    files = _data_files()
    assert {"web/templates/today.html", "web/static/style.css", "routines/warm-up.toml"} <= set(
        files
    )
    missing = [f for f in files if not any(fnmatch(f, g) for g in _globs())]
    assert missing == []


def test_every_declared_glob_matches_a_file() -> None:
    files = _data_files() + [
        p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.is_file()
    ]
    unmatched = [g for g in _globs() if not any(fnmatch(f, g) for f in files)]
    assert unmatched == []
