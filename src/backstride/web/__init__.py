"""The local web app (`create_app(store_url)`, served by `backstride serve`): one package
per topic, each with its pages and /api routes, its views and its schemas, over the use
cases in `backstride.services`.

`create_app` is loaded on first use, so the command line (which names the server's
defaults) starts without loading the web framework and every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backstride.web.server import WebSettings

if TYPE_CHECKING:
    from backstride.web.app import create_app

__all__ = ["WebSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from backstride.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
