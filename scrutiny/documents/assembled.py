"""A document assembled from pieces (the meeting pack): papers the app renders, each kept
once per content, uploaded files put in as they are, and a front (cover, contents) that
gives each piece's pages.

Rendering it, in the task worker: the papers not already kept are rendered side by side,
one child process a CPU under the usual limits (scrutiny/documents/limits.py); their page
counts, with the uploads', say where each piece starts; the front is rendered with those
numbers (again if its own page count turns out other than assumed); and the pieces are
assembled (scrutiny/documents/assembly.py) and the whole stored. A change to one paper
renders that paper and, if a page number moved, the front: the rest is read back.
"""

import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property, partial
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from scrutiny.documents.assembly import Piece, assemble, page_count
from scrutiny.documents.document import (
    Document,
    file_digest,
    is_stored,
    renderer_fingerprint,
    store_pdf,
    stored_path,
    stored_pdf,
    warm_renderer,
)
from scrutiny.documents.limits import Outcome, run_limited
from scrutiny.documents.pdf import page_count as count_pages
from scrutiny.documents.pdf import render_pdf

# How many times the front is laid out at most to find its length with its numbers.
FRONT_ATTEMPTS = 4
# How long the draft front's length is remembered, so that a change to one paper does
# not lay the front out again (its HTML, and so its key, is the same).
FRONT_LENGTH_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class PaperPiece:
    """A paper the app renders: a document of its own."""

    document: Document
    header: str
    anchor: str

    @property
    def content_key(self) -> str:
        return self.document.key


@dataclass(frozen=True)
class UploadPiece:
    """An uploaded PDF, put in whole: its file and its page count."""

    path: Path
    pages: int
    header: str
    anchor: str

    @cached_property
    def content_key(self) -> str:
        return file_digest(self.path)


