"""Assertions shared by several test modules."""

import html
import io
import json
import re
import struct
import zipfile

import pypdf
import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from simple_history.models import HistoricalChanges

from meetings import services
from meetings.archive.signing import SIGNATURE_NAME, archive_signature
from meetings.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Committee,
    Declaration,
    Meeting,
    Minute,
    Motion,
    Postponement,
    Recommendation,
    RecordedVote,
    ReportParagraph,
    Vote,
)
from scrutiny.documents.rendering import drain_render_queue
from scrutiny.documents.uploads import checked_fields, clean_pdf
from scrutiny.kernel.updates import edit_token

CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def refused_by_database(model, **fields):
    """Assert that the database itself refuses the row: create() bypasses every clean()."""
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def paragraph_edit(paragraph: ReportParagraph, user, text: str) -> ReportParagraph:
    """An edit of a paragraph through its service, as the officer's form makes it."""
    return services.report_paragraph_update(
        record=paragraph, user=user, edit_token=edit_token(paragraph), text=text
    )


def venue_change(meeting: Meeting, venue: str, user=None) -> Meeting:
    """A move of a meeting to another venue, through its service."""
    return services.meeting_update(
        record=meeting,
        user=user,
        edit_token=edit_token(meeting),
        committee=meeting.committee,
        date=meeting.date,
        start_time=meeting.start_time,
        venue=venue,
    )


def tiny_pdf(pages: int = 1) -> bytes:
    """A real, readable PDF of blank pages, for upload tests."""
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def download(client, url: str, data=None, **extra):
    """A document as a reader gets it: asked for, made by the task worker meanwhile, and
    asked for again (the first answer says it is being prepared)."""
    response = client.get(url, data, **extra)
    if response.status_code == 503 and "Retry-After" in response:
        drain_render_queue.call()
        response = client.get(url, data, **extra)
    return response


def attach_pdf(appendix, content: bytes, name: str = "appendix.pdf") -> None:
    """Give an appendix a file as every door does: checked and cleaned on the way in."""
    cleaned = clean_pdf(content)
    for field, value in checked_fields(cleaned).items():
        setattr(appendix, field, value)
    appendix.file.save(name, ContentFile(cleaned.content))


def read_pdf(response) -> pypdf.PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pypdf.PdfReader(io.BytesIO(response.content))


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += outline_titles(entry)
        else:
            titles.append(entry.title)
    return titles


def squash(text: str) -> str:
    """Words, not spacing: PDFs and the seed break and pad lines their own way."""
    return " ".join(text.split())


def meeting_addresses(meeting: Meeting, *, documents: bool = True) -> dict[str, list[str]]:
    """The meeting's pages, and its PDFs unless ``documents`` is false, by who reads them."""
    public = [
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:lines_of_enquiry", args=[meeting.pk]),
        reverse("meetings:recommendations", args=[meeting.pk]),
    ]
    officer = [
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:meeting_history", args=[meeting.pk]),
        reverse("meetings:pack_pdf", args=[meeting.pk]),
    ]
    if documents:
        public += [
            reverse("meetings:agenda_pdf", args=[meeting.pk]),
            reverse("meetings:pack_pdf", args=[meeting.pk]),
            reverse("meetings:lines_of_enquiry_pdf", args=[meeting.pk]),
        ]
        officer += [
            reverse("meetings:letter_pdf", args=[letter.pk]) for letter in meeting.letters.all()
        ]
    for item in AgendaItem.all_objects.filter(meeting=meeting).select_related("report"):
        if hasattr(item, "report"):
            public.append(reverse("meetings:report_detail", args=[item.report.pk]))
            if documents:
                public.append(reverse("meetings:report_pdf", args=[item.report.pk]))
            officer.append(reverse("meetings:report_history", args=[item.report.pk]))
            for appendix in item.report.appendices.exclude(file=""):
                public.append(reverse("meetings:appendix_download", args=[appendix.pk]))
        if hasattr(item, "presentation"):
            public.append(reverse("meetings:presentation_detail", args=[item.presentation.pk]))
    return {"public": public, "officer": officer}


