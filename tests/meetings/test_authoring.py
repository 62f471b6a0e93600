"""Officers paste a report's body whole (preview, then confirm) and add several lines of
enquiry or recommendations at once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import LineOfEnquiry, Person, Recommendation, Report, ReportParagraph
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.meetings.test_report_text import EXPECTED, PASTED, report_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def report():
    item = AgendaItemFactory(meeting=MeetingFactory(status="draft"))
    author = Person.objects.create(name="A. Officer", job_title="Community Safety Officer")
    return Report.objects.create(agenda_item=item, title="Annual review", author=author)


def body(report):
    return [
        (section.title, [paragraph.text for paragraph in section.paragraphs.order_by("number")])
        for section in report.sections.order_by("number")
    ]


def test_pasting_shows_a_preview_and_saves_nothing_until_confirmed(officer_client, report):
    url = reverse("meetings:report_body", args=[report.pk])
    preview = officer_client.post(url, {"step": "preview", "text": PASTED})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Check the sections and paragraphs" in page
    assert "2.3" in page and "Kent Police \u2013 Inspector" in page
    assert "Left out" in page
    assert not report.sections.exists()
    carried = preview.context["confirm"]["text"].value()
    saved = officer_client.post(url, {"confirm-step": "confirm", "confirm-text": carried})
    assert saved.status_code == 302 and saved.url == report.get_absolute_url()
    assert body(report) == EXPECTED
    assert [p.reference for p in ReportParagraph.objects.filter(section__report=report)] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
    ]


def test_a_word_document_is_previewed_then_saved(officer_client, report):
    url = reverse("meetings:report_body", args=[report.pk])
    upload = SimpleUploadedFile("report.docx", report_docx())
    preview = officer_client.post(url, {"step": "preview", "document": upload})
    assert preview.status_code == 200
    carried = preview.context["confirm"]["text"].value()
    officer_client.post(url, {"confirm-step": "confirm", "confirm-text": carried})
    assert body(report) == EXPECTED


def test_a_report_with_paragraphs_is_replaced_only_when_the_officer_says_so(officer_client, report):
    url = reverse("meetings:report_body", args=[report.pk])
    officer_client.post(url, {"confirm-step": "confirm", "confirm-text": "1 Old\n1.1 Old words."})
    assert body(report) == [("Old", ["Old words."])]
    preview = officer_client.post(url, {"step": "preview", "text": PASTED})
    assert "Saving these replaces them all" in preview.content.decode()
    carried = preview.context["confirm"]["text"].value()
    refused = officer_client.post(url, {"confirm-step": "confirm", "confirm-text": carried})
    assert refused.status_code == 200
    assert "Confirm that the report" in refused.content.decode()
    assert "govuk-error-summary" in refused.content.decode()
    assert body(report) == [("Old", ["Old words."])]
    officer_client.post(
        url, {"confirm-step": "confirm", "confirm-text": carried, "confirm-replace": "on"}
    )
    assert body(report) == EXPECTED
    # The words taken out stay in the history, with who took them out.
    removed = ReportParagraph.history.filter(history_type="-", text="Old words.").get()
    assert removed.history_user.username == "officer"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"step": "preview", "text": ""}, "Paste the report"),
        ({"step": "preview", "text": "no numbers here"}, "No section headings"),
        (
            {"step": "preview", "document": SimpleUploadedFile("r.docx", b"not a zip")},
            "must be a Word document",
        ),
        ({"confirm-step": "confirm", "confirm-text": ""}, "none came with the form"),
    ],
)
def test_bad_input_gets_the_error_summary_and_saves_nothing(officer_client, report, data, message):
    response = officer_client.post(reverse("meetings:report_body", args=[report.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not report.sections.exists()


def test_text_and_a_document_together_are_refused(officer_client, report):
    response = officer_client.post(
        reverse("meetings:report_body", args=[report.pk]),
        {
            "step": "preview",
            "text": PASTED,
            "document": SimpleUploadedFile("r.docx", io.BytesIO(report_docx()).read()),
        },
    )
    assert "not both" in response.content.decode()


def test_several_lines_of_enquiry_at_once_numbered_after_those_there(officer_client):
    meeting = MeetingFactory(status="draft")
    LineOfEnquiry.objects.create(meeting=meeting, position=1, question="Already asked?")
    response = officer_client.post(
        reverse("meetings:lines_of_enquiry_add_several", args=[meeting.pk]),
        {"items": "How is the work funded?\n\n   \nWho leads on gangs?\r\nWhat has changed?\n"},
    )
    assert response.status_code == 302
    assert list(
        meeting.lines_of_enquiry.order_by("position").values_list("position", "question")
    ) == [
        (1, "Already asked?"),
        (2, "How is the work funded?"),
        (3, "Who leads on gangs?"),
        (4, "What has changed?"),
    ]


def test_several_recommendations_at_once_on_an_item(officer_client):
    meeting = MeetingFactory(status="draft")
    item = AgendaItemFactory(meeting=meeting)
    response = officer_client.post(
        reverse("meetings:recommendations_add_several", args=[meeting.pk]),
        {
            "items": "That the partnership reports back.\nThat the police attend.",
            "agenda_item": item.pk,
        },
    )
    assert response.status_code == 302
    added = list(Recommendation.objects.filter(meeting=meeting).order_by("position"))
    assert [(r.position, r.text, r.agenda_item) for r in added] == [
        (1, "That the partnership reports back.", item),
        (2, "That the police attend.", item),
    ]
    assert all(r.status == Recommendation.Status.PROPOSED for r in added)


@pytest.mark.parametrize("name", ["lines_of_enquiry_add_several", "recommendations_add_several"])
@pytest.mark.parametrize("items", ["", "  \n\n \r\n"])
def test_an_empty_box_is_a_clear_error(officer_client, name, items):
    meeting = MeetingFactory(status="draft")
    response = officer_client.post(reverse(f"meetings:{name}", args=[meeting.pk]), {"items": items})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Enter at least one" in page
    assert not meeting.lines_of_enquiry.exists() and not meeting.recommendations.exists()


@pytest.mark.parametrize(
    "name", ["meetings:lines_of_enquiry_add_several", "meetings:recommendations_add_several"]
)
def test_councillors_cannot_add_several(client, councillor, name):
    meeting = MeetingFactory()
    client.force_login(councillor)
    response = client.post(reverse(name, args=[meeting.pk]), {"items": "A question?"})
    assert response.status_code in (403, 404)
    assert not meeting.lines_of_enquiry.exists() and not meeting.recommendations.exists()
