"""Documents as PDFs, rendered from the same templates as the pages (one source)."""

import logging
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from pypdf.errors import PdfReadError

from scrutiny.editing import officer_only
from scrutiny.pdf import page_slots, render_pdf, render_with_inserts

from ..models import Appendix, Meeting, RecommendationLetter, Report
from ..queries import agenda_for, lines_of_enquiry_grouped, report_sections

logger = logging.getLogger(__name__)


def document_filename(meeting: Meeting, document: str) -> str:
    """A name people can file: 2018-09-25-crime-and-disorder-committee-agenda.pdf."""
    committee = meeting.committee.acting_as or meeting.committee.name
    return f"{meeting.date:%Y-%m-%d}-{slugify(committee)}-{document}.pdf"


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # RFC 6266, with the RFC 5987 form when the name is not plain ASCII.
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
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
        "for_print": True,
        "running_header": f"{meeting.committee.name}, {meeting.date:%-d %B %Y}",
    }
    html = render_to_string("pdf/agenda.html", context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, document_filename(meeting, "agenda"))


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
        "for_print": True,
        "running_header": f"{meeting.committee.name}, {meeting.date:%-d %B %Y}, item {item.number}",
    }
    html = render_to_string("pdf/report.html", context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, document_filename(meeting, f"item-{item.number}-report"))


def lines_of_enquiry_pdf(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    context = {
        "meeting": meeting,
        **lines_of_enquiry_grouped(meeting, request.user),
        "for_print": True,
        "running_header": f"{meeting.committee.name}, {meeting.date:%-d %B %Y}",
    }
    html = render_to_string("pdf/lines_of_enquiry.html", context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return pdf_response(pdf, document_filename(meeting, "lines-of-enquiry"))


def _pack_entries(items) -> tuple[list[dict], dict]:
    """Each agenda item with its report, and the pages to keep for uploaded appendices."""
    entries, inserts = [], {}
    for item in items:
        report = item.current_report
        entry = {"item": item, "report": report, "appendices": []}
        if report:
            entry["sections"] = report_sections(report)
            entry["records"] = list(report.appendices.order_by("number"))
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
    items = list(agenda_for(meeting, request.user))
    entries, inserts = _pack_entries(items)
    includes_exempt = any(item.is_exempt for item in items)
    context = {
        "meeting": meeting,
        "items": items,
        "entries": entries,
        "includes_exempt": includes_exempt,
        "withheld": meeting.agenda_items.count() - len(items),
        "for_print": True,
        "running_header": f"{meeting.committee.name}, {meeting.date:%-d %B %Y}",
    }
    html = render_to_string("pdf/pack.html", context, request=request)
    pdf = render_with_inserts(html, inserts, base_url=request.build_absolute_uri("/"))
    name = "meeting-pack-councillors" if includes_exempt else "meeting-pack"
    return pdf_response(pdf, document_filename(meeting, name))


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
        "for_print": True,
        "running_header": f"{meeting.committee.name}: letter {letter.reference}",
    }
    html = render_to_string("pdf/letter.html", context, request=request)
    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
    return pdf_response(
        pdf, document_filename(meeting, f"letter-to-{slugify(letter.addressee.name)}")
    )
