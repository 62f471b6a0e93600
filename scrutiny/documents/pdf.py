"""PDF rendering with WeasyPrint, fetching nothing outside the app's own files.

Documents are rendered from the same templates as their HTML pages. Their links point at
the app's own URLs (``/static/…``, ``/media/…``), resolved against a base URL that
never reaches a network: ``SafeURLFetcher`` answers those from the static and media
folders on disk, answers ``data:`` URLs itself, and refuses everything else, so a
report that names ``file:///etc/passwd``, a server on the council's network or a cloud
metadata address gets nothing, and the refusal is logged.
"""

import logging
import mimetypes
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative links resolve against the site's own address (so links in a PDF lead back to
# the site); without one, against this, which names no real host.
BASE_URL = "https://scrutiny.invalid/"
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    """A document asked for something outside the app's own files."""


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _static_file(relative: str) -> Path | None:
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        if _inside(candidate, Path(settings.STATIC_ROOT)) and candidate.is_file():
            return candidate
    return None


def _static_folders() -> list[Path]:
    folders = [Path(folder) for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        folders.append(Path(settings.STATIC_ROOT))
    return folders


class SafeURLFetcher(URLFetcher):
    """Serves ``data:`` URLs and the app's static and media files; refuses the rest.

    No request leaves the process: there are no HTTP handlers to follow a redirect with,
    and a file is served only if its real path (links resolved) lies inside the static or
    media folders.
    """

    def __init__(self, base_url: str = BASE_URL):
        super().__init__(allowed_protocols={"data", "file", "http", "https"}, allow_redirects=False)
        self.base_url = base_url

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        path = self._resolve(url, scheme)
        if path is None:
            logger.warning("PDF rendering refused to fetch %s", url)
            raise RefusedURL(f"Refused to fetch {url}: only the app's own files are used")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _resolve(self, url: str, scheme: str) -> Path | None:
        parts = urlsplit(url)
        if scheme in {"http", "https"} and url.startswith(self.base_url):
            route = unquote(parts.path)
            if ".." in PurePosixPath(route).parts:
                return None
            if route.startswith(settings.STATIC_URL):
                return _static_file(route.removeprefix(settings.STATIC_URL))
            if route.startswith(settings.MEDIA_URL):
                candidate = Path(settings.MEDIA_ROOT) / route.removeprefix(settings.MEDIA_URL)
                if _inside(candidate, Path(settings.MEDIA_ROOT)) and candidate.is_file():
                    return candidate
            return None
        if scheme == "file" and not parts.netloc:
            candidate = Path(unquote(parts.path))
            folders = [*_static_folders(), Path(settings.MEDIA_ROOT)]
            if candidate.is_file() and any(_inside(candidate, folder) for folder in folders):
                return candidate
        return None


def render_pdf(html: str, base_url: str = BASE_URL) -> bytes:
    """Render a document's HTML as a tagged PDF (PDF/UA-1), with the app's fetcher.

    The document's own ``<html lang>`` and ``<title>`` become the PDF's language and
    title, and its headings its bookmarks. ``base_url`` is the site's address: the
    fetcher serves the app's files for links under it and nothing else.
    """
    return weasyprint_document(html, base_url).write_pdf(pdf_variant=PDF_VARIANT)


def page_count(html: str, base_url: str = BASE_URL) -> int:
    """How many pages a document's HTML lays out to, without writing the PDF."""
    return len(weasyprint_document(html, base_url).render().pages)


def weasyprint_document(html: str, base_url: str) -> weasyprint.HTML:
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=SafeURLFetcher(base_url))
