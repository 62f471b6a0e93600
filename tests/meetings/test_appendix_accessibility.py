"""The accessibility check every uploaded PDF goes through (scrutiny/documents/accessibility.py):
a tagged, an untagged, an image-only and a language-less appendix, uploaded as an officer
uploads them, each get their own findings on the report's page (the officer's, with what
to ask the author for; the public's, with how to ask the council for a version they can
use) and on the compliance page; slides get the same."""

import datetime
import importlib
import io

import pikepdf
import pypdf
import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from pikepdf import Dictionary, Name
from PIL import Image

from meetings.documents import report_document
from meetings.models import Appendix, Slides
from scrutiny.documents.accessibility import (
    ASK_FOR_LANGUAGE,
    ASK_FOR_TAGS,
    ASK_FOR_TEXT,
    EN_DASH,
    NOT_CHECKED,
    page_list,
)
from scrutiny.documents.pdf import render_pdf
from scrutiny.documents.uploads import clean_pdf
from scrutiny.kernel.council import Council
from tests.helpers import squash, tiny_pdf

pytestmark = pytest.mark.django_db

NOT_TAGGED = "It is not tagged, so a screen reader cannot tell its headings"
NO_LANGUAGE = "It does not state its language, so a screen reader may read it"
NO_TEXT = "None of its pages has a text layer: what is shown is a picture, as a scan is"
PASSED = "Accessibility checks passed: tagged, with text on every page, in language"
# Before the demo meeting (25 September 2018), so that it is still to come.
BEFORE_THE_MEETING = datetime.date(2018, 9, 1)


# The four kinds of file, each made as its author's software would ---------------------


def tagged_pdf() -> bytes:
    """Tagged, with a text layer and a language: made as the site makes its own PDFs."""
    return render_pdf(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Action plan</title></head>'
        "<body><h1>Action plan</h1><p>Map the county lines.</p></body></html>"
    )


def untagged_pdf() -> bytes:
    """Text and a language, but no structure tree: as a printer driver writes one."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 760 Td (Crime figures) Tj ET")
    pdf.Root.Lang = pikepdf.String("en-GB")
    return saved(pdf)


def scanned_pdf() -> bytes:
    """Two pages that are pictures only, as a scanner writes them, in a file that is
    otherwise tagged and states its language: the text layer is all that is missing."""
    pictures = [Image.new("RGB", (400, 560), shade) for shade in ("white", "lightgrey")]
    output = io.BytesIO()
    pictures[0].save(output, format="PDF", save_all=True, append_images=pictures[1:])
    with pikepdf.open(io.BytesIO(output.getvalue())) as pdf:
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        pdf.Root.Lang = pikepdf.String("en-GB")
        return saved(pdf)


def languageless_pdf() -> bytes:
    """Tagged, with text, but the document's language taken out."""
    with pikepdf.open(io.BytesIO(tagged_pdf())) as pdf:
        del pdf.Root.Lang
        return saved(pdf)


def saved(pdf: pikepdf.Pdf) -> bytes:
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


FILES = {
    "Tagged plan": tagged_pdf,
    "Untagged figures": untagged_pdf,
    "Scanned letter": scanned_pdf,
    "Plan without a language": languageless_pdf,
}


# Uploaded as an officer uploads them -------------------------------------------------


