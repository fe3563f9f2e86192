"""How many connections `backstride serve` holds at once, and what it says when it refuses.

A page opens a handful of connections; a program holding thousands would exhaust the
process's open files, and then every accept fails and asyncio logs a traceback for each
attempt. So the server holds at most `cap` connections (kept well under the open-files
limit): one more is answered 503 with the security headers and closed at once, and the
refusal is logged once a minute, not once per attempt. A connection that sends no request
within `FIRST_REQUEST_TIMEOUT_S` is closed, so held idle sockets do not keep the runner out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import resource
import time
from collections.abc import Callable

from uvicorn.protocols.http.h11_impl import H11Protocol

from backstride.web.security import SECURITY_HEADERS
from backstride.web.server import DEFAULT_MAX_CONNECTIONS

__all__ = [
    "BACKLOG",
    "DEFAULT_MAX_CONNECTIONS",
    "capped_protocol",
    "effective_cap",
    "quiet_accept_errors",
]

log = logging.getLogger("uvicorn.error")

# Open files kept free beyond those open when serving starts (database, templates, static
# files, an import's uploads and workers).
RESERVED_FILES = 64
# Connections waiting to be accepted; asyncio accepts up to this many at once, each an open
# file until it is served or refused, so it stays well inside the reserve.
BACKLOG = 16
LOG_INTERVAL_S = 60.0
FIRST_REQUEST_TIMEOUT_S = 20.0


def _open_now() -> int:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 32


def effective_cap(wanted: int) -> int:
    """`wanted`, lowered to what the open-files limit allows (raised to its hard limit
    first) beyond the files already open and a reserve, never below 8."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return max(8, min(wanted, soft - _open_now() - RESERVED_FILES))


class OncePerInterval:
    """Says something at most once per interval, with how often it happened meanwhile."""

    def __init__(
        self, interval_s: float = LOG_INTERVAL_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.interval_s = interval_s
        self.clock = clock
        self.last: float | None = None
        self.unsaid = 0

    def due(self) -> tuple[bool, int]:
        """Whether to say it now, and how many times it happened since it was last said."""
        now = self.clock()
        self.unsaid += 1
        if self.last is not None and now - self.last < self.interval_s:
            return False, 0
        self.last, count, self.unsaid = now, self.unsaid, 0
        return True, count


def _refusal_bytes() -> bytes:
    body = b"backstride is busy: too many open connections. Try again in a moment.\n"
    lines = [
        b"HTTP/1.1 503 Service Unavailable",
        b"content-type: text/plain; charset=utf-8",
        b"content-length: " + str(len(body)).encode(),
        b"retry-after: 5",
        b"connection: close",
        *(name + b": " + value for name, value in SECURITY_HEADERS),
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


REFUSAL = _refusal_bytes()


def capped_protocol(cap: int, refusals: OncePerInterval | None = None) -> type[H11Protocol]:
    """uvicorn's h11 protocol, holding at most `cap` connections."""
    said = refusals or OncePerInterval()

    class CappedH11Protocol(H11Protocol):
        refused = False
        idle_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            if len(self.connections) >= cap:
                self.refused = True
                self.transport = transport
                say, count = said.due()
                if say:
                    log.warning(
                        "%d connections are open, the most this server holds: refusing new "
                        "ones with 503 (%d refused since the last message; said at most once "
                        "a minute)",
                        cap,
                        count,
                    )
                transport.write(REFUSAL)
                transport.close()
                return
            super().connection_made(transport)
            self.idle_timer = asyncio.get_running_loop().call_later(
                FIRST_REQUEST_TIMEOUT_S, self._close_if_idle
            )

        def _close_if_idle(self) -> None:
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

        def data_received(self, data: bytes) -> None:
            if self.refused:
                return
            if self.idle_timer is not None:
                self.idle_timer.cancel()
                self.idle_timer = None
            super().data_received(data)

        def eof_received(self) -> None:
            if not self.refused:
                super().eof_received()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.refused:
                return
            if self.idle_timer is not None:
                self.idle_timer.cancel()
            super().connection_lost(exc)

    return CappedH11Protocol


class QuietAcceptErrors(logging.Filter):
    """asyncio logs a traceback each time accept() fails for lack of open files; keep the
    first of each minute, as one line without the traceback."""

    def __init__(self, interval_s: float = LOG_INTERVAL_S) -> None:
        super().__init__()
        self.said = OncePerInterval(interval_s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "accept" not in message and "Too many open files" not in message:
            return True
        say, count = self.said.due()
        if not say:
            return False
        error = record.exc_info[1] if record.exc_info else None
        record.msg = "cannot accept a connection: %s (%d times since the last message)"
        record.args = (str(error) if error else message.splitlines()[0], count)
        record.exc_info = None
        record.exc_text = None
        return True


def quiet_accept_errors() -> QuietAcceptErrors:
    """Install the filter on asyncio's logger (once); returns it."""
    logger = logging.getLogger("asyncio")
    for existing in logger.filters:
        if isinstance(existing, QuietAcceptErrors):
            return existing
    quiet = QuietAcceptErrors()
    logger.addFilter(quiet)
    return quiet
