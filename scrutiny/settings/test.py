"""Settings for the test suite: base settings with fast hashing and a throwaway key."""

import os
import secrets

# Set before importing base, which refuses to start without a key when debug is off.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("SCRUTINY_SITE_URL", "https://testserver/")
# The test client connects directly; the proxy tests set their own count.
os.environ.setdefault("DJANGO_PROXY_COUNT", "0")

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, DATABASES
from .cache import REDIS

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's shared in-memory database: there a second writer is refused at
    # once ("table is locked"), where a file makes it wait its turn, as in production. The
    # concurrency tests start writers together. Nothing here needs to survive a crash.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"

# A connection per request, as Django's own default: a kept one would outlive the live
# server's and the threaded tests' work and hold the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0

DEBUG = False
# The tests cover the development tooling too (sample data, the benchmarks' helpers).
INSTALLED_APPS = [*INSTALLED_APPS, "scrutiny.devtools"]  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tests talk plain HTTP to the test client and the live server.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# The page cache is on, as in production: in Redis when REDIS_URL is set, else in this
# process's memory (scrutiny/settings/cache.py). Several runs may share one Redis (CI runs
# two side by side), so each run's keys carry a prefix of its own, and clearing the cache
# forgets only those (tests/cache_backend.py). tests/conftest.py clears it before each
# test: the database is rolled back between tests, so the content version repeats.
CACHES["default"]["KEY_PREFIX"] = f"scrutiny-test-{os.getpid()}-{secrets.token_hex(4)}"
if CACHES["default"]["BACKEND"] == REDIS:
    CACHES["default"]["BACKEND"] = "tests.cache_backend.OwnKeysRedisCache"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# One uploads folder per kind of database: CI runs the two suites side by side.
MEDIA_ROOT = BASE_DIR / f".test-media-{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
# Static files from the app's folders, as in development: the suite collects none.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "scrutiny.documents.storage.WholeFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Queued tasks are kept, not run: a test that wants the work done runs it itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
