"""A meeting's documents (agenda, reports, lines of enquiry, pack, letters) as printable
HTML, from the same templates as the pages (one source), ready to become PDFs.

Each builder takes the reader the document is for, since exempt papers go only to
councillors and officers. The same builders serve a reader's request and the background
task that renders a published meeting's documents ahead of the readers, so both make the
same HTML and the second finds the PDF already stored.
"""

import datetime
import logging

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify

from scrutiny.documents.assembled import AssembledDocument
from scrutiny.documents.document import Document
from scrutiny.documents.rendering import DocumentUnavailable, document_kind

from .minutes_approval import minutes_readable
from .minutes_reading import minutes_context, minutes_meeting
from .models import Meeting, RecommendationLetter, Report, Supplement
from .pack import pack_document as assembled_pack
from .queries import (
    agenda_for,
    agenda_in_order,
    lines_of_enquiry_grouped,
    report_sections,
)
from .supplementing import supplements_shown
from .tracker import marked, status_counts

logger = logging.getLogger(__name__)


def document_filename(meeting: Meeting, document: str) -> str:
    """A name people can file: 2018-09-25-crime-and-disorder-committee-agenda.pdf."""
    title = meeting.committee_title
    committee = (title.crime_and_disorder and title.acting_as) or title.name
    return f"{meeting.date:%Y-%m-%d}-{slugify(committee)}-{document}.pdf"


def _running_header(meeting: Meeting, *after: str) -> str:
    """The line at the top of every page: the committee, the date, and what follows."""
    return ", ".join([meeting.committee_title.name, f"{meeting.date:%-d %B %Y}", *after])


def agenda_document(meeting: Meeting, reader) -> Document:
    context = {
        "meeting": meeting,
        # The public agenda shows an exempt item's number and paragraph, never what it is.
        "items": agenda_in_order(meeting, reader, agenda_for(meeting, reader)),
        "members": meeting.committee.members.select_related("person").order_by(
            "role", "person__name"
        ),
        "running_header": _running_header(meeting),
    }
    return Document(
        template="pdf/agenda.html",
        context=context,
        filename=document_filename(meeting, "agenda"),
        html_url=meeting.get_absolute_url(),
    )


def report_document(report: Report, reader) -> Document:
    """A report; the caller has already checked that the reader may see it."""
    item = report.agenda_item
    meeting = item.meeting
    context = {
        "report": report,
        "item": item,
        "meeting": meeting,
        "sections": report_sections(report),
        "appendices": report.appendices.released_to(reader)
        .select_related("supplement")
        .order_by("number"),
        "running_header": _running_header(meeting, f"item {item.number}"),
    }
    return Document(
        template="pdf/report.html",
        context=context,
        filename=document_filename(meeting, f"item-{item.number}-report"),
        html_url=report.get_absolute_url(),
    )


def lines_of_enquiry_document(meeting: Meeting, reader) -> Document:
    context = {
        "meeting": meeting,
        **lines_of_enquiry_grouped(meeting, reader),
        "running_header": _running_header(meeting),
    }
    return Document(
        template="pdf/lines_of_enquiry.html",
        context=context,
        filename=document_filename(meeting, "lines-of-enquiry"),
        html_url=reverse("meetings:lines_of_enquiry", args=[meeting.pk]),
    )


def pack_document(meeting: Meeting, reader) -> AssembledDocument:
    """The whole pack (meetings/pack.py) of what this reader may see: exempt papers go
    only into the copy a councillor or an officer downloads, which is named for it."""
    return assembled_pack(
        meeting,
        reader,
        public_name=document_filename(meeting, "meeting-pack"),
        councillors_name=document_filename(meeting, "meeting-pack-councillors"),
    )


