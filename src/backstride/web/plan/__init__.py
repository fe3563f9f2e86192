"""The plan: its calendar, why each day changed, the downloads, and a new plan from a goal."""

from backstride.web.plan.routes import api, pages

__all__ = ["api", "pages"]
