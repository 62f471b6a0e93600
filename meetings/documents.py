"""A meeting's documents (agenda, reports, lines of enquiry, pack, letters) as printable
HTML, from the same templates as the pages (one source), ready to become PDFs.

Each builder takes the reader the document is for, since exempt papers go only to
councillors and officers. The same builders serve a reader's request and the background
task that renders a published meeting's documents ahead of the readers, so both make the
same HTML and the second finds the PDF already stored.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from pypdf.errors import PdfReadError

from scrutiny.documents import document_key, document_pdf, renderer_fingerprint, stored_pdf
from scrutiny.page_cache import current_version
from scrutiny.pdf_merge import page_slots
from scrutiny.roles import reader_tier

from .models import Appendix, Meeting, RecommendationLetter, Report
from .queries import (
    agenda_for,
    lines_of_enquiry_grouped,
    report_sections,
    report_sections_with_paragraphs,
)
from .tracker import marked, status_counts

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    template: str
    context: dict
    # The name people file it under, and the page that shows the same content.
    filename: str
    html_url: str
    # Uploaded PDFs merged into it: slot id -> (file, bookmark title); see scrutiny.pdf_merge.
    inserts: dict = field(default_factory=dict)

    @cached_property
    def html(self) -> str:
        # Rendered without a request: a document is the same for every reader it is
        # built for, and the site's own address comes from settings.
        context = {**self.context, "for_print": True, "council_name": settings.COUNCIL_NAME}
        return render_to_string(self.template, context)

    @cached_property
    def key(self) -> str:
        """Names the stored PDF and serves as its ETag."""
        return document_key(self.html, settings.SCRUTINY_SITE_URL, self.inserts)

    def pdf(self) -> bytes:
        """The stored PDF, rendered now if it is not stored yet."""
        return document_pdf(self.html, settings.SCRUTINY_SITE_URL, self.inserts, self.key)[1]


class ReaderCopy:
    """One reader's copy of a document: which stored PDF it is, and the PDF itself.

    Building a document means queries and rendering its whole HTML, just to learn which
    stored PDF to send. That answer holds until a record changes, so it is remembered
    under the content version (which any committed change moves on, see
    scrutiny/page_cache.py), what the reader may see, the renderer's own version and
    stylesheet, and the document's ``identity`` (``"pack 12"``). ``build`` makes the
    document for this reader when the answer is not known, or its file is missing.
    The caller has already checked that the reader may see the document.
    """

    def __init__(self, reader, identity: str, build: Callable[[], Document]):
        self._build = build
        self._document: Document | None = None
        self._reference = None
        if settings.SCRUTINY_PAGE_CACHE_SECONDS:
            parts = [current_version(), reader_tier(reader), renderer_fingerprint(), identity]
            digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
            self._reference = f"document:{digest}"
        known = cache.get(self._reference) if self._reference else None
        if known is None:
            self._remember(self.document)
        else:
            self.key, self.filename = known

    @property
    def document(self) -> Document:
        if self._document is None:
            self._document = self._build()
        return self._document

    def pdf(self) -> bytes:
        """The stored PDF, or the document built and rendered now if it is not stored."""
        pdf = stored_pdf(self.key)
        if pdf is None:
            self._remember(self.document)
            pdf = self.document.pdf()
        return pdf

    def _remember(self, document: Document) -> None:
        self.key, self.filename = document.key, document.filename
        if self._reference:
            cache.set(
                self._reference,
                (self.key, self.filename),
                timeout=settings.SCRUTINY_PAGE_CACHE_SECONDS,
            )


def document_filename(meeting: Meeting, document: str) -> str:
    """A name people can file: 2018-09-25-crime-and-disorder-committee-agenda.pdf."""
    committee = meeting.committee.acting_as or meeting.committee.name
    return f"{meeting.date:%Y-%m-%d}-{slugify(committee)}-{document}.pdf"


def _running_header(meeting: Meeting, *after: str) -> str:
    """The line at the top of every page: the committee, the date, and what follows."""
    return ", ".join([meeting.committee.name, f"{meeting.date:%-d %B %Y}", *after])


def agenda_document(meeting: Meeting, reader) -> Document:
    items = agenda_for(meeting, reader)
    context = {
        "meeting": meeting,
        "items": items,
        "members": meeting.committee.members.order_by("role", "name"),
        # The public agenda says exempt items exist, never what they are.
        "withheld": meeting.agenda_items.count() - len(items),
        "running_header": _running_header(meeting),
    }
    return Document(
        template="pdf/agenda.html",
        context=context,
        filename=document_filename(meeting, "agenda"),
        html_url=meeting.get_absolute_url(),
    )


def report_document(report: Report) -> Document:
    """A report; the caller has already checked that the reader may see it."""
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


def _pack_entries(items) -> tuple[list[dict], dict]:
    """Each agenda item with its report, and the pages to keep for uploaded appendices."""
    entries, inserts = [], {}
    for item in items:
        report = item.current_report
        # Ids inside the item's report carry its number: the pack holds several reports.
        entry = {
            "item": item,
            "report": report,
            "appendices": [],
            "anchor": f"pack-item-{item.number}-",
        }
        if report:
            # Prefetched with the items (see pack_document): no query per report.
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


def pack_document(meeting: Meeting, reader) -> Document:
    """The whole pack: cover, contents, agenda, then each report and its appendices.

    Everyone gets the pack of what they may see: exempt papers go only into the copy a
    councillor or an officer downloads.
    """
    items = list(
        agenda_for(meeting, reader).prefetch_related(
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
    return Document(
        template="pdf/pack.html",
        context=context,
        filename=document_filename(meeting, name),
        html_url=meeting.get_absolute_url(),
        inserts=inserts,
    )


def letter_document(letter: RecommendationLetter) -> Document:
    """One recommendation letter: correspondence with a partner, for officers to send."""
    meeting = letter.meeting
    context = {
        "letter": letter,
        "meeting": meeting,
        "recommendations": letter.recommendations.order_by("position"),
        "corrected_letter": RecommendationLetter.objects.filter(
            reference=letter.corrects_reference
        ).first()
        if letter.corrects_reference
        else None,
        "response_days": settings.SCRUTINY_RESPONSE_DAYS,
        "running_header": f"{meeting.committee.name}: letter {letter.reference}",
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
        "running_header": f"{meeting.committee.name}: reminder, letter {letter.reference}",
    }
    return Document(
        template="pdf/chaser.html",
        context=context,
        filename=document_filename(
            meeting, f"reminder-to-{slugify(letter.addressee.name)}-{day:%Y-%m-%d}"
        ),
        html_url=reverse("meetings:tracker") + "?overdue=on",
    )


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
    return Document(
        template="pdf/tracker.html",
        context=context,
        filename=f"{day:%Y-%m-%d}-recommendations-tracker.pdf",
        html_url=reverse("meetings:tracker"),
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


def meeting_documents(meeting: Meeting, reader) -> list[Document]:
    """Every document of a meeting that this reader may download."""
    reports = (
        Report.objects.visible_to(reader)
        .filter(agenda_item__meeting=meeting)
        .select_related("author", "agenda_item__meeting__committee")
    )
    return [
        agenda_document(meeting, reader),
        lines_of_enquiry_document(meeting, reader),
        pack_document(meeting, reader),
        *(report_document(report) for report in reports),
    ]
