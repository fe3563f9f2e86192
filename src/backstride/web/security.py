"""Local safety, as one ASGI middleware in front of everything.

- A request must name a host we serve (loopback or the configured host): a web
  page on another site cannot reach this server by DNS rebinding.
- A state-changing request (POST, PUT, PATCH, DELETE) must come from this
  origin: `Sec-Fetch-Site` and `Origin`, when the browser sends them, must say so.
  Page forms also carry a per-session token (see `deps.checked_form`).
- An API write (/api/...) must carry the session's token in the X-CSRF-Token header, as
  the app's own scripts send it: a cross-site form can send neither the header nor the
  cookie's value. Its body, if any, must be JSON or a multipart upload (never text/plain).
- A request body larger than the upload limit is refused before it is read.
- Every answer, refusals included, carries the same security headers.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException

from backstride.web.errors import error_body, wants_json
from backstride.web.server import WebSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "backstride_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# What an API write's body may be: JSON, or files uploaded as a browser's FormData sends them.
API_BODY_TYPES = frozenset({"application/json", "multipart/form-data"})
SAME_SITE_FETCH = frozenset({"same-origin", "none"})
# Scripts only from this server; no framing (clickjacking); no referrer to other sites.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


def host_name(host: str) -> str:
    """The name part of a Host header, lower case: '[::1]:8000' -> '[::1]'."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[: end + 1] if end > 0 else host
    return host.split(":", 1)[0]


def _valid_port(host: str) -> bool:
    name = host_name(host)
    rest = host.strip()[len(name) :]
    if not rest:
        return True
    return rest.startswith(":") and rest[1:].isdigit() and 0 < int(rest[1:]) < 65536


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    return bool(host) and host_name(host) in allowed and _valid_port(host)


def cross_site_reason(headers: dict[str, str], host: str) -> str | None:
    """Why a state-changing request looks cross-site, or None when it does not."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in SAME_SITE_FETCH:
        return f"a {fetch_site} request cannot change anything here"
    origin = headers.get("origin")
    if origin is not None:
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc.lower() != host.lower():
            return "a request from another site cannot change anything here"
    return None


def api_write_problem(
    headers: dict[str, str], session_token: str | None
) -> tuple[int, str, str] | None:
    """Why an API write is refused (status, code, message), or None when it may go on."""
    given = headers.get(CSRF_HEADER, "")
    if not given or session_token is None or not secrets.compare_digest(given, session_token):
        return (
            403,
            "csrf",
            "an API write needs this session's token in the X-CSRF-Token header "
            "(the app's pages send it): reload the page and try again",
        )
    has_body = headers.get("content-length", "0") not in ("", "0") or (
        "transfer-encoding" in headers
    )
    media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if has_body and media not in API_BODY_TYPES:
        return (
            415,
            "unsupported-media-type",
            f"send the body as application/json (not {media or 'no content type'})",
        )
    return None


def size_text(n_bytes: int) -> str:
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.0f} MB"
    return f"{max(1, round(n_bytes / 1024))} KB"


def _token_from_cookie(raw: str) -> str | None:
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(raw)
    except Exception:
        return None
    morsel = cookie.get(CSRF_COOKIE)
    if morsel is None:
        return None
    value = morsel.value
    return value if 20 <= len(value) <= 100 and value.isascii() else None


def _headers(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        out.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
    return out


async def _refuse(send: Send, path: str, status: int, code: str, message: str) -> None:
    if wants_json(path):
        body = json.dumps(error_body(code, message)).encode()
        kind = b"application/json"
    else:
        body = (
            "<!doctype html><meta charset=utf-8><title>Refused</title>"
            f"<h1>Refused</h1><p>{message}</p>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LocalSafety:
    """Host check, cross-site check, CSRF cookie and body size limit for every request."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.allowed = settings.allowed_host_names()
        self.max_body = settings.max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        headers = _headers(scope)
        host = headers.get("host", "")
        if not host_allowed(host, self.allowed):
            await _refuse(
                send,
                path,
                400,
                "bad-host",
                "unexpected Host header: open backstride at http://127.0.0.1 or http://localhost",
            )
            return
        token = _token_from_cookie(headers.get("cookie", ""))
        if scope.get("method", "GET") in UNSAFE_METHODS:
            reason = cross_site_reason(headers, host)
            if reason is not None:
                await _refuse(send, path, 403, "cross-site", reason)
                return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_body:
                await _refuse(send, path, 413, "too-large", self._too_large())
                return
            if wants_json(path) and (problem := api_write_problem(headers, token)) is not None:
                await _refuse(send, path, *problem)
                return
            receive = self._limited(receive)
        fresh = token is None
        session_token = token or secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["csrf_token"] = session_token
        state["csrf_cookie_sent"] = not fresh

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(SECURITY_HEADERS)
                if fresh:
                    cookie = f"{CSRF_COOKIE}={session_token}; Path=/; HttpOnly; SameSite=Strict"
                    extra.append((b"set-cookie", cookie.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _too_large(self) -> str:
        return (
            f"the upload is larger than {size_text(self.max_body)}: "
            "import it with `backstride import` instead"
        )

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # An HTTPException, so the body parser passes it on unchanged.
                    raise HTTPException(413, self._too_large())
            return message

        return counted
