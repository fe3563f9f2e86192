"""What a runner starting with an empty database is told, on the command line and on the
Welcome page alike: the steps to request their history from Strava and Garmin Connect."""

from __future__ import annotations

from dataclasses import dataclass

from backstride.services.workspace import Workspace


@dataclass(frozen=True)
class ExportSource:
    """Where a runner's history can come from, and the steps to get it."""

    name: str
    steps: tuple[str, ...]


# The Welcome page says the same, with the menu names in bold, then where to drop the zip
# (a test holds the two together).
EXPORT_SOURCES: tuple[ExportSource, ...] = (
    ExportSource(
        "Strava",
        (
            "On strava.com (in a web browser, not the app), open Settings → My Account.",
            "Under Download or Delete Your Account, choose Get Started, then Request Your Archive.",
            "Strava emails you a download link, usually within a few hours. Download the zip "
            "(named like export_12345678.zip).",
        ),
    ),
    ExportSource(
        "Garmin Connect",
        (
            "Sign in at garmin.com and open Account → Data Management → Export Your Data.",
            "Choose Request Data Export. Garmin emails a download link when it is ready: often "
            "within a few days, though Garmin says it can take longer.",
        ),
    ),
)


def is_first_run(ws: Workspace) -> bool:
    """True while the database holds nothing of the runner's (no runs, no diary)."""
    return not ws.store.holds_data()
