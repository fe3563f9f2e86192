"""The web app's one settings object: where the data is and what the server accepts."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
# A whole Garmin or Strava export zip fits; anything larger is refused before it is read.
DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024
# Connections `backstride serve` holds at once (web.connections); a page needs a handful.
DEFAULT_MAX_CONNECTIONS = 256
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class WebSettings:
    """Everything `create_app` needs; built once per app."""

    store_url: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    import_workers: int | None = None
    extra_hosts: tuple[str, ...] = field(default_factory=tuple)

    def allowed_host_names(self) -> frozenset[str]:
        """Host names (no port) a request may name: loopback, the bound host, extras."""
        names = {*LOOPBACK_NAMES, *self.extra_hosts}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(f"[{self.host}]" if ":" in self.host else self.host)
        return frozenset(name.lower() for name in names)
