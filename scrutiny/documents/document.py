"""Documents are rendered once per content and kept: the same HTML, print stylesheet,
WeasyPrint version, variant and uploads always give byte-identical PDFs, so a hash of
them names the stored file and serves as its ETag.

Only the task worker renders (scrutiny/documents/rendering.py); a reader's request reads what is
stored. A stored file is written whole under a temporary name and then renamed, so a
writer that dies part way leaves nothing a reader could be sent.
"""

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from scrutiny.documents.assembly import join_tagged
from scrutiny.documents.files import write_whole
from scrutiny.documents.limits import Outcome, fork_lock, run_limited
from scrutiny.documents.pdf import PDF_VARIANT, page_count, render_pdf
from scrutiny.documents.stamping import stamp_font
from scrutiny.kernel.council import Council
from scrutiny.kernel.text import without_control_characters

PRINT_STYLESHEET = "css/print.css"
# Raised when the app changes what it does to a rendered PDF (the merging of uploads,
# say), so that documents stored before the change are rendered again.
DOCUMENT_FORMAT = 3
STORE = "documents"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def _stylesheet_digest(path: str, modified: float) -> str:
    return file_digest(Path(path))


def renderer_fingerprint() -> str:
    """What makes a PDF besides its content: the renderer, its variant, what the app does
    to its output, and the stylesheet.

    The stylesheet is hashed again only when its file changes.
    """
    stylesheet = finders.find(PRINT_STYLESHEET)
    digest = _stylesheet_digest(stylesheet, os.stat(stylesheet).st_mtime) if stylesheet else ""
    return f"{weasyprint.__version__}|{PDF_VARIANT}|{DOCUMENT_FORMAT}|{digest}"


def document_key(html: str, base_url: str) -> str:
    digest = hashlib.sha256()
    for part in (renderer_fingerprint(), base_url, html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Document:
    """A printable document: a template and its context, and what to call the PDF."""

    template: str
    context: dict
    # The name people file it under, and the page that shows the same content.
    filename: str
    html_url: str
    # A document too long to render in one step under the limits is rendered a part at a
    # time: each of these is laid over the context of one part. None: in one piece.
    parts: tuple[dict, ...] = ()

    def _html(self, part: dict) -> str:
        # Rendered without a request: a document is the same for every reader it is
        # built for, and the site's own address comes from settings.
        council = Council.current()
        context = {
            **self.context,
            **part,
            "for_print": True,
            "council": council,
            "council_name": council.name,
        }
        # Records saved before forms took control characters out may still hold them.
        return without_control_characters(render_to_string(self.template, context))

    @cached_property
    def html(self) -> str:
        """The whole document's HTML (of a document in parts, each part's in turn)."""
        return "\n".join(self.part_htmls)

    @cached_property
    def part_htmls(self) -> list[str]:
        return [self._html(part) for part in self.parts] or [self._html({})]

    @cached_property
    def key(self) -> str:
        """Names the stored PDF and serves as its ETag."""
        return document_key(self.html, settings.SCRUTINY_SITE_URL)

    def render(self, after_each_step: Callable[[], None] | None = None) -> list[Outcome] | None:
        """Render and store the PDF, unless it is stored already (then ``None``); return
        each step's time and peak memory.

        Only the task worker calls this: rendering takes seconds, and a reader's request
        must never wait for it (scrutiny/documents/rendering.py). Each step runs in a child process
        under the time and memory limits, so a document that would hang or exhaust the
        worker fails on its own instead. ``after_each_step`` is called between the steps
        of a document rendered in parts: the worker renews its leases there.
        """
        if is_stored(self.key):
            return None
        warm_renderer()
        base_url = settings.SCRUTINY_SITE_URL
        if len(self.part_htmls) == 1:
            steps = [run_limited(render_pdf, self.html, base_url)]
        else:
            steps = _render_in_parts(self.part_htmls, base_url, after_each_step)
        store_pdf(self.key, steps[-1].value)
        return steps

    def pdf(self) -> bytes:
        """The stored PDF, rendered first if need be: for the worker and for tests."""
        self.render()
        return stored_pdf(self.key)


# Laid over each part: its pages numbered on from the last part's, out of the whole.
PART_NUMBERING = (
    "<style>@page {{ @bottom-center {{ content: 'Page ' counter(page) ' of {total}'; }} }}"
    " @page :first {{ counter-reset: page {first}; }}</style></head>"
)


def _render_in_parts(
    htmls: list[str], base_url: str, after_each_step: Callable[[], None] | None
) -> list[Outcome]:
    """Render a long document a part at a time, and join the parts into one tagged PDF.

    Each step is small enough for the limits: first each part is laid out to count its
    pages (so each can say "Page X of Y"), then each is rendered with its numbering, then
    the parts are joined. The last step's value is the whole PDF.
    """
    done = after_each_step or (lambda: None)
    counting = []
    for html in htmls:
        counting.append(run_limited(page_count, html, base_url))
        done()
    total = sum(step.value for step in counting)
    rendering, first = [], 1
    for html, step in zip(htmls, counting, strict=True):
        numbered = html.replace("</head>", PART_NUMBERING.format(total=total, first=first), 1)
        rendering.append(run_limited(render_pdf, numbered, base_url))
        done()
        first += step.value
    joined = run_limited(join_tagged, [step.value for step in rendering])
    return [*counting, *rendering, joined]


# A page using the print stylesheet's fonts, rendered once in the long-lived process.
WARM_UP = (
    '<!DOCTYPE html><html lang="en-GB"><head><title>Warm-up</title>'
    f'<link rel="stylesheet" href="/static/{PRINT_STYLESHEET}"></head>'
    "<body><h1>Heading</h1><p>Text, <strong>bold</strong>.</p></body></html>"
)


_warmed = threading.Event()


def warm_renderer() -> None:
    """Load fonts and Pango once, here, so that every forked render inherits them, and
    the font an assembled document's pages are stamped in (scrutiny/documents/stamping.py).

    Otherwise each child process loads them again: about 0.1 s a document. It holds the
    fork lock, so that no thread forks while this one is inside Pango, whose own locks a
    child would inherit held.
    """
    with fork_lock:
        if not _warmed.is_set():
            render_pdf(WARM_UP)
            stamp_font()
            _warmed.set()


def stored_path(key: str) -> Path:
    return Path(default_storage.path(f"{STORE}/{key}.pdf"))


def is_stored(key: str) -> bool:
    return stored_path(key).is_file()


def stored_pdf(key: str) -> bytes | None:
    """The stored PDF with this key, if it has been rendered."""
    try:
        return stored_path(key).read_bytes()
    except FileNotFoundError:
        return None


def store_pdf(key: str, pdf: bytes) -> None:
    write_whole(stored_path(key), pdf)


def forget_pdf(key: str) -> None:
    stored_path(key).unlink(missing_ok=True)
