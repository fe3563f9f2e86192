"""Every error becomes a response here, in one place.

/api answers `{"error": {"code", "message", "field"?}}`; pages answer an HTML
page that says what went wrong and what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.templating import Jinja2Templates

from backstride.rules import ConfigError
from backstride.services.errors import Invalid, NotFound
from backstride.services.show_plan import NoPlan
from backstride.store import InputError, StoreError

log = logging.getLogger("backstride.web")

STATUS_CODES: dict[int, str] = {
    400: "bad-request",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "too-large",
    415: "unsupported-media-type",
    422: "invalid",
    500: "internal",
}
TITLES: dict[int, str] = {
    400: "That request could not be used",
    403: "Refused",
    404: "Not found",
    405: "Not allowed",
    413: "Too large",
    422: "Please check what you entered",
    500: "Something went wrong",
}


# What to do next after a refusal about these, said the web's way (the CLI says its own).
NO_PLAN_HINT = "make one from a goal on the Plan page"


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable code, e.g. invalid, not-found, csrf, too-large")
    message: str = Field(description="One line: what is wrong and how to fix it")
    field: str | None = Field(None, description="The parameter or field at fault, if one")


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Bad request or unexpected Host header"),
        (403, "Cross-site request refused"),
        (404, "Not found"),
        (413, "Upload too large"),
        (422, "Validation error"),
    )
}


class ApiError(Exception):
    """An error with a status, a stable code, one clear line and optionally the field at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The one JSON error shape."""
    error: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return {"error": error}


def wants_json(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def _field_name(location: Sequence[Any]) -> str | None:
    parts = [str(p) for p in location if p not in ("body",)]
    return ".".join(parts) if parts else None


def _validation_message(error: dict[str, Any]) -> str:
    where = _field_name(error.get("loc", ())) or "request"
    message = str(error.get("msg", "is not valid"))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{where}: {message}"


def render_error(request: Request, error: ApiError) -> Response:
    """The response for `error`: JSON under /api, an HTML page elsewhere."""
    headers = {"Allow": "GET, POST"} if error.status == 405 else None
    if wants_json(request.url.path):
        return JSONResponse(
            error_body(error.code, error.message, error.field), error.status, headers=headers
        )
    templates: Jinja2Templates | None = getattr(request.app.state, "templates", None)
    if templates is None:
        return HTMLResponse(f"<h1>{error.status}</h1><p>{error.message}</p>", error.status)
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "title": TITLES.get(error.status, "Error"),
            "status": error.status,
            "message": error.message,
            "field": error.field,
        },
        status_code=error.status,
        headers=headers,
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return render_error(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = STATUS_CODES.get(exc.status_code, "error")
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "error")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"there is nothing at {request.url.path}"
    return render_error(request, ApiError(exc.status_code, code, detail))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    first = errors[0] if errors else {}
    message = "; ".join(_validation_message(e) for e in errors[:3]) or "the request is not valid"
    return render_error(
        request, ApiError(422, "invalid", message, _field_name(first.get("loc", ())))
    )


def refused(exc: Exception, request: Request | None = None) -> ApiError:
    """A use case's refusal as the web answers it: 404 for what the runner does not have,
    422 for the rest, with the field at fault named as a validation error names it
    (`query.since` for a query parameter)."""
    if isinstance(exc, NoPlan):
        return ApiError(404, "no-plan", f"{exc}: {NO_PLAN_HINT}")
    field = exc.field if isinstance(exc, Invalid) else None
    if request is not None and field is not None:
        if field in request.query_params:
            field = f"query.{field}"
        elif field in request.path_params:
            field = f"path.{field}"
    if isinstance(exc, NotFound):
        return ApiError(404, "not-found", str(exc), exc.field)
    return ApiError(422, "invalid", str(exc), field)


async def _input_error(request: Request, exc: Exception) -> Response:
    return render_error(request, refused(exc, request))


async def _store_error(request: Request, exc: Exception) -> Response:
    log.warning("store error on %s: %s", request.url.path, exc)
    return render_error(request, ApiError(400, "store", str(exc)))


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return render_error(
        request,
        ApiError(500, "internal", "an unexpected error happened; the server log has the details"),
    )


def install_error_handlers(app: FastAPI) -> None:
    """Map every error the app can meet to the one JSON shape or the HTML page."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(ConfigError, _input_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(Exception, _unexpected)