@pytest.fixture
def report(demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return demo_meeting.agenda_items.get(number=7).report


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def council():
    council = Council.current()
    council.email = "democratic.services@maidstone.gov.uk"
    council.phone = "01622 602899"
    council.address = "Maidstone House\nKing Street\nMaidstone ME15 6JQ"
    council.save()
    return council


@pytest.fixture
def uploaded(officer_client, report) -> dict[str, Appendix]:
    """Each kind of file, added to the report through the officers' form."""
    for title, make in FILES.items():
        response = officer_client.post(
            reverse("meetings:appendix_create", args=[report.pk]),
            {"title": title, "file": SimpleUploadedFile("upload.pdf", make(), "application/pdf")},
        )
        assert response.status_code == 302, response.content.decode()
    return {appendix.title: appendix for appendix in report.appendices.filter(title__in=FILES)}


def page_words(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return squash(response.content.decode())


def appendix_entry(page: str, appendix: Appendix) -> str:
    """The report page's list entry of one appendix, up to the next one."""
    start = page.index(f'id="appendix-{appendix.number}"')
    end = page.find(f'id="appendix-{appendix.number + 1}"', start)
    return page[start : end if end != -1 else page.index("<footer", start)]


def test_each_kind_of_file_is_found_what_it_is(uploaded):
    tagged, untagged = uploaded["Tagged plan"], uploaded["Untagged figures"]
    scanned, languageless = uploaded["Scanned letter"], uploaded["Plan without a language"]
    assert tagged.is_accessible is True and tagged.accessibility_problems == []
    assert tagged.file_is_tagged and tagged.file_language == "en-GB"
    assert tagged.file_pages_without_text == []

    assert untagged.is_accessible is False
    assert untagged.accessibility_problems == [
        "It is not tagged, so a screen reader cannot tell its headings, lists and tables "
        "from the rest of the text."
    ]
    assert scanned.is_accessible is False and scanned.file_pages_without_text == [1, 2]
    assert scanned.accessibility_problems == [
        f"{NO_TEXT}, so a screen reader finds nothing to read and the words cannot be "
        "enlarged or searched."
    ]
    assert languageless.is_accessible is False and languageless.file_language == ""
    assert [problem.ask for problem in languageless.accessibility_findings] == [ASK_FOR_LANGUAGE]


def test_the_officer_sees_each_finding_and_what_to_ask_the_author_for(
    officer_client, report, uploaded
):
    page = page_words(officer_client, report.get_absolute_url())
    tagged = appendix_entry(page, uploaded["Tagged plan"])
    assert f"{PASSED} “en-GB”" in tagged and "fails the accessibility checks" not in tagged

    untagged = appendix_entry(page, uploaded["Untagged figures"])
    assert "fails the accessibility checks" in untagged
    assert NOT_TAGGED in untagged and escape(ASK_FOR_TAGS) in untagged
    assert NO_LANGUAGE not in untagged and NO_TEXT not in untagged

    scanned = appendix_entry(page, uploaded["Scanned letter"])
    assert NO_TEXT in scanned and escape(ASK_FOR_TEXT) in scanned
    assert NOT_TAGGED not in scanned and NO_LANGUAGE not in scanned

    languageless = appendix_entry(page, uploaded["Plan without a language"])
    assert NO_LANGUAGE in languageless and escape(ASK_FOR_LANGUAGE) in languageless
    assert NOT_TAGGED not in languageless and NO_TEXT not in languageless


def test_the_public_are_told_which_appendix_may_not_be_accessible_and_how_to_ask(
    client, report, uploaded, council
):
    page = page_words(client, report.get_absolute_url())
    # Nothing meant for officers reaches the public.
    assert "fails the accessibility checks" not in page and "Ask the author" not in page
    assert PASSED not in page
    assert "may not work with a screen reader" not in appendix_entry(page, uploaded["Tagged plan"])
    for title, finding in [
        ("Untagged figures", NOT_TAGGED),
        ("Scanned letter", NO_TEXT),
        ("Plan without a language", NO_LANGUAGE),
    ]:
        appendix = uploaded[title]
        entry = appendix_entry(page, appendix)
        assert f"“Appendix {appendix.label}: {title}” may not work with a screen reader" in entry
        assert finding in entry
        assert f"contact {council.name} and say that you need “Appendix {appendix.label}" in entry
        # The address written out, to read on paper as well as to follow on screen.
        assert ">democratic.services@maidstone.gov.uk</a>" in entry
        assert "phone: 01622 602899" in entry
        assert "post: Maidstone House<br>King Street<br>Maidstone ME15 6JQ" in entry


def test_with_no_contact_details_the_public_are_still_told_whom_to_ask(client, report, uploaded):
    council = Council.current()
    assert not (council.email or council.phone or council.address)
    appendix = uploaded["Untagged figures"]
    entry = appendix_entry(page_words(client, report.get_absolute_url()), appendix)
    assert (
        f"contact {escape(council.name)}'s democratic services team and say that you "
        f"need “Appendix {appendix.label}: Untagged figures”." in entry
    )
    assert "email:" not in entry and "phone:" not in entry


def test_the_reports_pdf_carries_the_note_with_the_contact_details_as_text(
    report, uploaded, council
):
    text = squash(
        " ".join(
            page.extract_text()
            for page in pypdf.PdfReader(
                io.BytesIO(report_document(report, AnonymousUser()).pdf())
            ).pages
        )
    )
    scanned = uploaded["Scanned letter"]
    assert f"“Appendix {scanned.label}: Scanned letter” may not work with a screen reader" in text
    assert "email: democratic.services@maidstone.gov.uk" in text
    assert "phone: 01622 602899" in text
    assert "Ask the author" not in text


def test_the_compliance_page_lists_the_appendices_that_fail_for_a_coming_meeting(
    officer_client, report, uploaded
):
    meeting = report.agenda_item.meeting
    item = report.agenda_item.number
    with time_machine.travel(BEFORE_THE_MEETING):
        page = page_words(officer_client, reverse("meetings:compliance"))
    assert "Every appendix and set of slides for a coming meeting is accessible" in page
    expected = {
        "Untagged figures": "not tagged",
        "Scanned letter": f"no text layer on pages 1{EN_DASH}2",
        "Plan without a language": "no language stated",
    }
    for title, found in expected.items():
        appendix = uploaded[title]
        assert (
            f'<a class="govuk-link" href="{appendix.get_absolute_url()}">'
            f"{escape(str(meeting))}, item {item}, Appendix {appendix.label}: {title}: {found}.</a>"
        ) in page
    assert "Tagged plan" not in page

    # Once the meeting has been held, its papers are past putting right.
    with time_machine.travel(meeting.date + datetime.timedelta(days=1)):
        page = page_words(officer_client, reverse("meetings:compliance"))
    assert "Scanned letter" not in page


def test_slides_are_checked_as_appendices_are(officer_client, client, demo_meeting, council):
    presentation = demo_meeting.agenda_items.get(number=8).presentation
    response = officer_client.post(
        reverse("meetings:slides_upload", args=[presentation.pk]),
        {"file": SimpleUploadedFile("slides.pdf", scanned_pdf(), "application/pdf")},
    )
    assert response.status_code == 302
    slides = Slides.objects.get(presentation=presentation)
    assert slides.is_accessible is False

    officers = page_words(officer_client, presentation.get_absolute_url())
    assert NO_TEXT in officers and escape(ASK_FOR_TEXT) in officers
    public = page_words(client, presentation.get_absolute_url())
    assert f"“Slides: {escape(presentation.topic)}” may not work with a screen reader" in public
    assert "Ask the author" not in public
    with time_machine.travel(BEFORE_THE_MEETING):
        compliance = page_words(officer_client, reverse("meetings:compliance"))
    assert (
        f'href="{slides.get_absolute_url()}">{escape(str(demo_meeting))}, item 8, '
        f"Slides: {escape(presentation.topic)}: no text layer on pages 1{EN_DASH}2.</a>"
    ) in compliance

    # Taken off, the slides have nothing left to find.
    assert (
        officer_client.post(reverse("meetings:slides_take_off", args=[presentation.pk])).status_code
        == 302
    )
    slides.refresh_from_db()
    assert slides.is_accessible is None and slides.accessibility_problems == []
    assert slides.file_is_tagged is None


# The check itself, without the site around it ----------------------------------------


def test_a_blank_page_is_not_a_scan_and_only_the_pictured_pages_are_named():
    blank = clean_pdf(tiny_pdf(2)).accessibility
    assert blank.pages_without_text == () and not blank.tagged and blank.language == ""

    mixed = pypdf.PdfWriter()
    for content in (tagged_pdf(), scanned_pdf(), tagged_pdf()):
        mixed.append(pypdf.PdfReader(io.BytesIO(content)))
    output = io.BytesIO()
    mixed.write(output)
    assert clean_pdf(output.getvalue()).accessibility.pages_without_text == (2, 3)


def test_page_lists_read_as_a_reader_writes_them():
    assert page_list([4]) == "4"
    assert page_list([1, 2]) == f"1{EN_DASH}2"
    assert page_list([9, 1, 2, 3, 5]) == f"1{EN_DASH}3, 5 and 9"


# The migration that checked the files already stored ---------------------------------


def check_stored_files():
    migration = importlib.import_module("meetings.migrations.0027_upload_accessibility")
    migration.check_stored_files(apps, None)


def test_the_migration_does_nothing_where_there_are_no_files(demo_meeting):
    before = list(Appendix.objects.values())
    check_stored_files()
    assert list(Appendix.objects.values()) == before
    assert not Slides.objects.exists()


def test_the_migration_checks_the_files_stored_before_it_and_skips_missing_ones(report):
    stored, missing = report.appendices.order_by("number")
    stored.file.save("plan.pdf", ContentFile(clean_pdf(untagged_pdf()).content))
    missing.file = "appendices/gone.pdf"
    missing.save()
    # As they were before the check: clean, with nothing known about their accessibility.
    report.appendices.update(file_is_clean=True, page_count=1, **NOT_CHECKED)

    check_stored_files()

    stored.refresh_from_db()
    assert stored.file_is_tagged is False and stored.file_language == "en-GB"
    assert stored.accessibility_problems[0].startswith(NOT_TAGGED)
    missing.refresh_from_db()
    assert missing.file_is_tagged is None and missing.is_accessible is None
    assert missing.accessibility_problems == []
