"""What routes depend on, as `Annotated` aliases: the settings, the store, the athlete,
today's date, the runner's workspace (what every use case works on), and the checked
form of a page post."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from starlette.datastructures import FormData

from backstride import clock
from backstride.domain.activity import Athlete
from backstride.services.history import history_cache
from backstride.services.workspace import Workspace
from backstride.store import Store
from backstride.web.errors import ApiError
from backstride.web.security import CSRF_FIELD, CSRF_HEADER
from backstride.web.server import WebSettings


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


SettingsDep = Annotated[WebSettings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]


def get_athlete(store: StoreDep) -> Athlete:
    return store.athlete()


AthleteDep = Annotated[Athlete, Depends(get_athlete)]


def get_zone(athlete: AthleteDep) -> ZoneInfo:
    return ZoneInfo(athlete.time_zone)


ZoneDep = Annotated[ZoneInfo, Depends(get_zone)]


def get_today(zone: ZoneDep) -> date:
    """Today in the runner's time zone: the one place the web app reads the clock."""
    return clock.today(zone)


TodayDep = Annotated[date, Depends(get_today)]


def get_workspace(store: StoreDep, today: TodayDep) -> Workspace:
    """The runner's workspace for one request: the app's history cache, today pinned."""
    return Workspace.of(store, histories=history_cache(store), today=today)


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]


def get_csrf_token(request: Request) -> str:
    token: str = request.state.csrf_token
    return token


CsrfTokenDep = Annotated[str, Depends(get_csrf_token)]


def _token_matches(request: Request, given: str | None) -> bool:
    expected = get_csrf_token(request)
    return (
        bool(given)
        and bool(request.state.csrf_cookie_sent)
        and secrets.compare_digest(str(given), expected)
    )


async def checked_form(request: Request) -> FormData:
    """A page form, refused unless it carries this session's token."""
    form = await request.form()
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not _token_matches(request, given):
        raise ApiError(
            403,
            "csrf",
            "this form has expired or came from another site: reload the page and try again",
        )
    return form


CheckedFormDep = Annotated[FormData, Depends(checked_form)]


def checked_token_header(request: Request) -> None:
    """For API writes from our own pages: the session's token in a header, always (the
    middleware checks every /api write the same way; this keeps a route safe wherever it
    is mounted)."""
    given = request.headers.get(CSRF_HEADER)
    if given is None or not _token_matches(request, given):
        raise ApiError(
            403, "csrf", "the session token is missing or does not match: reload the page"
        )
