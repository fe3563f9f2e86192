"""What a worker process and the console script load before they work: the import's worker
pool starts in a quarter of a second only while the worker's module and the console
script's package stay free of the database, the web app and the statistics stack (every
worker re-imports the main script, which imports `backstride.cli`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.clock_free

HEAVY = ("sqlalchemy", "alembic", "fastapi", "starlette", "typer", "scipy", "statsmodels")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {name.split(".")[0] for name in out.split()} | set(out.split())


@pytest.mark.parametrize(
    "statement",
    [
        "import backstride.ingest.prepare",
        "import backstride.ingest.fit.decoder, backstride.ingest.gpx, backstride.ingest.tcx",
        "import backstride.cli",
    ],
)
def test_worker_and_console_script_modules_load_nothing_heavy(statement: str) -> None:
    loaded = _loaded_after(statement)
    assert not loaded & set(HEAVY)
    assert "backstride.store" not in loaded
    assert "backstride.web.app" not in loaded


def test_the_command_line_loads_the_web_app_and_statistics_only_when_asked() -> None:
    loaded = _loaded_after("import backstride.cli.app")
    assert "typer" in loaded  # the test can see what a module loads
    assert "backstride.web.app" not in loaded
    assert "scipy" not in loaded and "statsmodels" not in loaded