def supplement_document(supplement: Supplement, reader) -> Document:
    """A supplement's own PDF, the supplementary agenda: the items it adds, as the agenda
    shows them, then the reports it publishes in full and the appendices it adds."""
    meeting = supplement.meeting
    agenda = agenda_in_order(meeting, reader, agenda_for(meeting, reader))
    contents = next(
        entry
        for entry in supplements_shown(meeting, reader, agenda)
        if entry["supplement"].pk == supplement.pk
    )
    new_items = [item for item in contents["items"] if not getattr(item, "is_withheld", False)]
    reports = [item.current_report for item in new_items if item.current_report]
    papers = sorted([*reports, *contents["reports"]], key=lambda report: report.agenda_item.number)
    context = {
        "meeting": meeting,
        "supplement": supplement,
        "items": contents["items"],
        "papers": [
            {
                "report": report,
                "sections": report_sections(report),
                "appendices": report.appendices.released_to(reader)
                .select_related("supplement")
                .order_by("number"),
                "anchor": f"report-{report.agenda_item.number}-",
            }
            for report in papers
        ],
        "appendices": contents["appendices"],
        "clear_days": settings.SCRUTINY_CLEAR_DAYS,
        "running_header": _running_header(meeting, f"supplement {supplement.number}"),
    }
    return Document(
        template="pdf/supplement.html",
        context=context,
        filename=document_filename(meeting, f"supplement-{supplement.number}"),
        html_url=supplement.get_absolute_url(),
    )


def minutes_document(meeting: Meeting, reader) -> Document:
    """The minutes (meetings/minutes_reading.py), marked as a draft on every page until
    they are approved."""
    minutes = minutes_context(meeting, reader)
    if not minutes["readable"]:
        raise DocumentUnavailable("These minutes are not open to this reader.")
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "running_header": _running_header(
            meeting, "DRAFT minutes, not yet approved" if minutes["draft"] else "minutes"
        ),
    }
    return Document(
        template="pdf/minutes.html",
        context=context,
        filename=document_filename(meeting, "draft-minutes" if minutes["draft"] else "minutes"),
        html_url=reverse("meetings:minutes", kwargs={"pk": meeting.pk}),
    )


def letter_document(letter: RecommendationLetter) -> Document:
    """One recommendation letter: correspondence with a partner, for officers to send."""
    meeting = letter.meeting
    context = {
        "letter": letter,
        "meeting": meeting,
        "recommendations": letter.recommendations.order_by("position").select_related(
            "minute__committee"
        ),
        "corrected_letter": RecommendationLetter.objects.filter(
            reference=letter.corrects_reference
        ).first()
        if letter.corrects_reference
        else None,
        "response_days": settings.SCRUTINY_RESPONSE_DAYS,
        "running_header": f"{meeting.committee_title.name}: letter {letter.reference}",
    }
    return Document(
        template="pdf/letter.html",
        context=context,
        filename=letter_filename(letter),
        html_url=reverse("meetings:recommendations", args=[meeting.pk]),
    )


def letter_filename(letter: RecommendationLetter) -> str:
    """Each letter's own name: later batches and corrections go to the same agencies."""
    to = slugify(letter.addressee.name)
    if letter.corrects_reference:
        name = f"correction-{letter.batch}-to-{to}"
    elif letter.batch > 1:
        name = f"letter-to-{to}-batch-{letter.batch}"
    else:
        name = f"letter-to-{to}"
    return document_filename(letter.meeting, name)


def chaser_document(letter: RecommendationLetter, recommendations, day) -> Document:
    """A reminder to a partner whose response to a letter is overdue."""
    meeting = letter.meeting
    context = {
        "letter": letter,
        "meeting": meeting,
        "recommendations": recommendations,
        "day": day,
        "due": recommendations[0].response_due_on,
        "response_days": settings.SCRUTINY_RESPONSE_DAYS,
        "running_header": f"{meeting.committee_title.name}: reminder, letter {letter.reference}",
    }
    return Document(
        template="pdf/chaser.html",
        context=context,
        filename=document_filename(
            meeting, f"reminder-to-{slugify(letter.addressee.name)}-{day:%Y-%m-%d}"
        ),
        html_url=reverse("meetings:tracker") + "?overdue=on",
    )


