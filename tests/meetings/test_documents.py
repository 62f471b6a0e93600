"""The agenda as a PDF: made from the page's own template, tagged, and read back here."""

import io

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import ReportParagraph
from tests.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


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
    return " ".join(text.split())


@pytest.fixture
def exempt_item(demo_meeting):
    return AgendaItemFactory(
        meeting=demo_meeting,
        number=11,
        title="Named individuals at risk",
        is_exempt=True,
        exempt_paragraph=1,
    )


def test_the_agenda_pdf_is_tagged_titled_and_holds_every_item_in_order(client, demo_meeting):
    response = client.get(reverse("meetings:agenda_pdf", args=[demo_meeting.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-agenda.pdf"'
    )
    pdf = read_pdf(response)
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert pdf.metadata.title == (
        "Agenda: Communities, Housing and Environment Committee, 25 September 2018"
    )
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    titles = [squash(str(item)) for item in demo_meeting.agenda_items.order_by("number")]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Page 1 of" in text
    assert set(titles) <= set(outline_titles(pdf.outline))


def test_the_public_agenda_says_an_exempt_item_exists_but_not_what_it_is(
    client, demo_meeting, exempt_item, councillor
):
    url = reverse("meetings:agenda_pdf", args=[demo_meeting.pk])
    public = squash(" ".join(p.extract_text() for p in read_pdf(client.get(url)).pages))
    assert "Named individuals at risk" not in public
    assert "1 further item on this agenda is likely to be considered in private" in public
    signed_in = Client()
    signed_in.force_login(councillor)
    private = squash(" ".join(p.extract_text() for p in read_pdf(signed_in.get(url)).pages))
    assert "Named individuals at risk" in private
    assert "Not for publication — Schedule 12A paragraph 1" in private


def test_the_report_pdf_numbers_every_paragraph_as_the_page_does(client, demo_meeting):
    report = demo_meeting.agenda_items.get(number=7).report
    response = client.get(reverse("meetings:report_pdf", args=[report.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-item-7-report.pdf"'
    )
    pdf = read_pdf(response)
    assert pdf.metadata.title == report.title
    assert pdf.trailer["/Root"]["/Lang"] == "en-GB"
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    assert "Report of: Matt Roberts, Community Partnerships & Resilience Manager" in text
    paragraphs = ReportParagraph.objects.filter(section__report=report).order_by(
        "section__number", "number"
    )
    positions = [text.index(squash(p.text.splitlines()[0])) for p in paragraphs]
    assert positions == sorted(positions)
    layout = squash(" ".join(page.extract_text(extraction_mode="layout") for page in pdf.pages))
    for paragraph in paragraphs:
        first_words = " ".join(paragraph.text.split()[:3])
        assert f"{paragraph.reference} {first_words}" in layout
    outline = outline_titles(pdf.outline)
    assert "1 Introduction" in outline and "5 Appendices" in outline


def test_the_lines_of_enquiry_sheet_lists_the_questions(client, demo_meeting):
    response = client.get(reverse("meetings:lines_of_enquiry_pdf", args=[demo_meeting.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="2018-09-25-crime-and-disorder-committee-lines-of-enquiry.pdf"'
    )
    pdf = read_pdf(response)
    text = squash(" ".join(page.extract_text() for page in pdf.pages))
    questions = [
        squash(q) for q in demo_meeting.lines_of_enquiry.values_list("question", flat=True)
    ]
    positions = [text.index(question) for question in questions]
    assert positions == sorted(positions) and len(positions) == 5
    assert "Questions for every partner" in outline_titles(pdf.outline)
