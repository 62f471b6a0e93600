"""Documents are rendered once per content and kept: the same HTML, print stylesheet,
WeasyPrint version, variant and uploads always give byte-identical PDFs, so a hash of
them names the stored file and serves as its ETag."""

import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path

import weasyprint
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .limits import fork_lock, run_limited
from .pdf import PDF_VARIANT, render_pdf
from .pdf_merge import render_with_inserts

PRINT_STYLESHEET = "css/print.css"
# Raised when the app changes what it does to a rendered PDF (the merging of uploads,
# say), so that documents stored before the change are rendered again.
DOCUMENT_FORMAT = 2
STORE = "documents"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def _stylesheet_digest(path: str, modified: float) -> str:
    return _file_digest(Path(path))


def renderer_fingerprint() -> str:
    """What makes a PDF besides its content: the renderer, its variant, what the app does
    to its output, and the stylesheet.

    The stylesheet is hashed again only when its file changes.
    """
    stylesheet = finders.find(PRINT_STYLESHEET)
    digest = _stylesheet_digest(stylesheet, os.stat(stylesheet).st_mtime) if stylesheet else ""
    return f"{weasyprint.__version__}|{PDF_VARIANT}|{DOCUMENT_FORMAT}|{digest}"


def document_key(html: str, base_url: str, inserts: dict | None = None) -> str:
    digest = hashlib.sha256()
    for part in (renderer_fingerprint(), base_url, html):
        digest.update(part.encode())
        digest.update(b"\0")
    for anchor, (path, title) in sorted((inserts or {}).items()):
        digest.update(f"{anchor}\0{title}\0{_file_digest(path)}\0".encode())
    return digest.hexdigest()


# A page using the print stylesheet's fonts, rendered once in the long-lived process.
WARM_UP = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Warm-up</title>'
    f'<link rel="stylesheet" href="/static/{PRINT_STYLESHEET}"></head>'
    "<body><h1>Heading</h1><p>Text, <strong>bold</strong>.</p></body></html>"
)


_warmed = threading.Event()


def _warm_renderer() -> None:
    """Load fonts and Pango once, here, so that every forked render inherits them.

    Otherwise each child process loads them again: about 0.1 s a document. It holds the
    fork lock, so that no thread forks while this one is inside Pango, whose own locks a
    child would inherit held.
    """
    with fork_lock:
        if not _warmed.is_set():
            render_pdf(WARM_UP)
            _warmed.set()


def _name(key: str) -> str:
    return f"{STORE}/{key}.pdf"


def stored_pdf(key: str) -> bytes | None:
    """The stored PDF with this key, if it has been rendered."""
    try:
        with default_storage.open(_name(key), "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def document_pdf(
    html: str, base_url: str, inserts: dict | None = None, key: str | None = None
) -> tuple[str, bytes]:
    """The PDF for this content, from the store, or rendered and stored now.

    ``key`` is ``document_key`` of the same arguments, if the caller has it already.
    """
    key = key or document_key(html, base_url, inserts)
    pdf = stored_pdf(key)
    if pdf is not None:
        return key, pdf
    # In a child process under a time and memory limit: a document that would hang or
    # exhaust the worker fails on its own instead.
    _warm_renderer()
    if inserts:
        pdf = run_limited(render_with_inserts, html, inserts, base_url).value
    else:
        pdf = run_limited(render_pdf, html, base_url).value
    if not default_storage.exists(_name(key)):
        default_storage.save(_name(key), ContentFile(pdf))
    return key, pdf
