"""What the benchmark commands (``bench_pages``, ``bench_documents``) share: a throwaway
database, production-like settings, and the statistics they print."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from math import ceil
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

# The test client's host, plain HTTP, and production's DEBUG = False, whatever the
# settings module says. Templates are not instrumented (no setup_test_environment), so
# rendering costs what it costs in production.
production_like = override_settings(
    DEBUG=False,
    ALLOWED_HOSTS=["testserver"],
    SECURE_SSL_REDIRECT=False,
    SESSION_COOKIE_SECURE=False,
    CSRF_COOKIE_SECURE=False,
)


def percentile(samples: list[float], percent: float) -> float:
    """Nearest-rank percentile: the smallest sample with ``percent`` of them at or below."""
    ordered = sorted(samples)
    return ordered[max(0, ceil(percent / 100 * len(ordered)) - 1)]


def database_version() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return connection.vendor


@contextmanager
def throwaway_database(stdout) -> Iterator[Path]:
    """A fresh database for the benchmark, dropped afterwards; yields a scratch folder.

    Never the database the app uses, nor the test suite's, which may be in use: a
    temporary file for SQLite, a uniquely named database for PostgreSQL.
    """
    test_settings = connection.settings_dict["TEST"]
    old_name, old_test_name = connection.settings_dict["NAME"], test_settings.get("NAME")
    with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as scratch:
        if connection.vendor == "sqlite":
            test_settings["NAME"] = str(Path(scratch) / "bench.sqlite3")
        else:
            test_settings["NAME"] = f"test_{old_name}_bench_{os.getpid()}"
        stdout.write(f"Creating a throwaway {connection.vendor} database …")
        try:
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False, keepdb=False
            )
            try:
                yield Path(scratch)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        finally:
            test_settings["NAME"] = old_test_name


def production_environment(**settings_env: str) -> dict[str, str]:
    """This process's environment without its own settings (``DJANGO_*``, ``SCRUTINY_*``,
    ``DATABASE_URL``), with production settings and ``settings_env`` instead, for a
    server started from a test or a benchmark."""
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SCRUTINY_")) and key != "DATABASE_URL"
    }
    return {
        **kept,
        "DJANGO_SETTINGS_MODULE": "scrutiny.settings.base",
        # Its clients connect on loopback, with no proxy between (production must say).
        "DJANGO_PROXY_COUNT": "0",
        **settings_env,
    }


@contextmanager
def gunicorn_on_loopback(env: dict[str, str], log) -> Iterator[str]:
    """Gunicorn as `make serve` runs it (scrutiny/settings/gunicorn.py) on a free loopback
    port, for the block; yields its address. Migrations and static files are the caller's.
    What it prints goes to the open file ``log``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "scrutiny.wsgi",
            "-c",
            "python:scrutiny.settings.gunicorn",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "SCRUTINY_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"Gunicorn did not start: see {log.name}") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=60)
