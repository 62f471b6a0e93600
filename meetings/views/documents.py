"""Documents as PDFs, rendered from the same templates as the pages (one source)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from scrutiny.pdf import render_pdf

from ..models import Appendix, Meeting, Report
from ..queries import agenda_for, lines_of_enquiry_grouped, report_sections


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
