"""The report as PDF: the HTML printed by WeasyPrint (A4, black and white friendly)."""

from __future__ import annotations

import logging

from backstride.report.html import render_html
from backstride.report.model import ReportDocument


def render_pdf(doc: ReportDocument) -> bytes:
    """The report as PDF bytes. Nothing is fetched: the HTML holds its CSS and charts."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    # WeasyPrint logs every CSS property it does not know at warning level; the report's
    # CSS is ours and checked by the tests, so those lines would only be noise.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=render_html(doc), base_url=None).write_pdf()
    return pdf
