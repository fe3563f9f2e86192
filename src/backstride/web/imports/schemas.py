"""An import's report in JSON."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from backstride.services.import_files import Imported
from backstride.services.show_plan import PlanChangeOut, changes_out


class ImportReportOut(BaseModel):
    imported: int
    merged: int
    duplicates: int
    skipped: int
    failed: list[str]
    warnings: list[str]
    interrupted: bool
    deleted: int = 0  # files of activities the runner deleted, kept out
    plan_changes: list[PlanChangeOut]
    first_day: dt.date | None = None  # of the activities this import stored
    last_day: dt.date | None = None
    activities_url: str | None = None  # the page listing them
    weeks_url: str | None = None  # the week of the latest

    @classmethod
    def of(cls, imported: Imported) -> ImportReportOut:
        return cls.model_validate(
            {
                **imported.report.as_dict(),
                "plan_changes": changes_out(imported.replanned.changes),
                **links(imported),
            }
        )


def links(imported: Imported) -> dict[str, object]:
    """Where to see what was imported: the activities of its span, the latest week."""
    span = imported.span
    if span is None:
        return {}
    first, last = span
    return {
        "first_day": first,
        "last_day": last,
        "activities_url": f"/activities?since={first}&until={last}",
        "weeks_url": f"/week?day={last}",
    }
