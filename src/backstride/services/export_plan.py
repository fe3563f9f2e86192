"""Send the plan to a calendar (iCalendar, one event a session, stable UIDs so a
re-export updates) and to a watch (a FIT workout per run, one file or zipped)."""

from __future__ import annotations

import io
import zipfile

from backstride.plan.fit import to_fit_workouts
from backstride.plan.ics import to_ics
from backstride.services.show_plan import active_plan
from backstride.services.workspace import Workspace


def plan_calendar(ws: Workspace) -> bytes:
    """The active plan as an .ics file in the runner's time zone; `NoPlan` without one."""
    return to_ics(active_plan(ws), ws.athlete().time_zone)


def plan_workouts(ws: Workspace) -> dict[str, bytes]:
    """Every planned run as a FIT workout, by file name; `NoPlan` without a plan."""
    return to_fit_workouts(active_plan(ws))


def plan_workouts_zip(ws: Workspace) -> bytes:
    """`plan_workouts` in one zip, for a browser download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in sorted(plan_workouts(ws).items()):
            archive.writestr(name, body)
    return buffer.getvalue()
