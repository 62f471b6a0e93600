"""A presentation's slides: uploaded through the appendices' checks, replaced, taken off,
downloaded, and merged into the pack after the presentation."""

import io

import pikepdf
import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pikepdf import Dictionary, Name

from meetings.documents import pack_document
from meetings.models import Slides
from tests import bad_pdfs
from tests.helpers import squash

pytestmark = pytest.mark.django_db

SLIDE_TEXT = "Slide about county lines"


def slides_pdf(pages: int, text: str = SLIDE_TEXT) -> bytes:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    )
    for number in range(1, pages + 1):
        page = pdf.add_blank_page(page_size=(842, 595))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(
            f"BT /F1 24 Tf 72 500 Td ({text} {number}) Tj ET".encode()
        )
    output = io.BytesIO()
    pdf.save(output)
    return output.getvalue()


@pytest.fixture
def presentation(demo_meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return demo_meeting.agenda_items.get(number=8).presentation


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def upload(client, presentation, content: bytes):
    return client.post(
        reverse("meetings:slides_upload", args=[presentation.pk]),
        {"file": SimpleUploadedFile("slides.pdf", content, "application/pdf")},
    )


def pack_of(meeting) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pack_document(meeting, AnonymousUser()).pdf()))


def test_slides_are_uploaded_listed_downloaded_and_merged_into_the_pack(
    officer_client, presentation, client
):
    meeting = presentation.agenda_item.meeting
    before = len(pack_of(meeting).pages)
    page = officer_client.get(presentation.get_absolute_url()).content.decode()
    assert "No slides have been uploaded." in page
    assert reverse("meetings:slides_upload", args=[presentation.pk]) in page

    response = upload(officer_client, presentation, slides_pdf(3))
    assert response.status_code == 302
    slides = Slides.objects.get(presentation=presentation)
    assert slides.file_is_clean and slides.page_count == 3 and SLIDE_TEXT in slides.text

    # Listed with the presentation, and downloadable by the public (the meeting is published).
    page = client.get(presentation.get_absolute_url()).content.decode()
    download = reverse("meetings:slides_download", args=[presentation.pk])
    assert download in page and "3 pages" in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages) == 3

    pack = pack_of(meeting)
    # The slides' three pages, after the presentation (which now has a part of its own).
    assert len(pack.pages) >= before + 3
    text = squash(" ".join(p.extract_text() for p in pack.pages))
    assert f"{SLIDE_TEXT} 1" in text and f"{SLIDE_TEXT} 3" in text
    assert text.index(f"Presentation: {squash(presentation.topic)}") < text.index(SLIDE_TEXT)
    # The slides' bookmark is nested in the presentation's, which is in the item's.
    talk, (slides,) = next(
        nested
        for entry, nested in zip(pack.outline, pack.outline[1:], strict=False)
        if not isinstance(entry, list) and entry.title.startswith("Item 8.")
    )
    assert talk.title == f"Presentation: {presentation.topic}" and slides.title == "Slides"


def test_slides_are_replaced_and_taken_off(officer_client, presentation):
    upload(officer_client, presentation, slides_pdf(3))
    meeting = presentation.agenda_item.meeting
    with_three = len(pack_of(meeting).pages)
    upload(officer_client, presentation, slides_pdf(1, text="Replacement slide"))
    slides = Slides.objects.get(presentation=presentation)
    assert slides.page_count == 1 and "Replacement slide" in slides.text
    pack = pack_of(meeting)
    assert len(pack.pages) == with_three - 2
    assert SLIDE_TEXT not in squash(" ".join(p.extract_text() for p in pack.pages))

    take_off = reverse("meetings:slides_take_off", args=[presentation.pk])
    assert officer_client.get(take_off).status_code == 200
    assert officer_client.post(take_off).status_code == 302
    slides.refresh_from_db()
    assert not slides.file and not slides.file_is_clean
    assert "Replacement slide" not in squash(
        " ".join(p.extract_text() for p in pack_of(meeting).pages)
    )
    assert slides.history.count() == 3  # uploaded, replaced, taken off


def test_a_dangerous_file_is_cleaned_and_a_broken_one_refused_as_for_appendices(
    officer_client, presentation
):
    assert upload(officer_client, presentation, bad_pdfs.with_javascript()).status_code == 302
    with Slides.objects.get(presentation=presentation).file.open("rb") as stored:
        assert bad_pdfs.dangers(stored.read()) == []
    response = upload(officer_client, presentation, bad_pdfs.encrypted())
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "encrypted" in response.content.decode()
    response = upload(officer_client, presentation, b"not a pdf at all")
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_councillors_and_the_public_cannot_upload_or_take_off_slides(
    client, councillor, presentation
):
    signed_in = Client()
    signed_in.force_login(councillor)
    for url in (
        reverse("meetings:slides_upload", args=[presentation.pk]),
        reverse("meetings:slides_take_off", args=[presentation.pk]),
    ):
        assert client.post(url).status_code == 302  # to sign in
        assert signed_in.post(url).status_code == 403
    assert not Slides.objects.exists()


def test_an_item_carries_a_report_and_a_presentation_both_shown(officer_client, demo_meeting):
    item = demo_meeting.agenda_items.get(number=7)
    report = item.report
    page = officer_client.get(demo_meeting.get_absolute_url()).content.decode()
    create = reverse("meetings:presentation_create", args=[item.pk])
    assert create in page  # offered beside the report
    response = officer_client.post(create, {"topic": "Introduced by the Cabinet Member"})
    assert response.status_code == 302
    item.refresh_from_db()
    page = officer_client.get(demo_meeting.get_absolute_url()).content.decode()
    assert report.get_absolute_url() in page
    assert item.presentation.get_absolute_url() in page
    assert create not in page
    text = squash(" ".join(p.extract_text() for p in pack_of(demo_meeting).pages))
    assert text.index("Presentation: Introduced by the Cabinet Member") > text.index(
        squash(report.sections.first().title)
    )
