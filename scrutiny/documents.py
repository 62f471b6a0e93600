"""Documents are rendered once per content and kept: the same HTML, print stylesheet,
WeasyPrint version, variant and uploads always give byte-identical PDFs, so a hash of
them names the stored file and serves as its ETag."""

import hashlib
from pathlib import Path

import weasyprint
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .limits import run_limited
from .pdf import PDF_VARIANT, render_pdf, render_with_inserts

PRINT_STYLESHEET = "css/print.css"
STORE = "documents"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document_key(html: str, base_url: str, inserts: dict | None = None) -> str:
    digest = hashlib.sha256()
    for part in (weasyprint.__version__, PDF_VARIANT, base_url, html):
        digest.update(part.encode())
        digest.update(b"\0")
    stylesheet = finders.find(PRINT_STYLESHEET)
    digest.update(Path(stylesheet).read_bytes() if stylesheet else b"")
    for anchor, (path, title) in sorted((inserts or {}).items()):
        digest.update(f"{anchor}\0{title}\0{_file_digest(path)}\0".encode())
    return digest.hexdigest()


def document_pdf(html: str, base_url: str, inserts: dict | None = None) -> tuple[str, bytes]:
    """The PDF for this content, from the store, or rendered and stored now."""
    key = document_key(html, base_url, inserts)
    name = f"{STORE}/{key}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return key, stored.read()
    # In a child process under a time and memory limit: a document that would hang or
    # exhaust the worker fails on its own instead.
    if inserts:
        pdf = run_limited(render_with_inserts, html, inserts, base_url).value
    else:
        pdf = run_limited(render_pdf, html, base_url).value
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(pdf))
    return key, pdf
