"""Documents as PDFs, for the reader who asks: see meetings/documents.py for what is in
each, and scrutiny/documents.py for how they are rendered and kept."""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from scrutiny.documents import renderer_fingerprint, stored_pdf
from scrutiny.editing import officer_only
from scrutiny.page_cache import current_version
from scrutiny.roles import reader_tier

from ..documents import (
    Document,
    agenda_document,
    letter_document,
    lines_of_enquiry_document,
    pack_document,
    report_document,
)
from ..models import Meeting, RecommendationLetter, Report

logger = logging.getLogger(__name__)


def _known_key(request, identity: str) -> str | None:
    """Where this reader's copy of a document is remembered, if remembering is on.

    Building a document means queries and rendering its whole HTML, just to learn which
    stored PDF to send. The answer holds until a record changes, so it is kept under the
    content version (which any committed change moves on, see scrutiny/page_cache.py),
    what the reader may see, and the renderer's own version and stylesheet.
    """
    if not settings.SCRUTINY_PAGE_CACHE_SECONDS:
        return None
    parts = [current_version(), reader_tier(request.user), renderer_fingerprint(), identity]
    return "document:" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def serve_document(request, identity: str, build: Callable[[], Document]):
    """Send the stored PDF of a document, rendering it first if it is not stored yet.

    ``identity`` names the document (``"pack 12"``) and ``build`` makes it for this
    reader, which is only needed when the document may have changed since it was last
    sent. An unchanged document answers 304 to a conditional request. If rendering fails
    the reader gets a page that says so and links to the HTML version; the failure is
    logged with the document, and no traceback is shown.
    """
    reference = _known_key(request, identity)
    known = cache.get(reference) if reference else None
    document = None
    if known is None:
        document = build()
        known = (document.key, document.filename)
    key, filename = known
    etag = f'"{key}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        pdf = stored_pdf(key)
        if pdf is None:
            document = document or build()
            try:
                pdf = document.pdf()
            except Exception:
                logger.exception("Rendering %s (%s) failed", filename, request.path)
                return render(
                    request,
                    "meetings/document_failed.html",
                    {"html_url": document.html_url, "filename": filename},
                    status=503,
                )
        response = HttpResponse(pdf, content_type="application/pdf")
        # RFC 6266, with the RFC 5987 form when the name is not plain ASCII.
        response["Content-Disposition"] = content_disposition_header(False, filename)
        response["X-Content-Type-Options"] = "nosniff"
    if reference:
        cache.set(reference, known, timeout=settings.SCRUTINY_PAGE_CACHE_SECONDS)
    response["ETag"] = etag
    # Each reader's copy differs (exempt papers): keep it out of shared caches, and ask
    # the browser to check back, which the ETag makes cheap.
    response["Cache-Control"] = "private, no-cache"
    return response


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )


def agenda_pdf(request, pk):
    meeting = _meeting(request, pk)
    return serve_document(request, f"agenda {pk}", lambda: agenda_document(meeting, request.user))


def report_pdf(request, pk):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "author", "agenda_item__meeting__committee"
        ),
        pk=pk,
    )
    return serve_document(request, f"report {pk}", lambda: report_document(report))


def lines_of_enquiry_pdf(request, pk):
    meeting = _meeting(request, pk)
    return serve_document(
        request, f"lines of enquiry {pk}", lambda: lines_of_enquiry_document(meeting, request.user)
    )


def pack_pdf(request, pk):
    meeting = _meeting(request, pk)
    return serve_document(request, f"pack {pk}", lambda: pack_document(meeting, request.user))


@officer_only
def letter_pdf(request, pk):
    letter = get_object_or_404(
        RecommendationLetter.objects.select_related("meeting__committee", "addressee"), pk=pk
    )
    return serve_document(request, f"letter {pk}", lambda: letter_document(letter))