# The printed tracker is rendered this many recommendations at a time: about 25 pages,
# a few seconds and well under the memory limit a part, however many are selected.
TRACKER_ROWS_PER_PART = 250


def tracker_document(recommendations, filters, day) -> Document:
    """The recommendations tracker as a report for the committee: every recommendation
    the filters select (a queryset, see meetings/tracker.py)."""
    rows = marked(recommendations, day)
    counts = status_counts(recommendations, day)
    context = {
        "recommendations": rows,
        "total": len(rows),
        "counts": counts.by_status,
        "overdue": counts.overdue,
        "filters": filters.describe(),
        "day": day,
        "running_header": f"Recommendations tracker, {day:%-d %B %Y}",
    }
    chunks = [
        rows[start : start + TRACKER_ROWS_PER_PART]
        for start in range(0, len(rows), TRACKER_ROWS_PER_PART)
    ]
    return Document(
        template="pdf/tracker.html",
        context=context,
        filename=f"{day:%Y-%m-%d}-recommendations-tracker.pdf",
        html_url=reverse("meetings:tracker"),
        # Twenty years' 5,000 recommendations make about 500 pages: too many for one step.
        parts=tuple(
            {"recommendations": chunk, "continued": index > 0} for index, chunk in enumerate(chunks)
        )
        if len(chunks) > 1
        else (),
    )


def briefing_document(briefing) -> Document:
    """The briefing on a priority for one year (meetings/briefing.py), for the committee."""
    priority = briefing.priority
    context = {
        "briefing": briefing,
        "priority": priority,
        "running_header": f"Briefing: {priority.title} ({briefing.year_label})",
    }
    # slugify drops the year's slash (2018/19 would read 201819): a hyphen keeps it legible.
    year = briefing.year_label.replace("/", "-")
    return Document(
        template="pdf/priority_briefing.html",
        context=context,
        filename=f"{slugify(f'{year} {priority.title}')}-briefing.pdf",
        html_url=reverse("meetings:priority_briefing", args=[priority.pk]),
    )


def meeting_document_requests(meeting: Meeting, reader) -> list[tuple[str, dict]]:
    """Every document of a meeting that this reader may download, as (kind, parameters)."""
    reports = Report.objects.visible_to(reader).filter(agenda_item__meeting=meeting)
    return [
        ("agenda", {"meeting": meeting.pk}),
        ("lines_of_enquiry", {"meeting": meeting.pk}),
        ("pack", {"meeting": meeting.pk}),
        *(("report", {"report": pk}) for pk in reports.values_list("pk", flat=True)),
        *([("minutes", {"meeting": meeting.pk})] if minutes_readable(meeting, reader) else []),
        *(
            ("supplement", {"supplement": pk})
            for pk in Supplement.objects.visible_to(reader)
            .filter(meeting=meeting, published_at__isnull=False)
            .values_list("pk", flat=True)
        ),
    ]


# What readers may ask for, by kind: each builds its document from the parameters a
# request was queued with, for the reader tier it was asked for, in the task worker
# (scrutiny/documents/rendering.py). Each fetches its records again, as that reader may see them
# now: a meeting unpublished or an item made exempt since the request is not rendered.


def _meeting_for(params: dict, reader) -> Meeting:
    return Meeting.objects.visible_to(reader).select_related("committee").get(pk=params["meeting"])


def _meeting_page(params: dict) -> str:
    return reverse("meetings:meeting_detail", args=[params["meeting"]])


@document_kind("agenda", page=_meeting_page)
def _agenda(params: dict, reader) -> Document:
    return agenda_document(_meeting_for(params, reader), reader)


@document_kind("pack", page=_meeting_page)
def _pack(params: dict, reader) -> Document:
    return pack_document(_meeting_for(params, reader), reader)


