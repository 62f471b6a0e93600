"""Where the page cache keeps its pages, chosen from the environment.

Without ``REDIS_URL`` each process keeps its own copies in its own memory: right for one
process, and nothing to install. With it (``redis://host:6379/0``, or ``rediss://`` for
TLS) every process and machine shares one copy of each page through Django's own Redis
backend, so a page is rendered once for all of them. ``SCRUTINY_CACHE_PREFIX`` (default
``scrutiny``) starts every key, so that sites sharing one Redis keep apart.
"""

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def caches_from_environment(environ: Mapping[str, str]) -> dict:
    """Django's ``CACHES`` for the environment ``environ``."""
    prefix = environ.get("SCRUTINY_CACHE_PREFIX", "").strip() or "scrutiny"
    url = environ.get("REDIS_URL", "").strip()
    if not url:
        return {
            "default": {
                "BACKEND": LOCAL_MEMORY,
                "KEY_PREFIX": prefix,
                "OPTIONS": {"MAX_ENTRIES": 2000},
            }
        }
    return {
        "default": {
            "BACKEND": REDIS,
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            # A Redis that stops answering makes pages slow to fail rather than hang.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }


def cache_description(caches: Mapping[str, dict]) -> str:
    """One line saying where pages are cached, for the server's start-up log.

    A password in the Redis address is left out: the log is read by more people than
    the settings are.
    """
    default = caches["default"]
    if "redis" not in default["BACKEND"].lower():
        return (
            "Page cache: each process's own memory, not shared "
            "(set REDIS_URL to share one cache between processes)."
        )
    # Django's Redis backend takes several servers, parted by ; or , (the first is written to).
    servers = ", ".join(_without_password(url) for url in re.split("[;,]", default["LOCATION"]))
    return (
        f"Page cache: Redis at {servers}, keys prefixed “{default['KEY_PREFIX']}”, "
        "shared by every process."
    )


def _without_password(url: str) -> str:
    address = urlsplit(url.strip())
    host = f"{address.hostname}:{address.port or 6379}" if address.hostname else ""
    return f"{address.scheme}://{host}{address.path}"
