"""The meeting pack: cover, contents and agenda, then each item's papers in agenda order,
assembled from parts (scrutiny/documents/assembled.py).

Each paper (a report, a presentation, the previous meeting's minutes) is a document of
its own, rendered once per content and kept, so a change to one paragraph renders only
its report again; a paper says nothing that depends on where it falls in the pack. The
appendices' and slides' uploaded files go in after their paper as they are. The front
(cover, contents, agenda) is rendered last, knowing every paper's pages: its contents and
its agenda give the page of each. Every page is headed and numbered at assembly.

Items without papers (apologies, declarations and the like) appear once, in the agenda.
Everyone gets the pack of what they may see: exempt papers go only into the copy a
councillor or an officer downloads.
"""

import copy
import logging
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from pypdf.errors import PdfReadError

from scrutiny.documents.assembled import AssembledDocument, PaperPiece, UploadPiece
from scrutiny.documents.assembly import Bookmark, PieceOutline
from scrutiny.documents.assembly import page_count as pdf_page_count
from scrutiny.documents.document import Document
from scrutiny.kernel.council import Council

from .minutes_approval import minutes_readable, previous_minutes
from .minutes_reading import minutes_context, minutes_meeting
from .models import Appendix, Meeting
from .queries import WithheldItem, agenda_for, agenda_in_order, report_sections_with_paragraphs

logger = logging.getLogger(__name__)


def _upload_pages(record) -> int | None:
    """How many pages an uploaded file (an appendix, slides) brings into the pack; None
    if it cannot go in (not cleaned, or unreadable), when the pack names it instead."""
    if not record.can_be_merged:
        return None
    try:
        return record.page_count or pdf_page_count(Path(record.file.path))
    except (OSError, PdfReadError, ValueError):
        logger.exception("Upload %r could not be read", record)
        return None


class _PackPlan:
    """The pack's pieces in order, with what the front and the bookmarks say of each."""

    def __init__(self, meeting: Meeting, header: str):
        self.meeting = meeting
        self.header = header
        self.pieces: list = []
        self.outline: list = [PieceOutline(0)]
        # The entries of the items with papers, each with its papers as (label, piece
        # index, uploaded record or None): what the contents and the agenda list.
        self.listed: list[dict] = []

    def add(self, piece) -> int:
        self.pieces.append(piece)
        return len(self.pieces)  # the front is piece 0

    def paper(self, entry: dict, paper: str, header: str) -> int:
        item = entry["item"]
        context = {
            "meeting": self.meeting,
            "entry": entry,
            "paper": paper,
            # The item's heading opens its first paper only.
            "heading": not entry["papers"],
            "in_pack": True,
            "running_header": header,
        }
        document = Document(
            template="pdf/pack_paper.html",
            context=context,
            filename=f"item-{item.number}-{paper}.pdf",
            html_url=self.meeting.get_absolute_url(),
        )
        return self.add(PaperPiece(document, header, anchor=f"pack-item-{item.number}-{paper}"))

    def upload(self, record, anchor: str, header: str) -> int | None:
        pages = _upload_pages(record)
        if pages is None:
            return None
        return self.add(UploadPiece(Path(record.file.path), pages, header, anchor))


def _item_papers(plan: _PackPlan, entry: dict) -> None:
    """Add an item's papers to the plan, and their bookmarks under the item's."""
    item = entry["item"]
    base = f"{plan.header}, item {item.number}"
    children = []
    report = entry["report"]
    if report:
        index = plan.paper(entry, "report", base)
        entry["papers"].append(("Report", index, None))
        nested = [PieceOutline(index)]
        for appendix in entry["appendices"]:
            label = f"Appendix {appendix.label}"
            upload = plan.upload(
                appendix,
                f"pack-item-{item.number}-appendix-{appendix.number}-pages",
                # A second line: the pack's header, then what this paper is.
                f"{plan.header}\nItem {item.number}, {label.lower()}: {appendix.title}",
            )
            if upload is not None:
                entry["papers"].append((label, upload, appendix))
                nested.append(Bookmark(f"{label}: {appendix.title}", upload))
            elif appendix.file:
                # Not cleaned, or unreadable: named in the report, never merged into it.
                entry["left_out"].append(appendix)
        children.append(Bookmark(f"Report: {report.title}", index, tuple(nested)))
    presentation = entry["presentation"]
    if presentation:
        index = plan.paper(entry, "presentation", base)
        entry["papers"].append(("Presentation", index, None))
        nested = []
        slides = getattr(presentation, "slides", None)
        if slides is not None and slides.file:
            upload = plan.upload(
                slides,
                f"pack-item-{item.number}-slides-pages",
                f"{plan.header}\nItem {item.number}, slides: {presentation.topic}",
            )
            if upload is not None:
                entry["papers"].append(("Slides", upload, slides))
                entry["slide_pages"] = plan.pieces[upload - 1].pages
                nested.append(Bookmark("Slides", upload))
            else:
                entry["slides_left_out"] = True
        children.append(Bookmark(f"Presentation: {presentation.topic}", index, tuple(nested)))
    minutes = entry.get("previous_minutes")
    if minutes:
        index = plan.paper(entry, "minutes", base)
        entry["papers"].append(("Minutes", index, None))
        title = f"Minutes of the meeting of {minutes['meeting'].date:%-d %B %Y}"
        children.append(Bookmark(title, index, (PieceOutline(index),)))
    if entry["papers"]:
        first = entry["papers"][0][1]
        plan.outline.append(Bookmark(f"Item {item.number}. {item.title}", first, tuple(children)))
        plan.listed.append(entry)


