"""Each committee's standard items: kept on its set-up page, and the start of every new
meeting's agenda; and an earlier meeting's agenda copied in one step."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Meeting, Person, Report, StandardItem
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def committee(officer):
    return services.committee_add(
        user=officer,
        name="Scrutiny Committee",
        crime_and_disorder=False,
        acting_as="",
        statutory_basis="",
        terms_of_reference="",
        usual_venue="",
        usual_start_time=None,
        partnership=None,
    )


def _titles(committee):
    return [item.title for item in committee.standard_items.all()]


def test_a_new_meeting_starts_with_its_committees_standard_items(officer_client, committee):
    day = datetime.date.today() + datetime.timedelta(days=40)
    officer_client.post(
        reverse("meetings:meeting_create"),
        {"committee": committee.pk, "date_0": day.day, "date_1": day.month, "date_2": day.year},
    )
    meeting = Meeting.objects.get()
    items = list(meeting.agenda_items.order_by("number"))
    assert [item.kind for item in items] == [
        "apologies",
        "substitutes",
        "urgent_items",
        "disclosures",
        "exempt_items",
        "minutes",
    ]
    assert [item.number for item in items] == [1, 2, 3, 4, 5, 6]


def test_standard_items_are_added_edited_moved_and_removed_by_plain_post(officer_client, committee):
    officer_client.post(
        reverse("meetings:standard_item_create", args=[committee.pk]),
        {"kind": "other", "title": "Work programme", "is_exempt": "", "exempt_paragraph": ""},
    )
    assert _titles(committee)[-1] == "Work programme"
    last = committee.standard_items.get(title="Work programme")
    assert last.position == 7
    officer_client.post(reverse("meetings:standard_item_move", args=[last.pk]), {"direction": "up"})
    assert _titles(committee)[5:] == ["Work programme", "Minutes of the previous meeting"]
    first = committee.standard_items.get(position=1)
    officer_client.post(reverse("meetings:standard_item_delete", args=[first.pk]))
    assert "Apologies for Absence" not in _titles(committee)
    assert [item.position for item in committee.standard_items.all()] == [1, 2, 3, 4, 5, 6]
    page = officer_client.get(reverse("meetings:committee_setup", args=[committee.pk]))
    assert "Work programme" in page.content.decode()


def test_an_exempt_standard_item_names_its_paragraph(officer_client, committee):
    response = officer_client.post(
        reverse("meetings:standard_item_create", args=[committee.pk]),
        {"kind": "other", "title": "Staffing", "is_exempt": "on", "exempt_paragraph": ""},
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not StandardItem.objects.filter(title="Staffing").exists()


def test_the_demo_committee_has_the_six_standard_items(demo_meeting):
    assert demo_meeting.committee.standard_items.count() == 6


def test_an_earlier_agenda_is_copied_without_its_papers(officer_client):
    committee = CommitteeFactory()
    earlier = MeetingFactory(committee=committee, date=datetime.date(2025, 3, 1))
    AgendaItemFactory(meeting=earlier, number=1, kind="apologies", title="Apologies")
    report_item = AgendaItemFactory(meeting=earlier, number=2, kind="report", title="CSP plan")
    author = Person.objects.create(name="A. Officer", job_title="Policy Officer")
    Report.objects.create(agenda_item=report_item, title="CSP plan", author=author)
    AgendaItemFactory(
        meeting=earlier, number=3, title="Staffing", is_exempt=True, exempt_paragraph=1
    )
    meeting = MeetingFactory(committee=committee, date=datetime.date(2025, 6, 1))
    other = MeetingFactory(date=datetime.date(2025, 2, 1))
    url = reverse("meetings:agenda_copy", args=[meeting.pk])
    form = officer_client.get(url).content.decode()
    assert "1 March 2025" in form and "1 February 2025" not in form
    refused = officer_client.post(url, {"source": other.pk})
    assert "govuk-error-summary" in refused.content.decode()
    officer_client.post(url, {"source": earlier.pk})
    copied = list(meeting.agenda_items.order_by("number"))
    assert [(i.number, i.kind, i.title) for i in copied] == [
        (1, "apologies", "Apologies"),
        (2, "report", "CSP plan"),
        (3, "other", "Staffing"),
    ]
    assert copied[2].is_exempt and copied[2].exempt_paragraph == 1
    assert copied[1].current_report is None
    assert AgendaItem.objects.filter(meeting=earlier).count() == 3
