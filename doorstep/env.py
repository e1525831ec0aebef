"""Tiny typed helpers that read settings from environment variables.

Each helper rejects a value it cannot understand instead of quietly falling back, so a
typo in a deployment's environment stops the server at start-up rather than changing how
it behaves.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


class SettingError(ValueError):
    """An environment variable holds a value Doorstep cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingError(f"{name} must be yes/no, true/false or 1/0, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_from_url(url: str, *, base_dir: Path) -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry.

    Understood: ``sqlite:///relative/path.sqlite3``, ``sqlite:////absolute/path``,
    ``postgres://user:password@host:port/name`` (``postgresql://`` too).
    """
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///data/x.sqlite3 -> path "data/x.sqlite3" relative to the project;
        # sqlite:////tmp/x.sqlite3 -> absolute "/tmp/x.sqlite3".
        path = parsed.path[1:] if parsed.path.startswith("/") else parsed.path
        if not path:
            raise SettingError("DATABASE_URL for SQLite needs a file path")
        name = Path(path) if Path(path).is_absolute() else base_dir / path
        return sqlite_database(name)
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": options.pop("test_name", None)},
        }
    raise SettingError(
        f"DATABASE_URL must start with sqlite:// or postgres://, not {parsed.scheme!r}://"
    )


def sqlite_database(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # WAL lets the dashboard read while an import writes; a generous timeout rides out
        # the import's single write transaction instead of failing with "database is locked".
        "OPTIONS": {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
