"""Officers' pages for writing in bulk: a report's body pasted or uploaded whole (preview,
then confirm), and several lines of enquiry or recommendations pasted at once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from scrutiny.kernel.editing import officer_edits

from .. import services
from ..authoring_forms import (
    LinesOfEnquiryAddSeveralForm,
    RecommendationsAddSeveralForm,
    ReportBodyConfirmForm,
    ReportBodyForm,
)
from ..models import Meeting, Report
from .public import _meeting_crumbs

# What the confirm form sends (its fields are prefixed "confirm-"); any other POST is
# the text or document to preview.
CONFIRM = "confirm"


@officer_edits(Report)
def report_body(request, report):
    """Two POSTs: the text or document is read and shown as it will be saved (nothing is
    saved); the confirm form carries the text back, read again, and saved in one go."""
    meeting = report.agenda_item.meeting
    context = {
        "report": report,
        "page_title": "Paste or upload the report's text",
        "back_url": report.get_absolute_url(),
        "has_body": report.sections.exists(),
        "crumbs": _meeting_crumbs(
            meeting, (report.title, report.get_absolute_url()), ("Paste or upload text", None)
        ),
    }
    form, confirm = ReportBodyForm(), None
    if request.method == "POST" and request.POST.get("confirm-step") == CONFIRM:
        confirm = ReportBodyConfirmForm(request.POST, report=report)
        # Below the preview, the text again, to change it and preview once more.
        form = ReportBodyForm(initial={"text": request.POST.get("confirm-text", "")})
        if confirm.is_valid():
            try:
                services.report_body_replace(
                    report=report, user=request.user, sections=confirm.parsed.sections
                )
            except ValidationError as error:
                confirm.add_error(None, error)
            else:
                parsed = confirm.parsed
                messages.success(
                    request,
                    f"The report now has {len(parsed.sections)} sections and "
                    f"{parsed.paragraph_count} paragraphs.",
                )
                return redirect(report.get_absolute_url())
        context["parsed"] = confirm.parsed
    elif request.method == "POST":
        form = ReportBodyForm(request.POST, request.FILES)
        if form.is_valid():
            confirm = ReportBodyConfirmForm.carrying(form.parsed, report=report)
            context["parsed"] = confirm.parsed
    context.update(form=form, confirm=confirm)
    return render(request, "meetings/report_body.html", context)


def _add_several(request, meeting, *, form_class, title, add, back_url, what):
    form_kwargs = {"meeting": meeting} if form_class is RecommendationsAddSeveralForm else {}
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        added = add(form.cleaned_data)
        messages.success(request, f"{len(added)} {what} have been added.")
        return redirect(back_url)
    context = {
        "form": form,
        "page_title": title,
        "back_url": back_url,
        "crumbs": _meeting_crumbs(meeting, (title, None)),
    }
    return render(request, "meetings/add_several.html", context)


@officer_edits(Meeting)
def lines_of_enquiry_add_several(request, meeting):
    return _add_several(
        request,
        meeting,
        form_class=LinesOfEnquiryAddSeveralForm,
        title="Add several lines of enquiry",
        add=lambda values: services.lines_of_enquiry_add_several(
            meeting=meeting, user=request.user, questions=values["items"]
        ),
        back_url=reverse("meetings:lines_of_enquiry", args=[meeting.pk]),
        what="lines of enquiry",
    )


@officer_edits(Meeting)
def recommendations_add_several(request, meeting):
    return _add_several(
        request,
        meeting,
        form_class=RecommendationsAddSeveralForm,
        title="Add several recommendations",
        add=lambda values: services.recommendations_add_several(
            meeting=meeting,
            user=request.user,
            texts=values["items"],
            agenda_item=values["agenda_item"],
        ),
        back_url=reverse("meetings:recommendations", args=[meeting.pk]),
        what="recommendations",
    )
