"""Gunicorn's settings for `make serve`: read with ``-c python:scrutiny.settings.gunicorn``.

Each can be changed from the environment, as Django's settings are.
"""

import multiprocessing
import os

bind = os.environ.get("SCRUTINY_BIND", "127.0.0.1:8000")
# Sync workers: each request has a process to itself, and a PDF render forks from it.
workers = int(os.environ.get("SCRUTINY_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Longer than a PDF may take to render (SCRUTINY_RENDER_SECONDS), so that the render's
# own limit, which answers with a page that says what happened, is the one that acts.
timeout = int(os.environ.get("SCRUTINY_WORKER_TIMEOUT", 90))
# Load the app before forking the workers: they share its memory, and one that fails to
# import stops the server at once instead of each worker failing in turn.
preload_app = True
# One JSON line per request on stdout (see scrutiny/settings/access_log.py); errors on stderr.
accesslog = "-"
errorlog = "-"
logger_class = "scrutiny.settings.access_log.JsonAccessLogger"
# Gunicorn's own reading of X-Forwarded-Proto, from a proxy on this machine only. Django
# reads it only with DJANGO_TRUST_X_FORWARDED_PROTO, and then from any caller: bind
# Gunicorn to loopback (or a private network) behind the proxy, never in front of it.
forwarded_allow_ips = os.environ.get("SCRUTINY_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Gunicorn's runtime control socket lives at one path per user, which two servers on one
# machine (a test run beside a real one) would fight over; nothing here uses it.
control_socket_disable = True


def on_starting(server):
    """Say where pages are cached: per process, or shared in Redis (REDIS_URL)."""
    from django.conf import settings

    from scrutiny.settings.cache import cache_description

    server.log.info(cache_description(settings.CACHES))
