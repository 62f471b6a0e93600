"""Settings shared by every environment.

Production differs only through environment variables, so nothing secret or
host-specific is ever committed:

- ``DJANGO_SECRET_KEY``: required in production; with it set, debug is off.
- ``DJANGO_DEBUG``: overrides that (``true``/``false``). Without a secret key and
  without this, the app runs in local development mode.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names.
- ``DJANGO_PROXY_COUNT``: required in production: how many proxies stand in front (0 for
  none), so that failed sign-ins are counted by the visitor's address.
- ``SCRUTINY_SITE_URL``: the public address, e.g. ``https://scrutiny.example.gov.uk/``.
- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/scrutiny``; without it
  the app uses an SQLite file (``SQLITE_PATH``, default ``db.sqlite3``).
- ``REDIS_URL``: e.g. ``redis://127.0.0.1:6379/0``, for one page cache shared by every
  process; without it each process caches in its own memory.
- ``EMAIL_HOST`` and the other ``EMAIL_*`` settings below: the SMTP server that sends
  invitations and password resets. With debug on and no ``EMAIL_HOST``, mail is printed.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .cache import caches_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# A deployment always has a secret key, so there debug is off unless asked for; a
# checkout with no key is someone's own machine, where debug is on with a throwaway key.
DEBUG = env_bool("DJANGO_DEBUG", default=not SECRET_KEY)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The site's public address. Links in PDFs lead back to it, whichever host name the
# reader used, so a document renders the same for everyone and is rendered once.
# ``SCRUTINY_SITE_URL`` sets it; otherwise the first allowed host, or `make run`'s address.
_first_host = next((host.lstrip(".") for host in ALLOWED_HOSTS if host != "*"), "")
if os.environ.get("SCRUTINY_SITE_URL"):
    SCRUTINY_SITE_URL = os.environ["SCRUTINY_SITE_URL"]
elif DEBUG:
    SCRUTINY_SITE_URL = "http://127.0.0.1:8000/"
elif _first_host:
    SCRUTINY_SITE_URL = f"https://{_first_host}/"
else:
    raise ImproperlyConfigured(
        "Set SCRUTINY_SITE_URL, or a host name in DJANGO_ALLOWED_HOSTS: PDFs link to the site."
    )
if not SCRUTINY_SITE_URL.endswith("/"):
    SCRUTINY_SITE_URL += "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's own widget templates, for the project's templates to build on (FORM_RENDERER).
    "django.forms",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "scrutiny",
    "partnership",
    "meetings",
    "alerts",
]
# The benchmark and sample-data commands are for development: production never loads them.
if DEBUG:
    INSTALLED_APPS.append("scrutiny.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the security headers, before sessions or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session has given a code from an authenticator app, and whether it
    # owes one (scrutiny/kernel/two_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "scrutiny.kernel.two_factor.second_factor_awaited",
    # Straight after the user is known, so that it sees every response the rest make.
    "scrutiny.kernel.middleware.signed_in_pages_not_stored",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Once messages can be left (to say why), before any view reads the user: a session
    # idle too long ends here.
    "scrutiny.kernel.middleware.idle_sessions_end",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the signed-in user on every history row.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the refusal page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrutiny.urls"

# Backups keep times to the microsecond (scrutiny/kernel/exact_json.py).
SERIALIZATION_MODULES = {"exactjson": "scrutiny.kernel.exact_json"}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "scrutiny.kernel.context_processors.council",
            ],
        },
    },
]

WSGI_APPLICATION = "scrutiny.wsgi.application"

SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        # Each worker keeps its connection for a minute: opening one for every request
        # cost the cached meeting page two thirds of its speed under load (docs/speed.md,
        # "The load test"). A connection the server dropped is noticed and opened again.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite ignores SELECT … FOR UPDATE; taking the write lock when a transaction begins
    # gives the same guarantee (one writer at a time), and writers wait rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Just-in-time compilation pays off for long reports, not for a page's short queries:
    # the planner's cost estimates for the tracker's subqueries set it off, and compiling
    # took longer (about 30 ms) than running the query.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes counts failed sign-ins first; the model backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After this many failed sign-ins for one account from one address, further attempts from
# that address for that account are refused until the cool-off has passed.
AXES_FAILURE_LIMIT = int(os.environ.get("SCRUTINY_SIGN_IN_ATTEMPTS", 5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("SCRUTINY_SIGN_IN_COOLOFF_MINUTES", 30))
)
AXES_RESET_ON_SUCCESS = True
# Failures are counted in the database, which every worker process and machine shares: a
# count kept in one process's memory would let each worker allow its own five tries.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "scrutiny.kernel.accounts.locked_out"
# The visitor's address: behind proxies, read from X-Forwarded-For (scrutiny/kernel/accounts.py).
AXES_CLIENT_IP_CALLABLE = "scrutiny.kernel.accounts.client_address"
# How many proxies in front of the app append to X-Forwarded-For (0: none, use the
# connecting address). Only those entries are trusted: the rest a visitor can write.
# Production must say, 0 included: left unset behind a proxy, every visitor would share
# the proxy's address, and five wrong passwords from anyone would pause anyone's sign-in.
SCRUTINY_PROXY_COUNT = os.environ.get("DJANGO_PROXY_COUNT", "").strip()
if not SCRUTINY_PROXY_COUNT and not DEBUG:
    raise ImproperlyConfigured(
        "Set DJANGO_PROXY_COUNT when DJANGO_DEBUG is off: the number of proxies in front of "
        "the app that add to X-Forwarded-For (1 behind one load balancer or reverse proxy), "
        "or 0 if visitors connect to the app directly. The pause on failed sign-ins counts "
        "each visitor's address; without this setting, behind a proxy every visitor would "
        "share the proxy's address, and anyone could pause anyone's sign-in."
    )
if not (SCRUTINY_PROXY_COUNT or "0").isdigit():
    raise ImproperlyConfigured(
        f"DJANGO_PROXY_COUNT is “{SCRUTINY_PROXY_COUNT}”: set it to a whole number, the "
        "number of proxies in front of the app (0 if there are none)."
    )
SCRUTINY_PROXY_COUNT = int(SCRUTINY_PROXY_COUNT or 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Collected static files carry a hash of their content in their names, so WhiteNoise can
# let browsers keep them for a year; local development serves them from the app folders.
STORAGES = {
    "default": {"BACKEND": "scrutiny.documents.storage.WholeFileStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development WhiteNoise serves the app's folders as they change; nothing is collected.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Content-Security-Policy: the app's own scripts, styles, fonts and images only; no
# inline script or style, no plugins, no framing, forms posted only to the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Widgets render through the project's templates, so that templates/django/forms/ can
# replace Django's own where they are slow (the select of many options).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "meetings:home"
LOGOUT_REDIRECT_URL = "meetings:home"

# Email: invitations and password resets, sent through SMTP. On a developer's machine
# (debug on, no EMAIL_HOST) messages are printed to the console instead, so `make run`
# shows them; a deployment reads its SMTP server from the environment.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG and not EMAIL_HOST
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
# STARTTLS (usually port 587) or TLS from the first byte (usually 465): one or neither.
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# A mail server that stops answering fails the send rather than hanging the request.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 20))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "scrutiny@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# A link to set a password, from an invitation, works for this many days; one to reset a
# forgotten password for this many hours (Django's PASSWORD_RESET_TIMEOUT, in seconds).
# Either works once: setting the password changes what the link was signed over.
SCRUTINY_INVITATION_DAYS = int(os.environ.get("SCRUTINY_INVITATION_DAYS", 7))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("SCRUTINY_PASSWORD_RESET_HOURS", 24)) * 3600

# Requests that send an email to an address anyone can type are limited, per address and
# per client (their IP address), within a window of this many seconds, in the shared cache
# (scrutiny/kernel/rate_limits.py). ``SCRUTINY_RATE_LIMIT_<ACTION>`` overrides a pair as
# "per address,per client", e.g. SCRUTINY_RATE_LIMIT_PASSWORD_RESET="3,10".
SCRUTINY_RATE_LIMIT_SECONDS = int(os.environ.get("SCRUTINY_RATE_LIMIT_SECONDS", 3600))


def _rate_limit(action: str, per_address: int, per_client: int) -> dict[str, int]:
    value = os.environ.get(f"SCRUTINY_RATE_LIMIT_{action.upper()}", "").strip()
    if value:
        try:
            per_address, per_client = (int(part) for part in value.split(","))
        except ValueError:
            raise ImproperlyConfigured(
                f"SCRUTINY_RATE_LIMIT_{action.upper()} is “{value}”: write two whole "
                "numbers, the requests allowed per address and per client, e.g. “3,10”."
            ) from None
    return {"per_address": per_address, "per_client": per_client}


SCRUTINY_RATE_LIMITS = {
    # Anyone may ask: few per address, so no one's inbox can be flooded.
    "password_reset": _rate_limit("password_reset", 3, 10),
    # Officers invite a council's members in a sitting, so more per client.
    "invitation": _rate_limit("invitation", 3, 100),
    # Anyone may subscribe to email alerts: each request emails a confirmation link.
    "subscribe": _rate_limit("subscribe", 3, 10),
}

# Officers must give a code from an authenticator app after their password
# (scrutiny/kernel/two_factor.py); without it, only those who set one up do.
SCRUTINY_OFFICERS_NEED_TWO_FACTOR = env_bool("SCRUTINY_OFFICERS_NEED_TWO_FACTOR", default=False)
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = os.environ.get("SCRUTINY_TWO_FACTOR_ISSUER", "Scrutiny")

# A signed-in visitor who makes no request for this long is signed out; their next request
# asks them to sign in again (scrutiny/kernel/middleware.py).
SCRUTINY_IDLE_MINUTES = int(os.environ.get("SCRUTINY_IDLE_MINUTES", 120))

# Appendices are PDFs up to this size (bytes); refused above it with a clear message.
SCRUTINY_UPLOAD_MAX_BYTES = int(os.environ.get("SCRUTINY_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
# An appendix's pages each become a page of the meeting pack: a few kilobytes can hold
# thousands of them, so they are counted too (scrutiny/documents/uploads.py).
SCRUTINY_UPLOAD_MAX_PAGES = int(os.environ.get("SCRUTINY_UPLOAD_MAX_PAGES", 2000))

# Meeting archives are signed (HMAC-SHA256) with this key and refused on import unless
# the signature matches; sites that exchange archives set the same key. Empty: a key
# derived from SECRET_KEY, so only this site's own archives are accepted.
SCRUTINY_ARCHIVE_KEY = os.environ.get("SCRUTINY_ARCHIVE_KEY", "")

# The most a meeting archive's records (meeting.json) or a site backup's records
# (records.json) may hold unpacked, in bytes; checked before and while they are read.
SCRUTINY_ARCHIVE_RECORDS_MAX_BYTES = int(
    os.environ.get("SCRUTINY_ARCHIVE_RECORDS_MAX_BYTES", 64 * 1024 * 1024)
)
SCRUTINY_BACKUP_RECORDS_MAX_BYTES = int(
    os.environ.get("SCRUTINY_BACKUP_RECORDS_MAX_BYTES", 4 * 1024 * 1024 * 1024)
)

# How long a rendered page may be served from the cache (seconds; 0 turns the cache off).
# A change to any record retires every cached page (scrutiny/kernel/page_cache.py).
SCRUTINY_PAGE_CACHE_SECONDS = int(os.environ.get("SCRUTINY_PAGE_CACHE_SECONDS", 600))
# Each process's memory, or Redis shared by all when REDIS_URL is set (scrutiny/settings/cache.py).
CACHES = caches_from_environment(os.environ)

# Partners are asked to respond to the committee's recommendations within this many days
# of receiving them (Crime and Disorder (Overview and Scrutiny) Regulations 2009).
SCRUTINY_RESPONSE_DAYS = int(os.environ.get("SCRUTINY_RESPONSE_DAYS", 28))

# Each PDF is rendered in a child process that is stopped past this many seconds or this
# much memory on top of what the process started with (scrutiny/documents/limits.py).
SCRUTINY_RENDER_SECONDS = float(os.environ.get("SCRUTINY_RENDER_SECONDS", 60))
SCRUTINY_RENDER_MEMORY_BYTES = int(
    os.environ.get("SCRUTINY_RENDER_MEMORY_BYTES", 1024 * 1024 * 1024)
)

# Renders run in the task worker only, this many at once across every worker process
# (slots kept in the database); at most this many wait in the queue, and a stored document
# nobody has been sent for this many days is deleted (rendered again if asked for).
SCRUTINY_RENDER_CONCURRENCY = max(1, int(os.environ.get("SCRUTINY_RENDER_CONCURRENCY", 1)))
SCRUTINY_RENDER_QUEUE_LIMIT = int(os.environ.get("SCRUTINY_RENDER_QUEUE_LIMIT", 200))
SCRUTINY_DOCUMENT_KEEP_DAYS = int(os.environ.get("SCRUTINY_DOCUMENT_KEEP_DAYS", 30))

# Background work (rendering a published meeting's documents) is queued in the database
# and done by `manage.py db_worker`, which `make run` starts beside the app.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How long after a change its documents are rendered: a burst of edits is rendered once.
SCRUTINY_RENDER_DELAY_SECONDS = int(os.environ.get("SCRUTINY_RENDER_DELAY_SECONDS", 5))

# An agenda is open to inspection for this many clear days before its meeting (Local
# Government Act 1972 s.100B): days other than the day it is published, the meeting day,
# weekends and the bank holidays of this part of the UK ("ENG" England, "WLS" Wales).
SCRUTINY_CLEAR_DAYS = int(os.environ.get("SCRUTINY_CLEAR_DAYS", 5))
SCRUTINY_BANK_HOLIDAYS = os.environ.get("SCRUTINY_BANK_HOLIDAYS", "ENG")

# The name the council record (scrutiny/kernel/council.py) is given when it is first
# needed on an installation that has none; after that officers edit it on its set-up page.
COUNCIL_NAME = os.environ.get("SCRUTINY_COUNCIL_NAME", "Maidstone Borough Council")

# A load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Production hardening; `manage.py check --deploy` stays clean when DEBUG is off.
# Django's own defaults already send nosniff, same-origin referrers and X-Frame-Options DENY.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Trust the proxy's word on HTTPS only where a proxy is known to set (and strip) it.
    if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # To stdout, where a container or service manager collects it.
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each rendering step at INFO, pikepdf its start-up; only their
    # warnings matter here.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
