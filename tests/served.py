"""The app under Gunicorn with production settings, for tests that need a real server."""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from scrutiny.devtools.benchmarking import gunicorn_on_loopback, production_environment
from tests.cache_backend import REDIS_URL, OwnKeysRedisCache
from tests.test_settings import PRODUCTION_ENV


@contextmanager
def served_site(folder: Path, *, setup=(), **settings_env: str) -> Iterator[tuple]:
    """Gunicorn on a loopback port, on an SQLite file of its own in ``folder`` (the test
    database is not shared with other processes): migrated, its static files collected,
    then each ``manage.py`` command of ``setup`` run. Its pages are cached in Redis, as
    with several workers in production, under a key prefix of its own, forgotten after.
    Yields the address, the open log that Gunicorn writes to, and what each setup command
    printed."""
    prefix = f"{settings.CACHES['default']['KEY_PREFIX']}-served-{folder.name}"
    env = production_environment(
        **{**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"},
        # Plain HTTP on loopback: HTTPS is the proxy's work in production.
        DJANGO_SECURE_SSL_REDIRECT="false",
        SQLITE_PATH=str(folder / "db.sqlite3"),
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        SCRUTINY_WORKERS="2",
        REDIS_URL=REDIS_URL,
        SCRUTINY_CACHE_PREFIX=prefix,
        **settings_env,
    )
    printed = []
    for step in (["migrate", "--no-input"], ["collectstatic", "--no-input"], *setup):
        result = subprocess.run(
            [sys.executable, "manage.py", *step],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        printed.append(result.stdout)
    try:
        with (folder / "server.log").open("w+") as log, gunicorn_on_loopback(env, log) as url:
            yield url, log, printed[2:]
    finally:
        OwnKeysRedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).clear()
