"""An import's report in JSON."""

from __future__ import annotations

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

    @classmethod
    def of(cls, imported: Imported) -> ImportReportOut:
        return cls.model_validate(
            {
                **imported.report.as_dict(),
                "plan_changes": changes_out(imported.replanned.changes),
            }
        )
