"""Your data: export everything, restore an export into an empty database, delete
everything (behind a typed confirmation)."""

from backstride.web.data.routes import api, pages

__all__ = ["api", "pages"]
