"""Documents as PDFs, for the reader who asks: see meetings/documents.py for what is in
each, and scrutiny/documents.py for how they are rendered and kept."""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from scrutiny.documents import document_key
from scrutiny.editing import officer_only

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


def serve_document(request, document: Document):
    """Send the stored PDF of a document, rendering it first if it is not stored yet.

    An unchanged document answers 304 to a conditional request. If rendering fails the
    reader gets a page that says so and links to the HTML version; the failure is logged
    with the document, and no traceback is shown.
    """
    html = document.html()
    etag = f'"{document_key(html, settings.SCRUTINY_SITE_URL, document.inserts)}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            _, pdf = document.pdf()
        except Exception:
            logger.exception("Rendering %s (%s) failed", document.filename, request.path)
            return render(
                request,
                "meetings/document_failed.html",
                {"html_url": document.html_url, "filename": document.filename},
                status=503,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        # RFC 6266, with the RFC 5987 form when the name is not plain ASCII.
        response["Content-Disposition"] = content_disposition_header(False, document.filename)
        response["X-Content-Type-Options"] = "nosniff"
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
    return serve_document(request, agenda_document(_meeting(request, pk), request.user))


def report_pdf(request, pk):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "author", "agenda_item__meeting__committee"
        ),
        pk=pk,
    )
    return serve_document(request, report_document(report))


def lines_of_enquiry_pdf(request, pk):
    meeting = _meeting(request, pk)
    return serve_document(request, lines_of_enquiry_document(meeting, request.user))


def pack_pdf(request, pk):
    return serve_document(request, pack_document(_meeting(request, pk), request.user))


@officer_only
def letter_pdf(request, pk):
    letter = get_object_or_404(
        RecommendationLetter.objects.select_related("meeting__committee", "addressee"), pk=pk
    )
    return serve_document(request, letter_document(letter))
