"""Officers build a meeting pack in the browser's forms; bad input changes nothing."""

import datetime
import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem, Appendix, LineOfEnquiry, Meeting, Report, ReportParagraph
from partnership.models import Agency
from scrutiny.documents.uploads import clean_pdf
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tests.helpers import download, tiny_pdf

pytestmark = pytest.mark.django_db

MINIMAL_PDF = tiny_pdf()


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def meeting_data(for_committee, **overrides):
    return {
        "committee": for_committee.pk,
        "date_0": "14",
        "date_1": "10",
        "date_2": "2027",
        "start_time": "6.30pm",
        "venue": "Town Hall",
        **overrides,
    }


def errors_of(response) -> str:
    return response.content.decode()


def test_officer_creates_a_draft_meeting(officer_client):
    committee = CommitteeFactory()
    response = officer_client.post(reverse("meetings:meeting_create"), meeting_data(committee))
    meeting = Meeting.objects.get()
    assert response.url == meeting.get_absolute_url()
    assert meeting.date == datetime.date(2027, 10, 14)
    assert meeting.start_time == datetime.time(18, 30)
    assert meeting.status == Meeting.Status.DRAFT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_0": "31", "date_1": "2"}, "Enter a real date"),
        ({"date_0": "", "date_1": "", "date_2": ""}, "Enter the day, month and year"),
        ({"start_time": "half six"}, "Enter a time, for example 18:30 or 6.30pm"),
        ({"venue": "x" * 301}, "Venue must be 300 characters or fewer"),
        ({"committee": ""}, "Select committee"),
    ],
)
def test_bad_meeting_input_is_explained_and_changes_nothing(officer_client, overrides, message):
    committee = CommitteeFactory()
    response = officer_client.post(
        reverse("meetings:meeting_create"), meeting_data(committee, **overrides)
    )
    page = errors_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not Meeting.objects.exists()


def test_a_second_meeting_in_the_same_slot_is_refused_with_a_message(officer_client):
    existing = MeetingFactory(date=datetime.date(2027, 10, 14), start_time=datetime.time(18, 30))
    response = officer_client.post(
        reverse("meetings:meeting_create"), meeting_data(existing.committee)
    )
    assert "already has a meeting at that date and time" in errors_of(response)
    assert Meeting.objects.count() == 1


def test_agenda_items_are_numbered_in_order_and_can_be_moved(officer_client):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    for title in ["Apologies", "Minutes", "Report"]:
        officer_client.post(
            reverse("meetings:item_create", args=[meeting.pk]),
            {"kind": "other", "title": title, "description": ""},
        )
    report = meeting.agenda_items.get(title="Report")
    officer_client.post(reverse("meetings:item_move", args=[report.pk]), {"direction": "up"})
    assert list(meeting.agenda_items.values_list("number", "title")) == [
        (1, "Apologies"),
        (2, "Report"),
        (3, "Minutes"),
    ]
    first = meeting.agenda_items.get(number=1)
    response = officer_client.post(
        reverse("meetings:item_move", args=[first.pk]), {"direction": "up"}, follow=True
    )
    assert "already the first agenda item" in response.content.decode()


def test_an_exempt_item_without_its_paragraph_is_refused(officer_client):
    meeting = MeetingFactory()
    response = officer_client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {"kind": "other", "title": "Confidential", "is_exempt": "on", "exempt_paragraph": ""},
    )
    assert "must name its Schedule 12A paragraph" in errors_of(response)
    assert not AgendaItem.objects.exists()


def test_deleting_an_item_closes_up_the_numbers_and_restoring_brings_it_back(
    officer_client,
):
    meeting = MeetingFactory()
    _, second, _ = (
        AgendaItemFactory(meeting=meeting, number=n, title=f"Item {n}") for n in (1, 2, 3)
    )
    officer_client.post(reverse("meetings:item_delete", args=[second.pk]))
    assert list(meeting.agenda_items.values_list("title", "number")) == [
        ("Item 1", 1),
        ("Item 3", 2),
    ]
    assert "Item 2</h3>" not in officer_client.get(meeting.get_absolute_url()).content.decode()
    bin_page = officer_client.get(reverse("meetings:deleted_items")).content.decode()
    assert "Item 2" in bin_page
    officer_client.post(reverse("meetings:restore", args=["agenda-item", second.pk]))
    assert list(meeting.agenda_items.values_list("title", "number")) == [
        ("Item 1", 1),
        ("Item 3", 2),
        ("Item 2", 3),
    ]


