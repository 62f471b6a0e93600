"""The site's public address (``SCRUTINY_SITE_URL``), for links that leave the site:
in feeds, calendars, JSON and PDFs."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(path: str) -> str:
    """An absolute address for a path of the site, such as a record's get_absolute_url()."""
    return settings.SCRUTINY_SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlsplit(settings.SCRUTINY_SITE_URL).hostname or "localhost"
