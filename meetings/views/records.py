"""Nothing lost: the deleted items an officer can restore, and each record's history."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.history import changes_of
from scrutiny.kernel.models import binned_owner
from scrutiny.kernel.officers import officer_only

from .. import services
from ..models import (
    AgendaItem,
    Appendix,
    Committee,
    CommitteeMember,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Recommendation,
    Report,
    ReportParagraph,
    ReportSection,
)

# What can be restored, by the name the URL uses, as the bin lists it: its heading, and
# what each kind's name reads (so that the list costs one query a kind).
BIN = {
    "meeting": ("Meetings", Meeting, ("committee",)),
    "agenda-item": ("Agenda items", AgendaItem, ("meeting__committee",)),
    "report": ("Reports", Report, ("agenda_item__meeting",)),
    "section": ("Report sections", ReportSection, ("report",)),
    "paragraph": ("Report paragraphs", ReportParagraph, ("section",)),
    "appendix": ("Appendices", Appendix, ("report",)),
    "presentation": ("Presentations", Presentation, ("agenda_item",)),
    "presenter": ("Presenters", Presenter, ("agency",)),
    "line-of-enquiry": ("Lines of enquiry", LineOfEnquiry, ("meeting",)),
    "recommendation": ("Recommendations", Recommendation, ("meeting",)),
    "person": ("People", Person, ()),
    "membership": ("Committee memberships", CommitteeMember, ("person", "committee")),
    "committee": ("Committees", Committee, ()),
}
RESTORABLE = {kind: model for kind, (_, model, _) in BIN.items()}


@officer_only
def deleted_items(request):
    tables = [
        {
            "heading": heading,
            "kind": kind,
            "records": list(model.all_objects.deleted().select_related("deleted_by", *related)),
        }
        for kind, (heading, model, related) in BIN.items()
    ]
    context = {
        "tables": tables,
        "empty": not any(table["records"] for table in tables),
        "crumbs": crumbs(("Deleted items", None)),
    }
    return render(request, "meetings/deleted_items.html", context)


@officer_only
@require_POST
def restore(request, kind, pk):
    model = RESTORABLE.get(kind)
    if model is None:
        raise Http404
    # The bin's own page: it reaches what every editing page refuses.
    record = get_object_or_404(model.all_objects.deleted(), pk=pk)
    owner = binned_owner(record)
    if owner is not None:
        messages.error(
            request,
            f"“{record}” belongs to the {owner._meta.verbose_name} “{owner}”, which is "
            "deleted too: restore that first.",
        )
        return redirect("meetings:deleted_items")
    try:
        if isinstance(record, Committee):
            services.committee_restore(committee=record, user=request.user)
        else:
            services.record_restore(record=record, user=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect("meetings:deleted_items")
    messages.success(request, f"“{record}” has been restored.")
    return redirect(record.get_absolute_url())


@officer_only
def meeting_history(request, pk):
    # A binned meeting keeps its history: that is how an officer sees what was lost.
    meeting = get_object_or_404(Meeting.all_objects.select_related("committee"), pk=pk)
    item_ids = AgendaItem.all_objects.filter(meeting=meeting).values("pk")
    presentation_ids = Presentation.history.filter(agenda_item_id__in=item_ids).values("id")
    changes = changes_of(
        (Meeting.history.filter(id=meeting.pk), lambda row: "Meeting details"),
        (
            AgendaItem.history.filter(meeting_id=meeting.pk),
            lambda row: f"Agenda item {row.number}: {row.title}",
        ),
        (
            Presentation.history.filter(agenda_item_id__in=item_ids),
            lambda row: f"Presentation: {row.topic}",
        ),
        (
            Presenter.history.filter(presentation_id__in=presentation_ids),
            lambda row: f"Presenter {row.position}",
        ),
        (
            LineOfEnquiry.history.filter(meeting_id=meeting.pk),
            lambda row: f"Line of enquiry {row.position}",
        ),
        (
            Recommendation.history.filter(meeting_id=meeting.pk),
            lambda row: f"Recommendation {row.position}",
        ),
    )
    context = {
        "subject": meeting,
        "changes": changes,
        "crumbs": crumbs(
            (meeting.committee.name, meeting.committee.get_absolute_url()),
            (str(meeting.date), meeting.get_absolute_url()),
            ("History", None),
        ),
    }
    return render(request, "meetings/history.html", context)


@officer_only
def report_history(request, pk):
    report = get_object_or_404(Report.all_objects.select_related("agenda_item__meeting"), pk=pk)
    section_numbers = dict(
        ReportSection.history.filter(report_id=report.pk)
        .order_by("history_date")
        .values_list("id", "number")
    )
    changes = changes_of(
        (Report.history.filter(id=report.pk), lambda row: "Report details"),
        (
            ReportSection.history.filter(report_id=report.pk),
            lambda row: f"Section {row.number} {row.title}",
        ),
        (
            ReportParagraph.history.filter(section_id__in=section_numbers),
            lambda row: f"Paragraph {section_numbers.get(row.section_id, '?')}.{row.number}",
        ),
        (
            Appendix.history.filter(report_id=report.pk),
            lambda row: f"Appendix {row.number}",
        ),
    )
    context = {
        "subject": report,
        "changes": changes,
        "crumbs": crumbs((report.title, report.get_absolute_url()), ("History", None)),
    }
    return render(request, "meetings/history.html", context)
