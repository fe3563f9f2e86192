"""`backstride serve`: the web app on this computer."""

from __future__ import annotations

from typing import Annotated

import typer

from backstride.cli.context import EXIT_FAILED, console, fail, options
from backstride.store import StoreError, resolve_url
from backstride.web.settings import DEFAULT_HOST, DEFAULT_PORT, WebSettings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)


def serve_command(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on. Keep 127.0.0.1 unless you know why not."),
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
) -> None:
    """Open backstride in your browser: today's answer, the week, activities, shoes, import."""
    import uvicorn

    from backstride.web import create_app

    try:
        url = resolve_url(options(ctx).db)
        app = create_app(url, WebSettings(store_url=url, host=host, port=port))
    except StoreError as exc:
        fail(str(exc), EXIT_FAILED)
    shown = f"[{host}]" if ":" in host else host
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(
            f"[yellow]warning:[/] listening on {host}: other machines on the network can "
            "reach it, but only requests naming that host are served."
        )
    console.print(f"backstride is at http://{shown}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
