"""The week: its figures and every rule's state, and a page per rule."""

from backstride.web.week.routes import api, pages

__all__ = ["api", "pages"]
