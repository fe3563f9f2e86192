"""Where the database is and which time zone this machine runs in."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

DATABASE_URL_VARIABLE = "BACKSTRIDE_DATABASE_URL"
DEFAULT_FILE_NAME = "backstride.db"


def resolve_url(db_path: str | Path | None = None, env: Mapping[str, str] = os.environ) -> str:
    """The database URL: `--db PATH` wins, then BACKSTRIDE_DATABASE_URL, then the
    SQLite file in the user's data directory (created when missing).

    A `--db` value that is already a URL (``postgresql+psycopg://...``) is used as is.
    """
    if db_path is not None and str(db_path).strip():
        text = str(db_path).strip()
        if "://" in text:
            return text
        return sqlite_url(Path(text).expanduser().absolute())
    from_env = env.get(DATABASE_URL_VARIABLE, "").strip()
    if from_env:
        return from_env
    folder = Path(platformdirs.user_data_dir("backstride", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return sqlite_url(folder / DEFAULT_FILE_NAME)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def is_time_zone(name: str) -> bool:
    """True for an IANA zone name this machine knows (``Europe/Paris``, ``UTC``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def machine_time_zone(env: Mapping[str, str] = os.environ) -> str:
    """The machine's IANA zone name when it can be told, else "UTC"."""
    candidates = [env.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve()) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and is_time_zone(name):
            return name
    return "UTC"


CONFIG_VARIABLE = "BACKSTRIDE_CONFIG"
CONFIG_FILE_NAME = "rules.toml"


def config_path(url: str, env: Mapping[str, str] = os.environ) -> Path:
    """The runner's rules config (TOML): BACKSTRIDE_CONFIG wins; for a SQLite file it
    sits next to the database (``runner.db`` -> ``runner.rules.toml``); for a server
    database it is ``rules.toml`` in the user's config directory."""
    from_env = env.get(CONFIG_VARIABLE, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    if url.startswith("sqlite:///") and len(url) > len("sqlite:///"):
        database = Path(url[len("sqlite:///") :])
        return database.with_name(f"{database.stem}.{CONFIG_FILE_NAME}")
    return Path(platformdirs.user_config_dir("backstride", appauthor=False)) / CONFIG_FILE_NAME
