"""Typed readers for environment variables that fail loudly on bad values."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(
            f"Set the environment variable {name} (see deploy/lifelong.env)."
        )
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(
    name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}.")
    return value


def env_choice(name: str, default: str, *, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DATABASE_CACHE_MAX_ENTRIES = 20_000


def cache_from_url(url: str, *, database_table: str) -> dict[str, object]:
    """Django's `CACHES["default"]` from a URL, failing loudly on one it does not know:

    - `db://` (or empty): Django's database cache, in the table `database_table` of the
      site's database (made by `migrate`); needs no extra service;
    - `redis://host:6379/0` or `rediss://…` (TLS): Django's built-in RedisCache;
    - `locmem://`: memory of one process (a single process only: limits would not be shared).
    """
    scheme = url.split("://", 1)[0].lower() if "://" in url else url.strip().lower()
    if scheme in ("", "db"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": database_table,
            # Django's default of 300 entries would, in a rush of sign-ins, cull counts that
            # are still running (a third of all keys at a time) and so reset limits. Past
            # this many, expired entries are removed first; a site with more live counts
            # than this (people signing in within the hour) wants Redis.
            "OPTIONS": {"MAX_ENTRIES": DATABASE_CACHE_MAX_ENTRIES},
        }
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # A Redis that is away fails a request in two seconds instead of hanging it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        # The scheme only: the rest of the URL may hold a password.
        f"CACHE_URL must start with db://, redis://, rediss:// or locmem://, not {scheme!r}."
    )
