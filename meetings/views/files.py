"""Uploaded files, served only to those who may see the report they belong to."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from ..models import Appendix


def appendix_download(request, pk):
    # Files live outside any public folder: the report's visibility decides who gets one.
    appendix = get_object_or_404(
        Appendix.objects.visible_to(request.user).select_related("report__agenda_item__meeting"),
        pk=pk,
    )
    if not appendix.can_be_merged:
        # A file that was never cleaned is kept for the record, and served to no one.
        raise Http404("This appendix has no file that can be downloaded.")
    meeting = appendix.report.agenda_item.meeting
    filename = (
        f"{meeting.date:%Y-%m-%d}-appendix-{appendix.label}-{slugify(appendix.title)[:60]}.pdf"
    )
    return pdf_download(appendix.file, filename)


def pdf_download(file, filename: str) -> FileResponse:
    """A stored, cleaned PDF (an appendix, slides) as a download named ``filename``: never
    shown in the browser's own page, and never sniffed as anything but a PDF."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
