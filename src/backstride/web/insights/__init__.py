"""Insights: what went with the runner's worse back days, cadence and form, and the
clinician report to download."""

from backstride.web.insights.routes import api, pages

__all__ = ["api", "pages"]
