"""`backstride serve`: the web app on this computer."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
from typing import Annotated

import typer

from backstride.cli.context import EXIT_FAILED, console, fail, options, styled
from backstride.store import StoreError, resolve_url
from backstride.web.server import (
    DEFAULT_HOST,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_PORT,
    WebSettings,
)

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on. Keep 127.0.0.1 unless you know why not."),
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
    max_connections: Annotated[
        int,
        typer.Option(
            min=1,
            max=100_000,
            envvar="BACKSTRIDE_MAX_CONNECTIONS",
            help="Connections held at once; more are answered 503 (busy) and closed.",
        ),
    ] = DEFAULT_MAX_CONNECTIONS,
) -> None:
    """Open backstride in your browser: today's answer, the week, activities, shoes, import."""
    try:
        url = resolve_url(options(ctx).db)
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    serve(url, host, port, max_connections=max_connections)


def serve(
    url: str,
    host: str,
    port: int,
    *,
    any_free_port: bool = False,
    max_connections: int = DEFAULT_MAX_CONNECTIONS,
) -> None:
    """Serve the web app over the store at `url` until Ctrl+C, after printing its address.

    With `any_free_port`, a port that is taken is replaced by a free one (the demo does
    this so that `make demo` works next to another server on 8000).
    """
    import uvicorn

    from backstride.web import create_app
    from backstride.web.connections import (
        BACKLOG,
        capped_protocol,
        effective_cap,
        quiet_accept_errors,
    )

    listener = listen(host, port, any_free_port=any_free_port)
    bound = int(listener.getsockname()[1])
    network_names = machine_names() if host in WILDCARDS else ()
    try:
        app = create_app(
            url, WebSettings(store_url=url, host=host, port=bound, extra_hosts=network_names)
        )
    except StoreError as exc:
        listener.close()
        fail(str(exc), EXIT_FAILED)
    if host not in LOOPBACK:
        console.print(
            styled(
                f"[yellow]warning:[/] listening on {host}: other machines on the network can "
                "reach it, but only requests naming that host are served."
            )
        )
    if bound != port:
        console.print(f"Port {port} is in use, so backstride took port {bound}.")
    address = f"http://{browsable_host(host)}:{bound}/"
    console.print(styled(f"\nbackstride is at [bold]{address}[/]"), soft_wrap=True)
    if network_names:
        others = ", ".join(f"http://{name}:{bound}/" for name in network_names)
        console.print(f"Other machines can use {others}", soft_wrap=True)
    console.print("Open that address in your browser. Ctrl+C stops the server.\n")
    cap = effective_cap(max_connections)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            server_header=False,
            lifespan="on",
            http=capped_protocol(cap),
            backlog=BACKLOG,
        )
    )
    logging.getLogger("uvicorn.error").addFilter(_quiet_forced_exit)
    quiet_accept_errors()
    try:
        server.run(sockets=[listener])
    except KeyboardInterrupt:
        pass  # uvicorn shut down cleanly, then passed the Ctrl+C on
    finally:
        listener.close()
    console.print("Stopped.")


def browsable_host(host: str) -> str:
    """The host part of the address to open: a wildcard (every interface) is not an
    address a browser can name, so this machine's loopback stands for it."""
    if host in WILDCARDS:
        return "127.0.0.1" if host != "::" else "[::1]"
    return f"[{host}]" if ":" in host else host


def machine_names() -> tuple[str, ...]:
    """This machine's name and its addresses: what others on the network put in Host."""
    names: list[str] = []
    try:
        hostname = socket.gethostname()
    except OSError:
        return ()
    if hostname:
        names.append(hostname.lower())
        try:
            infos = socket.getaddrinfo(hostname, None, type=socket.SOCK_STREAM)
        except OSError:
            infos = []
        for info in infos:
            address = str(info[4][0])
            name = f"[{address}]" if ":" in address else address
            if name not in names and not address.startswith(("127.", "::1")):
                names.append(name)
    return tuple(names)


def _quiet_forced_exit(record: logging.LogRecord) -> bool:
    """A second Ctrl+C cancels the app's shutdown: that is what was asked, not an error
    (Starlette reports it as a traceback ending in CancelledError)."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, asyncio.CancelledError):
        return False
    lines = record.getMessage().strip().splitlines()
    return not (lines and lines[-1].endswith("CancelledError"))


def listen(host: str, port: int, *, any_free_port: bool = False) -> socket.socket:
    """A socket listening on host:port; one clear error when that cannot be done."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        fail(f"cannot listen on {host!r}: {exc.strerror}; try --host 127.0.0.1")
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    problem = ""
    try:
        try:
            listener.bind(address)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or not any_free_port:
                raise
            listener.bind((address[0], 0, *address[2:]))
        listener.listen(128)
    except OSError as exc:
        listener.close()
        problem = exc.strerror or str(exc)
        if exc.errno == errno.EADDRINUSE:
            problem += ": stop what runs there or choose another --port"
    if problem:
        fail(f"cannot listen on {host}:{port}: {problem}", EXIT_FAILED)
    return listener
