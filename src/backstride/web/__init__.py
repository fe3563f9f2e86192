"""The local web app (`create_app(store_url)`, served by `backstride serve`): one package
per topic, each with its pages and /api routes, its views and its schemas, over the use
cases in `backstride.services`."""

from backstride.web.app import create_app
from backstride.web.server import WebSettings

__all__ = ["WebSettings", "create_app"]