def test_a_deleted_meeting_is_gone_for_everyone_until_restored(officer_client, demo_meeting):
    officer_client.post(reverse("meetings:meeting_delete", args=[demo_meeting.pk]))
    assert officer_client.get(demo_meeting.get_absolute_url()).status_code == 404
    assert Client().get(demo_meeting.get_absolute_url()).status_code == 404
    report = Report.all_objects.get()
    assert Client().get(report.get_absolute_url()).status_code == 404
    officer_client.post(reverse("meetings:restore", args=["meeting", demo_meeting.pk]))
    assert Client().get(demo_meeting.get_absolute_url()).status_code == 200


def test_a_deleted_report_disappears_from_its_item_and_can_be_restored(
    officer_client, demo_meeting
):
    report = demo_meeting.agenda_items.get(number=7).report
    officer_client.post(reverse("meetings:report_delete", args=[report.pk]))
    page = Client().get(demo_meeting.get_absolute_url()).content.decode()
    assert report.get_absolute_url() not in page
    officer_client.post(reverse("meetings:restore", args=["report", report.pk]))
    assert Client().get(report.get_absolute_url()).status_code == 200


IN_TWO_MONTHS = datetime.date.today() + datetime.timedelta(days=60)


def test_publishing_asks_first_then_records_who_and_when(officer_client, officer):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, date=IN_TWO_MONTHS)
    AgendaItemFactory(meeting=meeting)
    url = reverse("meetings:meeting_publish", args=[meeting.pk])
    assert "Publish meeting" in officer_client.get(url).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    officer_client.post(url)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.published_by == officer
    assert meeting.published_at is not None
    assert Client().get(meeting.get_absolute_url()).status_code == 200
    assert meeting.urgent_reason == ""


def test_a_late_agenda_needs_the_reason_its_business_is_urgent(officer_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    in_two_days = datetime.date.today() + datetime.timedelta(days=2)
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, date=in_two_days)
    AgendaItemFactory(meeting=meeting)
    url = reverse("meetings:meeting_publish", args=[meeting.pk])
    page = officer_client.get(url).content.decode()
    assert "the law asks for 5" in page
    refused = officer_client.post(url, {"urgent_reason": "  "})
    assert refused.status_code == 200
    assert "Enter why is the business urgent?" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    reason = "A county lines operation needs the committee's view before it starts."
    officer_client.post(url, {"urgent_reason": reason})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.urgent_reason == reason
    # The agenda says why, on its page and in its PDF.
    shown = Client().get(meeting.get_absolute_url()).content.decode()
    assert "The reason given: A county lines operation" in shown
    pdf = download(Client(), reverse("meetings:agenda_pdf", args=[meeting.pk]))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert "A county lines operation" in " ".join(text.split())


def test_an_empty_meeting_cannot_be_published(officer_client):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, date=IN_TWO_MONTHS)
    response = officer_client.post(
        reverse("meetings:meeting_publish", args=[meeting.pk]), follow=True
    )
    assert "Add at least one agenda item" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_report_sections_and_paragraphs_are_numbered_as_written(officer_client):
    item = AgendaItemFactory(kind=AgendaItem.Kind.REPORT)
    from meetings.models import Person

    author = Person.objects.create(name="A. Officer", job_title="Manager")
    officer_client.post(
        reverse("meetings:report_create", args=[item.pk]),
        {"title": "Annual review", "author": author.pk, "summary": ""},
    )
    report = Report.objects.get()
    for title in ["Introduction", "Findings"]:
        officer_client.post(reverse("meetings:section_create", args=[report.pk]), {"title": title})
    findings = report.sections.get(title="Findings")
    for text in ["First finding.", "Second finding:\n- one\n- two"]:
        officer_client.post(
            reverse("meetings:paragraph_create", args=[findings.pk]), {"text": text}
        )
    assert [p.reference for p in ReportParagraph.objects.all()] == ["2.1", "2.2"]
    page = officer_client.get(report.get_absolute_url()).content.decode()
    assert 'id="paragraph-2.2"' in page and "<li>one</li>" in page
    first = findings.paragraphs.get(number=1)
    officer_client.post(reverse("meetings:paragraph_delete", args=[first.pk]))
    assert [p.reference for p in ReportParagraph.objects.all()] == ["2.1"]


