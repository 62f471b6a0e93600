"""Documents as PDFs, for the reader who asks: see meetings/documents.py for what is in
each, and scrutiny/documents/rendering.py for how they are rendered (by the task worker, never
while a reader waits) and kept."""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from scrutiny.documents.document import stored_pdf
from scrutiny.documents.models import DocumentRender
from scrutiny.documents.rendering import KINDS, document_request, mark_served
from scrutiny.kernel.dates import today
from scrutiny.kernel.officers import officer_only

from ..documents import letter_filename
from ..letter_records import letter_record_requested
from ..models import Meeting, RecommendationLetter, Report, Supplement
from ..tracker import chased_recommendations

# How soon a reader told that a document is being prepared might ask again (seconds).
RETRY_AFTER_SECONDS = 10


def serve_document(request, kind: str, params: dict):
    """Send this reader's copy of a document if it is stored; otherwise say it is being
    prepared (and queue it), or that it could not be made.

    The caller has checked that the reader may see the document. Nothing here builds or
    renders it: a request costs a few queries whatever the document. An unchanged
    document answers 304 to a conditional request.
    """
    job = document_request(kind, params, request.user)
    pdf = None
    if job is not None and job.status == DocumentRender.Status.READY:
        if f'"{job.key}"' in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            pdf = stored_pdf(job.key)
            if pdf is None:  # evicted a moment ago: the next request queues it again
                return _not_ready(request, kind, params, job)
            response = HttpResponse(pdf, content_type="application/pdf")
            # RFC 6266, with the RFC 5987 form when the name is not plain ASCII.
            response["Content-Disposition"] = content_disposition_header(False, job.filename)
            response["X-Content-Type-Options"] = "nosniff"
        mark_served(job)
        response["ETag"] = f'"{job.key}"'
        # Each reader's copy differs (exempt papers): keep it out of shared caches, and ask
        # the browser to check back, which the ETag makes cheap.
        response["Cache-Control"] = "private, no-cache"
        return response
    return _not_ready(request, kind, params, job)


def _not_ready(request, kind: str, params: dict, job: DocumentRender | None):
    failed = job is not None and job.status == DocumentRender.Status.FAILED
    response = render(
        request,
        "meetings/document_failed.html" if failed else "meetings/document_preparing.html",
        {"html_url": KINDS[kind].page(params), "again_url": request.get_full_path()},
        status=503,
    )
    if not failed:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # Django logs every 5xx answer as an error unless told it has been logged; a
        # document being prepared is the expected answer, and a flood of them is not
        # worth a log line each.
        response._has_been_logged = True
    # Not even the browser keeps it: the next request must ask again.
    response["Cache-Control"] = "no-store"
    return response


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)


def agenda_pdf(request, pk):
    return serve_document(request, "agenda", {"meeting": _meeting(request, pk).pk})


def report_pdf(request, pk):
    report = get_object_or_404(Report.objects.visible_to(request.user), pk=pk)
    return serve_document(request, "report", {"report": report.pk})


def lines_of_enquiry_pdf(request, pk):
    return serve_document(request, "lines_of_enquiry", {"meeting": _meeting(request, pk).pk})


def pack_pdf(request, pk):
    return serve_document(request, "pack", {"meeting": _meeting(request, pk).pk})


def supplement_pdf(request, pk):
    """A supplement's own PDF: the public's once it is published, an officer's before."""
    supplement = get_object_or_404(Supplement.objects.visible_to(request.user), pk=pk)
    return serve_document(request, "supplement", {"supplement": supplement.pk})


@officer_only
def letter_pdf(request, pk):
    """An issued letter is sent as its record, the PDF made once when it was issued
    (meetings/letter_records.py), never rendered again; until that is made the reader is
    told it is being prepared. A draft letter is a document like any other."""
    letter = get_object_or_404(
        RecommendationLetter.objects.select_related("meeting__committee", "addressee"), pk=pk
    )
    if letter.status != RecommendationLetter.Status.ISSUED:
        params = {"letter": letter.pk, "meeting": letter.meeting_id}
        return serve_document(request, "letter", params)
    if not letter.record:
        letter_record_requested(letter)
        response = render(
            request,
            "meetings/letter_being_prepared.html",
            {"letter": letter, "filename": letter_filename(letter)},
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True  # expected, not an error: see _not_ready
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
    if not chased_recommendations(letter, day):
        raise Http404("No response to this letter is overdue.")
    return serve_document(request, "chaser", {"letter": letter.pk, "day": day.isoformat()})