def _supplement_page(params: dict) -> str:
    supplement = Supplement.objects.select_related("meeting").filter(pk=params["supplement"])
    found = supplement.first()
    return found.get_absolute_url() if found else reverse("meetings:meetings")


@document_kind("supplement", page=_supplement_page)
def _supplement(params: dict, reader) -> Document:
    supplement = (
        Supplement.objects.visible_to(reader)
        .select_related("meeting__committee")
        .get(pk=params["supplement"])
    )
    return supplement_document(supplement, reader)


@document_kind(
    "minutes", page=lambda params: reverse("meetings:minutes", kwargs={"pk": params["meeting"]})
)
def _minutes(params: dict, reader) -> Document:
    return minutes_document(minutes_meeting(params["meeting"], reader), reader)


@document_kind(
    "lines_of_enquiry",
    page=lambda params: reverse("meetings:lines_of_enquiry", args=[params["meeting"]]),
)
def _lines_of_enquiry(params: dict, reader) -> Document:
    return lines_of_enquiry_document(_meeting_for(params, reader), reader)


@document_kind(
    "report", page=lambda params: reverse("meetings:report_detail", args=[params["report"]])
)
def _report(params: dict, reader) -> Document:
    report = (
        Report.objects.visible_to(reader)
        .select_related(
            "author",
            "introduced_by",
            "agenda_item__meeting__committee",
            "supplement",
            "agenda_item__supplement",
        )
        .get(pk=params["report"])
    )
    return report_document(report, reader)


def _letter_for(params: dict) -> RecommendationLetter:
    return RecommendationLetter.objects.select_related("meeting__committee", "addressee").get(
        pk=params["letter"]
    )


@document_kind(
    "letter", page=lambda params: reverse("meetings:recommendations", args=[params["meeting"]])
)
def _letter(params: dict, reader) -> Document:
    return letter_document(_letter_for(params))


@document_kind("chaser", page=lambda params: reverse("meetings:tracker") + "?overdue=on")
def _chaser(params: dict, reader) -> Document:
    from .tracker import chased_recommendations

    letter = _letter_for(params)
    day = datetime.date.fromisoformat(params["day"])
    late = chased_recommendations(letter, day)
    if not late:
        raise DocumentUnavailable("No response to this letter is overdue.")
    return chaser_document(letter, late, day)


def tracker_filter_values(form) -> dict:
    """The filters a valid tracker form was sent, as a document's parameters: the values
    as sent, only those chosen, so that equal filters name the same document."""
    return {name: form.data[name] for name, value in form.cleaned_data.items() if value}


@document_kind(
    "tracker",
    on_demand=True,
    page=lambda params: (
        f"{reverse('meetings:tracker')}?{urlencode(params['filters'])}"
        if params["filters"]
        else reverse("meetings:tracker")
    ),
)
def _tracker(params: dict, reader) -> Document:
    from .forms import TrackerFilterForm
    from .tracker import TrackerFilters, for_the_table, tracked_recommendations

    form = TrackerFilterForm(params["filters"] or None, user=reader)
    if params["filters"] and not form.is_valid():
        # A record a filter names has gone (or is no longer for this reader) since.
        raise DocumentUnavailable("The tracker's filters no longer apply.")
    filters = TrackerFilters(**form.cleaned_data) if params["filters"] else TrackerFilters()
    day = datetime.date.fromisoformat(params["day"])
    recommendations = tracked_recommendations(reader, filters, day)
    return tracker_document(for_the_table(recommendations, chasing=False), filters, day)


@document_kind(
    "briefing",
    on_demand=True,
    page=lambda params: reverse("meetings:priority_briefing", args=[params["priority"]]),
)
def _briefing(params: dict, reader) -> Document:
    from .briefing import briefed_priorities, priority_briefing

    priority = briefed_priorities().get(pk=params["priority"])
    day = datetime.date.fromisoformat(params["day"])
    return briefing_document(priority_briefing(priority, reader, day))
