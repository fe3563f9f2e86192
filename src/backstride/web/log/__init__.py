"""Log from the browser what the command line logs: a run without a watch (outdoors or on a
treadmill), the daily check-in, a core, strength or cross-training session; and what was
logged today, each with a delete."""

from backstride.web.log.routes import api, pages

__all__ = ["api", "pages"]
