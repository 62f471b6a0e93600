"""Committees set up by officers: added, edited with dated titles, deleted and restored."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Committee, CommitteeTitle, Meeting
from scrutiny.kernel.updates import edit_token
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    PartnershipFactory,
)
from tests.helpers import retire_cached_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def _committee_data(committee=None, **overrides):
    data = {
        "name": "Overview and Scrutiny Board",
        "crime_and_disorder": "on",
        "acting_as": "Crime and Disorder Committee",
        "statutory_basis": "Police and Justice Act 2006 s.19",
        "terms_of_reference": "To scrutinise the partnership.",
        "usual_venue": "Civic Centre",
        "usual_start_time": "6.30pm",
        "partnership": "",
    }
    if committee is not None:
        data["edit_token"] = edit_token(committee)
    return {**data, **overrides}


def test_an_officer_adds_a_committee_from_an_empty_database(officer_client):
    new_meeting = officer_client.get(reverse("meetings:meeting_create")).content.decode()
    assert "There is no committee yet" in new_meeting
    partnership = PartnershipFactory()
    response = officer_client.post(
        reverse("meetings:committee_create"), _committee_data(partnership=partnership.pk)
    )
    committee = Committee.objects.get()
    assert response.url == reverse("meetings:committee_setup", args=[committee.pk])
    assert committee.slug == "overview-and-scrutiny-board"
    assert committee.full_title == (
        "Overview and Scrutiny Board, acting as the Crime and Disorder Committee"
    )
    assert committee.usual_start_time == datetime.time(18, 30)
    assert committee.partnership == partnership
    assert committee.standard_items.count() == 6
    page = officer_client.get(reverse("meetings:committee_list")).content.decode()
    assert "Overview and Scrutiny Board" in page


def test_the_new_meeting_form_offers_every_committee_and_prefills_the_usual_venue(
    officer_client,
):
    first = CommitteeFactory(name="Scrutiny Committee", usual_venue="Town Hall")
    CommitteeFactory(name="Crime and Disorder Committee")
    form = officer_client.get(reverse("meetings:meeting_create")).content.decode()
    assert "Scrutiny Committee" in form and "Crime and Disorder Committee" in form
    assert 'value="Town Hall"' not in form
    chosen = officer_client.get(reverse("meetings:meeting_create"), {"committee": first.pk})
    assert 'value="Town Hall"' in chosen.content.decode()


def test_the_crime_and_disorder_role_needs_its_wording(officer_client):
    response = officer_client.post(
        reverse("meetings:committee_create"), _committee_data(acting_as="")
    )
    assert "govuk-error-summary" in response.content.decode()
    assert not Committee.objects.exists()


def test_a_renamed_committee_keeps_its_old_name_on_earlier_meetings(officer_client):
    committee = CommitteeFactory(
        name="Communities Committee",
        crime_and_disorder=True,
        acting_as="Crime and Disorder Committee",
    )
    old = MeetingFactory(committee=committee, date=datetime.date(2019, 9, 25), status="published")
    new = MeetingFactory(committee=committee, date=datetime.date(2025, 9, 25), status="published")
    officer_client.post(
        reverse("meetings:committee_update", args=[committee.pk]),
        _committee_data(
            committee,
            name="Communities, Housing and Environment Committee",
            title_from_0="1",
            title_from_1="5",
            title_from_2="2024",
        ),
    )
    committee.refresh_from_db()
    assert committee.name == "Communities, Housing and Environment Committee"
    assert CommitteeTitle.objects.filter(committee=committee).count() == 2
    old_page = Client().get(old.get_absolute_url()).content.decode()
    new_page = Client().get(new.get_absolute_url()).content.decode()
    # The heading is the name of the day; the breadcrumb leads to the committee today.
    assert '<h1 class="govuk-heading-xl">Communities Committee<' in old_page
    assert '<h1 class="govuk-heading-xl">Communities, Housing and Environment' in new_page
    assert Meeting.objects.get(pk=old.pk).full_title == (
        "Communities Committee, acting as the Crime and Disorder Committee"
    )


def test_a_correction_without_a_date_shows_on_every_meeting(officer_client):
    committee = CommitteeFactory(name="Comunities Committee")
    meeting = MeetingFactory(committee=committee, status="published")
    officer_client.post(
        reverse("meetings:committee_update", args=[committee.pk]),
        _committee_data(committee, name="Communities Committee", crime_and_disorder=""),
    )
    assert not CommitteeTitle.objects.exists()
    assert "Communities Committee" in Client().get(meeting.get_absolute_url()).content.decode()


def test_a_committee_with_meetings_cannot_be_deleted(officer_client):
    committee = CommitteeFactory()
    meeting = MeetingFactory(committee=committee)
    url = reverse("meetings:committee_delete", args=[committee.pk])
    response = officer_client.post(url, follow=True)
    assert "has 1 meeting: delete it first" in response.content.decode()
    assert Committee.objects.filter(pk=committee.pk).exists()
    officer_client.post(reverse("meetings:meeting_delete", args=[meeting.pk]))
    officer_client.post(url)
    assert not Committee.objects.filter(pk=committee.pk).exists()
    bin_page = officer_client.get(reverse("meetings:deleted_items")).content.decode()
    assert committee.name in bin_page
    officer_client.post(reverse("meetings:restore", args=["committee", committee.pk]))
    assert Committee.objects.filter(pk=committee.pk).exists()


def test_set_up_is_in_the_officers_header_and_lists_its_pages(officer_client):
    home = officer_client.get(reverse("meetings:home")).content.decode()
    assert reverse("meetings:setup") in home
    index = officer_client.get(reverse("meetings:setup")).content.decode()
    assert reverse("meetings:council_update") in index
    assert reverse("meetings:committee_list") in index
    assert reverse("meetings:setup") not in Client().get(reverse("meetings:home")).content.decode()


def test_the_crime_and_disorder_role_is_set_for_a_meeting_or_for_one_item(officer_client):
    committee = CommitteeFactory(
        name="Policy Committee", crime_and_disorder=False, acting_as="Crime and Disorder Committee"
    )
    meeting = MeetingFactory(committee=committee, status="published")
    item = AgendaItemFactory(meeting=meeting, title="Community safety partnership")
    assert meeting.wording == ""
    officer_client.post(
        reverse("meetings:item_update", args=[item.pk]),
        {
            "kind": "other",
            "title": item.title,
            "crime_and_disorder": "on",
            "edit_token": edit_token(item),
        },
    )
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "For this item the committee is acting as the Crime and Disorder Committee." in page
    officer_client.post(
        reverse("meetings:meeting_update", args=[meeting.pk]),
        {
            "committee": committee.pk,
            "date_0": meeting.date.day,
            "date_1": meeting.date.month,
            "date_2": meeting.date.year,
            "crime_and_disorder": "True",
            "edit_token": edit_token(meeting),
        },
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    retire_cached_pages()  # as the commit the test's transaction holds back would
    assert meeting.crime_and_disorder is True
    assert meeting.full_title == "Policy Committee, acting as the Crime and Disorder Committee"
    page = Client().get(meeting.get_absolute_url()).content.decode()
    assert "acting as the Crime and Disorder Committee" in page
    assert "For this item the committee" not in page


def test_standard_questions_belong_to_a_committee_and_name_its_partnership(
    officer_client, demo_meeting
):
    committee = demo_meeting.committee
    library = list(committee.standard_questions.all())
    assert len(library) == 5
    assert any("{partnership}" in question.question for question in library)
    assert any("the Safer Maidstone Partnership" in question.text for question in library)
    other = CommitteeFactory(partnership=PartnershipFactory(name="Safer Borchester Partnership"))
    officer_client.post(
        reverse("meetings:standard_question_create", args=[other.pk]),
        {"question": "What has the {partnership} done?", "position": "1", "is_active": "on"},
    )
    page = officer_client.get(reverse("meetings:standard_questions", args=[other.pk]))
    assert "What has the Safer Borchester Partnership done?" in page.content.decode()
    assert "Safer Maidstone" not in page.content.decode()
    meeting = MeetingFactory(committee=other)
    officer_client.post(reverse("meetings:lines_of_enquiry_add_standard", args=[meeting.pk]))
    assert [line.question for line in meeting.lines_of_enquiry.all()] == [
        "What has the Safer Borchester Partnership done?"
    ]


@pytest.mark.parametrize("url_name", ["committee_list", "committee_setup", "setup"])
def test_set_up_pages_cost_the_same_queries_however_many_records(officer_client, url_name):
    """The query-count rule of tests/test_query_counts.py, for the officers' set-up pages."""
    committee = CommitteeFactory(partnership=PartnershipFactory())
    args = [committee.pk] if url_name == "committee_setup" else []
    # Once first: the council record and the session are made on the first page.
    officer_client.get(reverse(f"meetings:{url_name}", args=args))
    counts = []
    for extra in (2, 20):
        for n in range(extra):
            CommitteeFactory(partnership=PartnershipFactory())
            committee.standard_items.create(
                position=committee.standard_items.count() + 1, title=f"Item {n}"
            )
            CommitteeTitle.objects.create(
                committee=committee, from_date=datetime.date(2000 + len(counts) * 30 + n, 1, 1)
            )
        with CaptureQueriesContext(connection) as captured:
            assert officer_client.get(reverse(f"meetings:{url_name}", args=args)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
