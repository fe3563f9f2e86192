"""The report as HTML (one self-contained page: inline CSS and SVG, no fonts or images
fetched), in the runner's units and words. `render_pdf` prints it."""

from __future__ import annotations

import math
from datetime import date, datetime

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from backstride.report.charts import load_chart, pain_chart
from backstride.report.model import ReportDocument
from backstride.units import format_distance

NOTABLE_FROM = 6.0  # pain reports from this score up are listed one by one
MOST_ROWS = 12  # the longest the lists of reports, changes and notes get
MOST_FORM_WEEKS = 8  # weeks with cues: where cadence dropped first, then the latest others
OUTCOME_WORDS = {"next-morning": "next morning", "after-run": "after the run"}


def _day(value: date | None) -> str:
    return "-" if value is None else f"{value.day} {value:%b %Y}"


def _moment(value: datetime) -> str:
    return f"{value.day} {value:%b %Y %H:%M}"


def _score(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.1f}".removesuffix(".0")


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}".replace("-", "−")


@pass_context
def _dist(context: Context, metres: float, digits: int = 1) -> str:
    """A distance in the report's units."""
    doc: ReportDocument = context["doc"]
    return format_distance(metres, doc.units, digits)


def _css(text: str) -> str:
    """Text for a CSS string (the page footer): no quotes or backslashes to break out."""
    return text.replace("\\", "").replace('"', "'").replace("\n", " ")


_ENV = Environment(
    loader=PackageLoader("backstride.report", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(day=_day, moment=_moment, score=_score, signed=_signed, css=_css, dist=_dist)
_ENV.filters["g"] = lambda value: f"{value:g}"


def render_html(doc: ReportDocument) -> str:
    """The whole report as one HTML document."""
    units = doc.units
    notable = [p for p in doc.pain if p.radiating or p.score >= NOTABLE_FROM]
    band_period = {b.index: 0 for b in doc.insights.cadence.bands}
    for run in doc.insights.cadence.runs:
        if run.band in band_period:
            band_period[run.band] += 1
    form = doc.insights.cadence.form_weeks
    dropped = [w for w in form if w.cadence_dropped][-MOST_FORM_WEEKS:]
    rose = [w for w in form if not w.cadence_dropped]
    room = MOST_FORM_WEEKS - len(dropped)
    form_weeks = sorted(dropped + (rose[-room:] if room else []), key=lambda w: w.week_start)
    template = _ENV.get_template("report.html")
    return template.render(
        doc=doc,
        load_svg=Markup(load_chart(doc.weeks, units, doc.usual_pain)),
        pain_svg=Markup(pain_chart(doc.pain, doc.since, doc.until)),
        radiating=sum(p.radiating for p in doc.pain),
        notable=notable[-MOST_ROWS:],
        notable_more=max(0, len(notable) - MOST_ROWS),
        notable_from=f"{NOTABLE_FROM:g}",
        compared=sum(i.enough_data for i in doc.insights.all()),
        outcome_words=OUTCOME_WORDS,
        band_period=band_period,
        form_weeks=form_weeks,
        changes=doc.changes[-MOST_ROWS:],
        changes_more=max(0, len(doc.changes) - MOST_ROWS),
        notes=doc.notes[-MOST_ROWS:],
        notes_more=max(0, len(doc.notes) - MOST_ROWS),
    )
