"""Documents as PDFs, rendered from the same templates as the pages (one source)."""

import logging
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from pypdf.errors import PdfReadError

from scrutiny.documents import document_key, document_pdf
from scrutiny.editing import officer_only
from scrutiny.pdf import page_slots

from ..models import Appendix, Meeting, RecommendationLetter, Report
from ..queries import (
    agenda_for,
    lines_of_enquiry_grouped,
    report_sections,
    report_sections_with_paragraphs,
)

logger = logging.getLogger(__name__)


def document_filename(meeting: Meeting, document: str) -> str:
    """A name people can file: 2018-09-25-crime-and-disorder-committee-agenda.pdf."""
    committee = meeting.committee.acting_as or meeting.committee.name
    return f"{meeting.date:%Y-%m-%d}-{slugify(committee)}-{document}.pdf"


def _running_header(meeting: Meeting, *after: str) -> str:
    """The line at the top of every page: the committee, the date, and what follows."""
    return ", ".join([meeting.committee.name, f"{meeting.date:%-d %B %Y}", *after])


def serve_document(request, *, template, context, filename, html_url, inserts=None):
    """Render (or fetch the stored) PDF of a document and send it.

    An unchanged document answers 304 to a conditional request. If rendering fails the
    reader gets a page that says so and links to the HTML version; the failure is logged
    with the document, and no traceback is shown.
    """
    html = render_to_string(template, {**context, "for_print": True}, request=request)
    base_url = request.build_absolute_uri("/")
    etag = f'"{document_key(html, base_url, inserts)}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            _, pdf = document_pdf(html, base_url, inserts)
        except Exception:
            logger.exception("Rendering %s (%s) failed", filename, request.path)
            return render(
                request,
                "meetings/document_failed.html",
                {"html_url": html_url, "filename": filename},
                status=503,
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        # RFC 6266, with the RFC 5987 form when the name is not plain ASCII.
        response["Content-Disposition"] = content_disposition_header(False, filename)
        response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    # Each reader's copy differs (exempt papers): keep it out of shared caches, and ask
    # the browser to check back, which the ETag makes cheap.
    response["Cache-Control"] = "private, no-cache"
    return response


def agenda_pdf(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    items = agenda_for(meeting, request.user)
    context = {
        "meeting": meeting,
        "items": items,
        "members": meeting.committee.members.order_by("role", "name"),
        # The public agenda says exempt items exist, never what they are.
        "withheld": meeting.agenda_items.count() - len(items),
        "running_header": _running_header(meeting),
    }
    return serve_document(
        request,
        template="pdf/agenda.html",
        context=context,
        filename=document_filename(meeting, "agenda"),
        html_url=meeting.get_absolute_url(),
    )


def report_pdf(request, pk):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "author", "agenda_item__meeting__committee"
        ),
        pk=pk,
    )
    item = report.agenda_item
    meeting = item.meeting
    context = {
        "report": report,
        "item": item,
        "meeting": meeting,
        "sections": report_sections(report),
        "appendices": Appendix.objects.filter(report=report).order_by("number"),
        "running_header": _running_header(meeting, f"item {item.number}"),
    }
    return serve_document(
        request,
        template="pdf/report.html",
        context=context,
        filename=document_filename(meeting, f"item-{item.number}-report"),
        html_url=report.get_absolute_url(),
    )


def lines_of_enquiry_pdf(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    context = {
        "meeting": meeting,
        **lines_of_enquiry_grouped(meeting, request.user),
        "running_header": _running_header(meeting),
    }
    return serve_document(
        request,
        template="pdf/lines_of_enquiry.html",
        context=context,
        filename=document_filename(meeting, "lines-of-enquiry"),
        html_url=reverse("meetings:lines_of_enquiry", args=[meeting.pk]),
    )


def _pack_entries(items) -> tuple[list[dict], dict]:
    """Each agenda item with its report, and the pages to keep for uploaded appendices."""
    entries, inserts = [], {}
    for item in items:
        report = item.current_report
        entry = {"item": item, "report": report, "appendices": []}
        if report:
            # Prefetched with the items (see pack_pdf), so the pack costs no query per report.
            entry["sections"] = report.sections.all()
            entry["records"] = list(report.appendices.all())
            for appendix in entry["records"]:
                slot, pages, unreadable = None, range(0), False
                if appendix.file:
                    try:
                        pages = range(page_slots(Path(appendix.file.path)))
                    except (OSError, PdfReadError):
                        # The pack is still made; the appendix is named, not merged.
                        logger.exception("Appendix %s could not be read", appendix.pk)
                        unreadable = True
                    else:
                        slot = f"appendix-slot-{appendix.pk}"
                        title = f"Item {item.number}, appendix {appendix.number}: {appendix.title}"
                        inserts[slot] = (Path(appendix.file.path), title)
                entry["appendices"].append(
                    {"record": appendix, "slot": slot, "pages": pages, "unreadable": unreadable}
                )
        entries.append(entry)
    return entries, inserts


def pack_pdf(request, pk):
    """The whole pack: cover, contents, agenda, then each report and its appendices.

    Everyone gets the pack of what they may see: exempt papers go only into the copy a
    councillor or an officer downloads.
    """
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    items = list(
        agenda_for(meeting, request.user).prefetch_related(
            Prefetch("report__sections", queryset=report_sections_with_paragraphs()),
            Prefetch("report__appendices", queryset=Appendix.objects.order_by("number")),
        )
    )
    entries, inserts = _pack_entries(items)
    includes_exempt = any(item.is_exempt for item in items)
    context = {
        "meeting": meeting,
        "items": items,
        "entries": entries,
        "includes_exempt": includes_exempt,
        "withheld": meeting.agenda_items.count() - len(items),
        "running_header": _running_header(meeting),
    }
    name = "meeting-pack-councillors" if includes_exempt else "meeting-pack"
    return serve_document(
        request,
        template="pdf/pack.html",
        context=context,
        filename=document_filename(meeting, name),
        html_url=meeting.get_absolute_url(),
        inserts=inserts,
    )


@officer_only
def letter_pdf(request, pk):
    """One recommendation letter: correspondence with a partner, for officers to send."""
    letter = get_object_or_404(
        RecommendationLetter.objects.select_related("meeting__committee", "addressee"), pk=pk
    )
    meeting = letter.meeting
    context = {
        "letter": letter,
        "meeting": meeting,
        "recommendations": letter.recommendations.order_by("position"),
        "response_days": settings.SCRUTINY_RESPONSE_DAYS,
        "running_header": f"{meeting.committee.name}: letter {letter.reference}",
    }
    return serve_document(
        request,
        template="pdf/letter.html",
        context=context,
        filename=document_filename(meeting, f"letter-to-{slugify(letter.addressee.name)}"),
        html_url=reverse("meetings:recommendations", args=[meeting.pk]),
    )
