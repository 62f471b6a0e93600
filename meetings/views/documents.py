"""Documents as PDFs, for the reader who asks: see meetings/documents.py for what is in
each, and scrutiny/documents.py for how they are rendered and kept."""

import logging
from collections.abc import Callable

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from scrutiny.editing import officer_only

from ..documents import (
    Document,
    ReaderCopy,
    agenda_document,
    chaser_document,
    letter_document,
    letter_filename,
    lines_of_enquiry_document,
    pack_document,
    report_document,
)
from ..letter_records import letter_record_requested
from ..models import Meeting, RecommendationLetter, Report
from ..queries import today
from ..tracker import chased_recommendations

logger = logging.getLogger(__name__)

# A letter's record is one small render: worth asking again soon.
LETTER_RETRY_SECONDS = 10


def serve_document(request, identity: str, build: Callable[[], Document]):
    """Send this reader's copy of a document, rendering it first if it is not stored yet.

    ``identity`` names the document (``"pack 12"``) and ``build`` makes it for this
    reader (see ``ReaderCopy``). An unchanged document answers 304 to a conditional
    request. If rendering fails the reader gets a page that says so and links to the
    HTML version; the failure is logged with the document, and no traceback is shown.
    """
    copy = ReaderCopy(request.user, identity, build)
    if f'"{copy.key}"' in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            pdf = copy.pdf()
        except Exception:
            logger.exception("Rendering %s (%s) failed", copy.filename, request.path)
            return render(
                request,
                "meetings/document_failed.html",
                {"html_url": copy.document.html_url, "filename": copy.filename},
                status=503,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        # RFC 6266, with the RFC 5987 form when the name is not plain ASCII.
        response["Content-Disposition"] = content_disposition_header(False, copy.filename)
        response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = f'"{copy.key}"'
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
    """An issued letter is sent as its record, the PDF made once when it was issued
    (meetings/letter_records.py), never rendered again; until that is made the reader is
    told it is being prepared. A draft letter is a document like any other."""
    letter = get_object_or_404(
        RecommendationLetter.objects.select_related("meeting__committee", "addressee"), pk=pk
    )
    if letter.status != RecommendationLetter.Status.ISSUED:
        return serve_document(request, f"letter {pk}", lambda: letter_document(letter))
    if not letter.record:
        letter_record_requested(letter)
        response = render(
            request,
            "meetings/letter_being_prepared.html",
            {"letter": letter, "filename": letter_filename(letter)},
            status=503,
        )
        response["Retry-After"] = str(LETTER_RETRY_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    etag = f'"{letter.record.name}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        with letter.record.open("rb") as record:
            response = HttpResponse(record.read(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(False, letter_filename(letter))
        response["X-Content-Type-Options"] = "nosniff"
    # The record never changes, but it is correspondence: kept out of shared caches.
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@officer_only
def chaser_pdf(request, pk):
    """A reminder for the overdue responses to one letter; there is none if none is late."""
    letter = get_object_or_404(
        RecommendationLetter.objects.select_related("meeting__committee", "addressee"),
        pk=pk,
        status=RecommendationLetter.Status.ISSUED,
    )
    day = today()
    late = chased_recommendations(letter, day)
    if not late:
        raise Http404("No response to this letter is overdue.")
    return serve_document(request, f"chaser {pk} {day}", lambda: chaser_document(letter, late, day))
