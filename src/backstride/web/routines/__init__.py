"""The routines: the list, the step-by-step player, and recording a routine as done."""

from backstride.web.routines.routes import api, pages

__all__ = ["api", "pages"]