def retire_cached_pages() -> None:
    """What committing a change does to the cached pages, for records a test wrote: the
    test's transaction is never committed, so nothing else retires the pages kept before."""
    cache.clear()


def read_pages(addresses: dict[str, list[str]], officer) -> dict[str, bytes]:
    """What each address sends its reader ("public" or "officer"), keyed "reader address".

    CSRF tokens differ on every request and are blanked.
    """
    cache.clear()
    readers = {"public": Client(), "officer": Client()}
    readers["officer"].force_login(officer)
    pages = {}
    for reader, paths in addresses.items():
        for path in paths:
            response = download(readers[reader], path)
            assert response.status_code == 200, (reader, path, response.status_code)
            content = b"".join(response) if response.streaming else response.content
            pages[f"{reader} {path}"] = CSRF_TOKEN.sub(b"csrf", content)
    return pages


def read_meeting(meeting: Meeting, officer, *, documents: bool = True) -> dict[str, bytes]:
    return read_pages(meeting_addresses(meeting, documents=documents), officer)


def change_times(*models) -> list[str]:
    """When every recorded change to these models (to all, if none given) was made, to the
    microsecond, in a form two sites' processes can compare: the model, the record's
    number and the time, in the order the changes were recorded."""
    tracked = [model.history.model for model in models] or [
        model
        for model in apps.get_models()
        # Many-to-many history rows have no time of their own: their change's row has it.
        if issubclass(model, HistoricalChanges) and hasattr(model, "history_date")
    ]
    return [
        f"{model._meta.label} {number} {when.isoformat()}"
        for model in tracked
        for number, when in model.objects.order_by("history_id").values_list("id", "history_date")
    ]


def rewrite_archive(source, destination, change, *, sign: bool = True) -> None:
    """A copy of a meeting archive with ``change(document)`` made to its records, signed
    again as the exporting site would sign it; with ``sign=False`` it keeps the signature
    of the records as exported, as an edit by hand would."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(destination, "w") as copy:
        records = json.loads(original.read("meeting.json"))
        change(records)
        records = json.dumps(records).encode()
        for info in original.infolist():
            content = original.read(info)
            if info.filename == "meeting.json":
                content = records
            elif info.filename == SIGNATURE_NAME and sign:
                content = archive_signature(records).encode()
            copy.writestr(info, content)


def under_declare(path, member: str, declared: int) -> None:
    """Make the zip file at ``path`` say ``member`` unpacks to ``declared`` bytes, in its
    local header and its central directory, whatever it really unpacks to."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    # The uncompressed size is at byte 22 of a local header, 24 of a central entry.
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    name = member.encode()
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        (length,) = struct.unpack_from("<H", data, entry + 28)
        if data[entry + 46 : entry + 46 + length] == name:
            struct.pack_into("<I", data, entry + 24, declared)
            break
        entry = data.find(b"PK\x01\x02", entry + 1)
    else:
        raise AssertionError(f"{member} has no central directory entry")
    path.write_bytes(bytes(data))


def assert_a_sentence(message: str) -> None:
    """What an officer is told when a command refuses: a sentence, not a traceback."""
    assert "Traceback" not in message, message
    assert message[:1].isupper() and message.rstrip().endswith("."), message


def png_logo(width: int = 40, height: int = 20) -> bytes:
    """A small PNG, as a council's logo is."""
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(output, format="PNG")
    return output.getvalue()


def page_text(response) -> str:
    """A page's text as a reader reads it: tags out, entities decoded, spaces run together."""
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


# The meeting record's tables, and the tables it added fields to.
RECORD_MODELS = (
    Committee,
    Meeting,
    Postponement,
    Attendance,
    AgendaItem,
    Declaration,
    Minute,
    Motion,
    Amendment,
    Vote,
    RecordedVote,
    Recommendation,
)