@dataclass(frozen=True)
class AssembledDocument:
    # The cover and contents, with no page numbers yet: its context gains, from
    # ``number_front``, what it says of each piece's pages. Its filename and page are the
    # whole document's.
    front: Document
    front_header: str
    pieces: tuple
    # Bookmarks (scrutiny.documents.assembly): piece 0 is the front, 1 the first piece.
    outline: tuple
    link_prefix: str
    # Given each piece's (first, last) page, indexed as the outline's, what to add to
    # the front's context for it to show them.
    number_front: Callable[[dict], dict]

    @cached_property
    def draft_front(self) -> Document:
        """The front with every page number a placeholder of three digits: as long as the
        numbered front, bar a line that wraps differently, and known before any paper is
        rendered, so it is laid out beside them to learn the front's length."""
        placeholders = dict.fromkeys(range(1, len(self.pieces) + 1), (100, 199))
        return replace(self.front, context=self.front.context | self.number_front(placeholders))

    @property
    def filename(self) -> str:
        return self.front.filename

    @property
    def html_url(self) -> str:
        return self.front.html_url

    @property
    def context(self) -> dict:
        return self.front.context

    @cached_property
    def key(self) -> str:
        """Names the stored PDF: every piece's content, and how they are put together."""
        digest = hashlib.sha256()
        parts = [
            renderer_fingerprint(),
            "assembled",
            self.draft_front.key,
            self.front_header,
            self.link_prefix,
            repr(self.outline),
        ]
        for piece in self.pieces:
            parts += [type(piece).__name__, piece.content_key, piece.header, piece.anchor]
        for part in parts:
            digest.update(part.encode())
            digest.update(b"\0")
        return digest.hexdigest()

    @cached_property
    def html(self) -> str:
        """Every paper's HTML after the front's, for comparing renderers on the same text."""
        return "\n".join([self.draft_front.html, *(p.document.html for p in self.papers)])

    @property
    def papers(self) -> list[PaperPiece]:
        return [piece for piece in self.pieces if isinstance(piece, PaperPiece)]

    def render(self, after_each_step: Callable[[], None] | None = None) -> list[Outcome] | None:
        """Render what is not kept yet, assemble, and store; each step's outcome, or None
        if the whole is stored already. Only the task worker calls this."""
        if is_stored(self.key):
            return None
        done = after_each_step or (lambda: None)
        warm_renderer()
        steps = _render_side_by_side([paper.document for paper in self.papers], self._front_length)
        done()
        for paper in self.papers:
            # Used now: kept from the pruning of files no render has needed for a while.
            stored_path(paper.document.key).touch()
        front, front_steps = self._numbered_front(self._page_counts())
        steps += front_steps
        done()
        pieces = [
            Piece(stored_path(front.key), tagged=True, header=self.front_header),
            *(
                Piece(
                    piece.path
                    if isinstance(piece, UploadPiece)
                    else stored_path(piece.document.key),
                    tagged=isinstance(piece, PaperPiece),
                    header=piece.header,
                    anchor=piece.anchor,
                )
                for piece in self.pieces
            ),
        ]
        assembled = run_limited(assemble, pieces, list(self.outline), self.link_prefix)
        store_pdf(self.key, assembled.value)
        return [*steps, assembled]

    def _page_counts(self) -> list[int]:
        return [
            piece.pages
            if isinstance(piece, UploadPiece)
            else page_count(stored_path(piece.document.key))
            for piece in self.pieces
        ]

    def rendered_parts(self) -> list[Path]:
        """The stored files of the rendered pieces the last render assembled, front first:
        for tests that compare the pack with its parts."""
        front, _ = self._numbered_front(self._page_counts())
        return [stored_path(front.key), *(stored_path(p.document.key) for p in self.papers)]

    def pdf(self) -> bytes:
        """The stored PDF, rendered first if need be: for the worker and for tests."""
        self.render()
        return stored_pdf(self.key)

    def _numbered_front(self, counts: list[int]) -> tuple[Document, list[Outcome]]:
        """The front, rendered with every piece's pages, and the steps that took.

        Where the pieces start depends on the front's own length: it is taken to be the
        draft front's, and the front rendered again with the numbers moved in the rare
        case that its numbers made it longer or shorter.
        """
        outcome = self._front_length()  # known already, unless the cache has lost it
        steps = [outcome] if outcome else []
        guess = outcome.value if outcome else cache.get(self._front_length_key)
        for _attempt in range(FRONT_ATTEMPTS):
            pages, first = {}, guess + 1
            for index, count in enumerate(counts, start=1):
                pages[index] = (first, first + count - 1)
                first += count
            front = replace(self.front, context=self.front.context | self.number_front(pages))
            steps += _render_side_by_side([front])
            length = page_count(stored_path(front.key))
            if length == guess:
                break
            guess = length
        cache.set(self._front_length_key, length, FRONT_LENGTH_SECONDS)
        return front, steps

    @property
    def _front_length_key(self) -> str:
        return f"assembled-front-length:{self.draft_front.key}"

    def _front_length(self) -> Outcome | None:
        """Lay the draft front out (beside the papers) to learn its length, unless that
        is known; the outcome, or None if it was known."""
        if cache.get(self._front_length_key) is not None:
            return None
        outcome = run_limited(count_pages, self.draft_front.html, settings.SCRUTINY_SITE_URL)
        cache.set(self._front_length_key, outcome.value, FRONT_LENGTH_SECONDS)
        return outcome


def _render_side_by_side(
    documents: list[Document], beside: Callable[[], Outcome | None] | None = None
) -> list[Outcome]:
    """Render and keep each document not kept yet, as many at once as there are CPUs,
    with the work ``beside`` (if any) first among them."""
    waiting = [document for document in documents if not is_stored(document.key)]
    # Each document's HTML is made here, in this thread: templates and the database
    # are not for the render threads, which only wait on their child processes.
    htmls = [(document.key, document.html) for document in waiting]
    base_url = settings.SCRUTINY_SITE_URL

    def render(job: tuple[str, str]) -> Outcome:
        key, html = job
        outcome = run_limited(render_pdf, html, base_url)
        store_pdf(key, outcome.value)
        return outcome

    jobs = [*([beside] if beside else []), *(partial(render, job) for job in htmls)]
    if len(jobs) <= 1:
        outcomes = [job() for job in jobs]
    else:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            outcomes = list(pool.map(lambda job: job(), jobs))
    return [outcome for outcome in outcomes if outcome is not None]
