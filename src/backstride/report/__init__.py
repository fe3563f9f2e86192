"""The clinician report: a printable account of a period for a physiotherapist or doctor.

`build(history, config, since, until, generated_on=...)` is pure and returns a
`ReportDocument` (`to_json()` for JSON); `render_html` and `render_pdf` print it;
`services.insights.report` reads everything from the runner's workspace and builds it.
"""

from backstride.report.build import build
from backstride.report.html import render_html
from backstride.report.model import NOT_A_DIAGNOSIS, ReportDocument
from backstride.report.pdf import render_pdf

__all__ = ["NOT_A_DIAGNOSIS", "ReportDocument", "build", "render_html", "render_pdf"]