def _entries(meeting: Meeting, reader, agenda: list) -> list[dict]:
    entries = []
    for item in agenda:
        entry = {"item": item, "report": None, "presentation": None, "appendices": []}
        entry |= {"papers": [], "left_out": [], "anchor": f"pack-item-{item.number}-"}
        if not isinstance(item, WithheldItem):
            entry["report"] = item.current_report
            entry["presentation"] = item.current_presentation
            if entry["report"]:
                # Prefetched with the items (see pack_document): no query per report.
                entry["sections"] = entry["report"].sections.all()
                entry["appendices"] = list(entry["report"].appendices.all())
            earlier = previous_minutes(item)
            if earlier is not None and minutes_readable(earlier, reader):
                earlier_meeting = minutes_meeting(earlier.pk, reader)
                entry["previous_minutes"] = minutes_context(earlier_meeting, reader)
        entries.append(entry)
    return entries


def _running_header(meeting: Meeting) -> str:
    return f"{meeting.committee_title.name}, {meeting.date:%-d %B %Y}"


def pack_document(
    meeting: Meeting, reader, *, public_name: str, councillors_name: str
) -> AssembledDocument:
    """The whole pack of what ``reader`` may see, as pieces to assemble."""
    items = list(
        agenda_for(meeting, reader)
        .prefetch_related(
            Prefetch("report__sections", queryset=report_sections_with_paragraphs()),
            Prefetch(
                "report__appendices",
                queryset=Appendix.objects.listed_for(reader),
            ),
        )
        .select_related("presentation__slides")
    )
    agenda = agenda_in_order(meeting, reader, items)
    running = _running_header(meeting)
    plan = _PackPlan(meeting, f"{Council.current().name}: {running}")
    entries = _entries(meeting, reader, agenda)
    for entry in entries:
        _item_papers(plan, entry)
    includes_exempt = any(item.is_exempt for item in items)
    context = {
        "meeting": meeting,
        "items": agenda,
        "entries": plan.listed,
        "includes_exempt": includes_exempt,
        "running_header": running,
    }
    link_prefix = f"{settings.SCRUTINY_SITE_URL.rstrip('/')}{meeting.get_absolute_url()}#"
    return AssembledDocument(
        front=Document(
            template="pdf/pack_front.html",
            context=context | {"in_pack": True, "link_prefix": link_prefix},
            filename=councillors_name if includes_exempt else public_name,
            html_url=meeting.get_absolute_url(),
        ),
        front_header=plan.header,
        pieces=tuple(plan.pieces),
        outline=tuple(plan.outline),
        link_prefix=link_prefix,
        number_front=partial(
            _numbered,
            agenda,
            plan.listed,
            {index: piece.anchor for index, piece in enumerate(plan.pieces, start=1)},
        ),
    )


def _numbered(agenda: list, entries: list[dict], anchors: dict, pages: dict) -> dict:
    """What the front says of each item's papers, given each piece's (first, last) page,
    as context for the front: the agenda's and the contents' items, each a copy carrying
    ``pack_papers`` (each paper's label and pages) and ``pack_pages`` (the item's). The
    records themselves are left alone: the papers' own HTML never shows a page number."""
    numbered = {}
    listed = []
    for entry in entries:
        item = copy.copy(entry["item"])
        item.pack_papers = [
            {
                "label": label,
                "first": pages[index][0],
                "last": pages[index][1],
                "record": record,
                "anchor": anchors[index],
            }
            for label, index, record in entry["papers"]
        ]
        item.pack_pages = (item.pack_papers[0]["first"], item.pack_papers[-1]["last"])
        numbered[item.pk] = item
        listed.append(entry | {"item": item})
    items = [numbered.get(getattr(item, "pk", None), item) for item in agenda]
    return {"items": items, "entries": listed}