def meeting_record_rows(meeting: Meeting | None = None) -> dict[str, list[list[str]]]:
    """Every field of every row of the meeting record (of one meeting, if given) and of
    the records it added fields to, as text, so that two databases, or a database before
    and after a round trip, can be compared: to the microsecond, numbers included."""
    rows = {}
    for model in RECORD_MODELS:
        records = model._base_manager.order_by("pk")
        if meeting is not None:
            path = {
                Committee: "meetings",
                Meeting: "pk",
                Postponement: "meeting",
                Attendance: "meeting",
                AgendaItem: "meeting",
                Recommendation: "meeting",
                Declaration: "agenda_item__meeting",
                Minute: "agenda_item__meeting",
                Motion: "minute__agenda_item__meeting",
                Amendment: "motion__minute__agenda_item__meeting",
            }.get(model)
            if model in (Vote, RecordedVote):
                vote = "" if model is Vote else "vote__"
                records = records.filter(
                    Q(**{f"{vote}motion__minute__agenda_item__meeting": meeting})
                    | Q(**{f"{vote}amendment__motion__minute__agenda_item__meeting": meeting})
                )
            else:
                records = records.filter(**{path: meeting.pk})
        names = [f.attname for f in model._meta.concrete_fields if f.serialize or f.primary_key]
        rows[model._meta.label] = [
            [str(value) for value in row] for row in records.distinct().values_list(*names)
        ]
    return rows


# Words that only mean something on a screen: a link to follow, a file to download, a
# control to press. No printed document may hold one (case as the templates write them).
SCREEN_ONLY_PHRASES = (
    "Read the report",
    "About this presentation",
    "(PDF)",
    "Download",
    "View ",
    "See the ",
    "Add a ",
    "Add an ",
    "Write a report",
    "Edit",
    "Change title or file",
    "Report progress",
    "Move up",
    "Move down",
    "Delete",
    "Sign in",
    "Click",
)


def screen_only_phrases(text: str) -> list[str]:
    """The screen-only phrases a document's text holds, spacing as the PDF breaks it."""
    text = squash(text)
    return [phrase for phrase in SCREEN_ONLY_PHRASES if phrase in text]


PARAGRAPH_REFERENCE = re.compile(r"\d+\.\d+")
PAGE_FOOTER = re.compile(r"Page \d+ of \d+")


def pdf_page_lines(page: pypdf.PageObject) -> list[str]:
    """A page's lines of text from top to bottom, as laid out: pieces drawn on the same
    baseline (a paragraph's number and its first line) make one line."""
    pieces = []

    def seen(text, matrix, text_matrix, _font, _size):
        if text.strip():
            # Where the piece starts on the page: its text matrix through the page's matrix.
            x, y = text_matrix[4], text_matrix[5]
            pieces.append(
                (
                    x * matrix[1] + y * matrix[3] + matrix[5],
                    x * matrix[0] + y * matrix[2] + matrix[4],
                    text,
                )
            )

    page.extract_text(visitor_text=seen)
    lines: list[tuple[float, list[str]]] = []
    for y, _x, text in sorted(pieces, key=lambda piece: (-piece[0], piece[1])):
        # A bold number and its text sit on one baseline, give or take rounding.
        if lines and abs(lines[-1][0] - y) < 2:
            lines[-1][1].append(text)
        else:
            lines.append((y, [text]))
    return [squash(" ".join(parts)) for _y, parts in lines]


def paragraph_numbers_left_alone(pdf_bytes: bytes) -> list[tuple[int, str]]:
    """Each (page number, paragraph reference) where a page's last line of text, above
    its "Page N of M" footer, is a paragraph's number alone while another page follows.

    A number floats beside its text's first line, so on a page holding that line the two
    share a baseline; a number alone on the last line means its text went over the page.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    found = []
    for number, page in enumerate(reader.pages[:-1], start=1):
        lines = [line for line in pdf_page_lines(page) if not PAGE_FOOTER.fullmatch(line)]
        if lines and PARAGRAPH_REFERENCE.fullmatch(lines[-1]):
            found.append((number, lines[-1]))
    return found
