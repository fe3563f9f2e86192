"""Import: uploaded files and export zips through the same importer as `backstride import`."""

from backstride.web.imports.routes import api, pages

__all__ = ["api", "pages"]
