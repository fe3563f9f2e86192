"""The local web app: `create_app(store_url)` and `backstride serve`."""

from backstride.web.app import create_app
from backstride.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
