"""Settings: units and time zone, the week start and every rule's thresholds."""

from backstride.web.settings.routes import api, pages

__all__ = ["api", "pages"]
