"""The app factory: FastAPI with server-rendered pages and the JSON API, one package per
topic, and local safety in front of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from backstride import __version__
from backstride.routines import routine_title
from backstride.store import open_store
from backstride.web import (
    activities,
    charts,
    data,
    imports,
    insights,
    log,
    plan,
    routines,
    screening,
    shoes,
    today,
    week,
    welcome,
)
from backstride.web import settings as settings_topic
from backstride.web.errors import install_error_handlers
from backstride.web.security import LocalSafety
from backstride.web.server import WebSettings

HERE = Path(__file__).resolve().parent
# One package per topic, each with its page and API routes, its views and its schemas.
TOPICS = (
    today,
    week,
    plan,
    routines,
    activities,
    charts,
    insights,
    shoes,
    log,
    imports,
    settings_topic,
    screening,
    data,
    welcome,
)


def create_app(store_url: str, settings: WebSettings | None = None) -> FastAPI:
    """The whole web app over the store at `store_url` (opened now, closed at shutdown)."""
    settings = settings or WebSettings(store_url=store_url)
    if settings.store_url != store_url:
        raise ValueError("settings.store_url and store_url differ")
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(
        title="backstride",
        version=__version__,
        summary="Keep running with a bad back: your runs, your shoes and the back-care rules.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the hosted Swagger UI needs a CDN; the document is enough
        redoc_url=None,
        lifespan=lifespan,
    )
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["version"] = __version__
    templates.env.filters["routine_title"] = routine_title
    app.state.settings = settings
    app.state.store = store
    app.state.templates = templates
    install_error_handlers(app)
    for topic in TOPICS:
        app.include_router(topic.api)
        app.include_router(topic.pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(LocalSafety, settings=settings)
    return app
