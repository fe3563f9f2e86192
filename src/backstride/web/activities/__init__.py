"""Activities: the list, each activity with its charts, and its samples."""

from backstride.web.activities.routes import api, pages

__all__ = ["api", "pages"]