def test_standard_questions_are_added_in_one_action_without_repeats(officer_client, demo_meeting):
    meeting = MeetingFactory(committee=demo_meeting.committee)
    url = reverse("meetings:lines_of_enquiry_add_standard", args=[meeting.pk])
    officer_client.post(url)
    officer_client.post(url)
    assert meeting.lines_of_enquiry.count() == 5
    officer_client.post(
        reverse("meetings:line_of_enquiry_create", args=[meeting.pk]),
        {"question": "What has changed since last year?"},
    )
    assert list(
        LineOfEnquiry.objects.filter(meeting=meeting).values_list("position", flat=True)
    ) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]


def test_appendix_must_be_a_pdf_by_its_content(officer_client, demo_meeting, settings):
    report = demo_meeting.agenda_items.get(number=7).report
    url = reverse("meetings:appendix_create", args=[report.pk])
    disguised = SimpleUploadedFile("terms.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = officer_client.post(url, {"title": "Terms", "file": disguised})
    assert "The file must be a PDF" in errors_of(response)
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 100
    too_big = SimpleUploadedFile("big.pdf", MINIMAL_PDF + b" " * 200, "application/pdf")
    response = officer_client.post(url, {"title": "Big", "file": too_big})
    assert "The file must be smaller than" in errors_of(response)
    settings.SCRUTINY_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    good = SimpleUploadedFile("plan.pdf", MINIMAL_PDF, "application/pdf")
    officer_client.post(url, {"title": "Plan refresh", "file": good})
    assert report.appendices.get(title="Plan refresh").number == 3
    assert Appendix.objects.count() == 3


def test_second_save_of_the_same_record_is_refused_and_keeps_both(
    client, officer, django_user_model
):
    from django.contrib.auth.models import Group

    from scrutiny.kernel.roles import OFFICERS_GROUP

    other = django_user_model.objects.create_user("second", password="pw")
    other.groups.add(Group.objects.get(name=OFFICERS_GROUP))
    meeting = MeetingFactory(venue="Town Hall")
    url = reverse("meetings:meeting_update", args=[meeting.pk])
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(other)
    token_first = first.get(url).context["form"]["edit_token"].value()
    token_second = second.get(url).context["form"]["edit_token"].value()
    data = meeting_data(meeting.committee, date_0="1", date_1="1", date_2="2019")
    saved = first.post(url, {**data, "venue": "Council Chamber", "edit_token": token_first})
    assert saved.status_code == 302
    refused = second.post(url, {**data, "venue": "Committee Room 2", "edit_token": token_second})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "officer saved this meeting" in page
    assert 'value="Committee Room 2"' in page
    meeting.refresh_from_db()
    assert meeting.venue == "Council Chamber"
    token_again = refused.context["form"]["edit_token"].value()
    again = second.post(url, {**data, "venue": "Committee Room 2", "edit_token": token_again})
    assert again.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == "Committee Room 2"


def test_meeting_history_shows_who_changed_what_with_old_and_new_values(officer_client):
    meeting = MeetingFactory(venue="Town Hall")
    url = reverse("meetings:meeting_update", args=[meeting.pk])
    token = officer_client.get(url).context["form"]["edit_token"].value()
    data = meeting_data(
        meeting.committee,
        date_0=str(meeting.date.day),
        date_1=str(meeting.date.month),
        date_2=str(meeting.date.year),
        start_time="",
    )
    officer_client.post(url, {**data, "venue": "Council Chamber", "edit_token": token})
    page = officer_client.get(
        reverse("meetings:meeting_history", args=[meeting.pk])
    ).content.decode()
    assert "Changed meeting details, by officer" in page
    assert "Town Hall" in page and "Council Chamber" in page


def test_report_history_lists_paragraph_edits(officer_client, demo_meeting):
    report = demo_meeting.agenda_items.get(number=7).report
    paragraph = ReportParagraph.objects.get(section__report=report, section__number=4, number=2)
    url = reverse("meetings:paragraph_update", args=[paragraph.pk])
    token = officer_client.get(url).context["form"]["edit_token"].value()
    officer_client.post(url, {"text": "There are some risks.", "edit_token": token})
    page = officer_client.get(reverse("meetings:report_history", args=[report.pk])).content.decode()
    assert "Changed paragraph 4.2, by officer" in page
    assert "There are some risks." in page
    assert "There are no risks involved" in page


def test_an_uploaded_appendix_downloads_as_an_attachment_with_a_filable_name(
    officer_client, demo_meeting
):
    report = demo_meeting.agenda_items.get(number=7).report
    upload = SimpleUploadedFile("x.pdf", MINIMAL_PDF, "application/pdf")
    officer_client.post(
        reverse("meetings:appendix_create", args=[report.pk]),
        {"title": "Action plan summary", "file": upload},
    )
    appendix = report.appendices.get(title="Action plan summary")
    response = Client().get(reverse("meetings:appendix_download", args=[appendix.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="2018-09-25-appendix-3-action-plan-summary.pdf"'
    )
    # The cleaned copy made on the way in, not the bytes sent.
    assert b"".join(response.streaming_content) == clean_pdf(MINIMAL_PDF).content


def test_history_names_linked_agencies_and_shows_deletes_and_restores(officer_client, demo_meeting):
    police = Agency.objects.get(name="Kent Police")
    officer_client.post(
        reverse("meetings:recommendation_create", args=[demo_meeting.pk]),
        {"text": "Share the gang map.", "status": "proposed", "addressee_agencies": [police.pk]},
    )
    item = demo_meeting.agenda_items.get(number=10)
    officer_client.post(reverse("meetings:item_delete", args=[item.pk]))
    officer_client.post(reverse("meetings:restore", args=["agenda-item", item.pk]))
    page = officer_client.get(reverse("meetings:meeting_history", args=[demo_meeting.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kent Police" in text
    assert "in the deleted items" in text and "not deleted" in text


def test_nothing_in_a_deleted_report_can_be_edited_until_it_is_restored(
    officer_client, demo_meeting
):
    report = demo_meeting.agenda_items.get(number=7).report
    paragraph = ReportParagraph.objects.filter(section__report=report).first()
    officer_client.post(reverse("meetings:report_delete", args=[report.pk]))
    for url in [
        reverse("meetings:paragraph_update", args=[paragraph.pk]),
        reverse("meetings:paragraph_delete", args=[paragraph.pk]),
        reverse("meetings:paragraph_create", args=[paragraph.section.pk]),
        reverse("meetings:section_update", args=[paragraph.section.pk]),
    ]:
        assert officer_client.get(url).status_code == 404, url
    officer_client.post(reverse("meetings:restore", args=["report", report.pk]))
    assert (
        officer_client.get(reverse("meetings:paragraph_update", args=[paragraph.pk])).status_code
        == 200
    )


def test_deleting_a_recommendation_closes_up_the_numbering(officer_client):
    meeting = MeetingFactory()
    _, second, _ = (
        RecommendationFactory(meeting=meeting, position=n, text=f"R{n}") for n in (1, 2, 3)
    )
    officer_client.post(reverse("meetings:recommendation_delete", args=[second.pk]))
    assert list(meeting.recommendations.values_list("text", "position")) == [("R1", 1), ("R3", 2)]
