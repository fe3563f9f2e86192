"""Shoes and other gear: how far each pair has gone and when to replace it."""

from backstride.web.shoes.routes import api, pages

__all__ = ["api", "pages"]
