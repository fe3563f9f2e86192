"""The red-flag screening: the 16 questions, the answers, and a clinician's clearance."""

from backstride.web.screening.routes import api, pages

__all__ = ["api", "pages"]
