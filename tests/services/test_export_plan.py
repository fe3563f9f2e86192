"""The plan's exports are the same from either shell: the calendar file `plan export
--ics` writes is the one the Plan page downloads, and so are the watch workouts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from clitools import ok
from shells import Twins


def test_the_calendar_and_the_workouts_are_the_same_in_both_shells(
    twins: Twins, tmp_path: Path
) -> None:
    ics, folder = tmp_path / "plan.ics", tmp_path / "watch"
    ok(twins.web_db, "plan", "export", "--ics", str(ics), "--fit", str(folder))
    assert twins.web.get("/plan/backstride-plan.ics").content == ics.read_bytes()
    assert twins.web.get("/api/plan/ics").content == ics.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(twins.web.get("/api/plan/fit.zip").content))
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert files and {n: archive.read(n) for n in archive.namelist()} == files
