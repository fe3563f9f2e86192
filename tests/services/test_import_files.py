"""Importing files: `backstride import` and an upload store the same activities and both
re-plan after the import (the web's imports did not)."""

from __future__ import annotations

from demo_exports import DemoExport
from shells import Twins

from backstride import clock


def test_an_upload_and_the_command_line_import_the_same_and_both_re_plan(
    twins: Twins, demo_export: DemoExport
) -> None:
    export = demo_export(clock.today("UTC"), weeks=1, seed=3)
    twins.pain_behind_the_back(7)
    out = twins.cli("import", "--quiet", "--workers", "1", str(export))
    files = [("files", (export.name, export.read_bytes(), "application/zip"))]
    report = twins.api("POST", "/api/imports", files=files).json()
    assert "Plan re-planned" in out and "pain-during" in out
    assert report["imported"] >= 1 and report["plan_changes"], "the upload re-planned"
    cli, web = twins.snapshots()
    assert cli == web
    assert any(c.rule == "pain-during" for c in cli["plan"].changes)
