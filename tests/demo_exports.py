"""Demo histories written once as Strava exports and shared by every test (and every xdist
worker) that imports one: the SDK's FIT encoder is slow, and the bytes never change."""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from datetime import date
from pathlib import Path

from backstride.demo import demo_runs, write_strava_export

DemoExport = Callable[..., Path]


def exports_in(folder: Path) -> DemoExport:
    """`make(end, weeks=8, seed=7)`: the export of the demo history ending the day before
    `end`, written into `folder` by the first caller (a file lock per export for the others:
    two workers write two different exports at once)."""
    folder.mkdir(parents=True, exist_ok=True)

    def make(end: date, weeks: int = 8, seed: int = 7) -> Path:
        path = folder / f"{end}-{weeks}w-seed{seed}.zip"
        with open(path.with_suffix(".lock"), "w", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                partial = path.with_suffix(".partial")
                write_strava_export(demo_runs(end, weeks=weeks, seed=seed), partial)
                partial.rename(path)
        return path

    return make
