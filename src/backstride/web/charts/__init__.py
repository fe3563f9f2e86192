"""Charts: weekly distance, pain against distance, and the load information; drawn as
server-side SVG (`svg.py`, also used by the activity pages)."""

from backstride.web.charts.routes import api, pages

__all__ = ["api", "pages"]
