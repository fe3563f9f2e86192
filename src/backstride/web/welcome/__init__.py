"""The first start: about you (name, units, time zone, week start), the red-flag questions,
then your history (how to get a Strava or Garmin export, and where to drop it)."""

from backstride.web.welcome.routes import api, pages

__all__ = ["api", "pages"]
