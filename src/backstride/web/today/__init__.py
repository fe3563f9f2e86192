"""Today: may I run today and how, what is planned, and the three-tap pain check-in."""

from backstride.web.today.routes import api, pages

__all__ = ["api", "pages"]
