"""The meetings' invariants hold in the database itself, not only in forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings.models import (
    AgendaItem,
    CommitteeMember,
    Meeting,
    Recommendation,
    RecommendationLetter,
)
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
    CommitteeFactory,
    CouncillorFactory,
    MeetingFactory,
    RecommendationFactory,
)
from tests.helpers import refused_by_database

pytestmark = pytest.mark.django_db


def test_agenda_number_is_unique_within_its_meeting():
    item = AgendaItemFactory(number=3)
    refused_by_database(AgendaItem, meeting=item.meeting, number=3, title="Duplicate")


def test_the_same_agenda_number_is_fine_in_another_meeting():
    AgendaItemFactory(number=3)
    AgendaItemFactory(number=3)


@pytest.mark.parametrize("paragraph", [None, 0, 8])
def test_exempt_item_must_name_a_paragraph_from_1_to_7(paragraph):
    refused_by_database(
        AgendaItem,
        meeting=MeetingFactory(),
        number=1,
        title="Exempt",
        is_exempt=True,
        exempt_paragraph=paragraph,
    )


@pytest.mark.parametrize("paragraph", [1, 7])
def test_exempt_item_with_a_paragraph_is_accepted(paragraph):
    item = AgendaItemFactory(is_exempt=True, exempt_paragraph=paragraph)
    item.full_clean()


def test_open_item_cannot_carry_a_paragraph():
    refused_by_database(
        AgendaItem, meeting=MeetingFactory(), number=1, title="Open", exempt_paragraph=3
    )


def test_exempt_item_clean_explains_what_is_missing():
    item = AgendaItemFactory.build(is_exempt=True, exempt_paragraph=None)
    with pytest.raises(ValidationError) as error:
        item.clean()
    assert "Schedule 12A paragraph" in error.value.message_dict["exempt_paragraph"][0]


def test_agenda_number_zero_is_refused_by_the_database():
    refused_by_database(AgendaItem, meeting=MeetingFactory(), number=0, title="Zero")


def test_recommendation_status_outside_its_choices_is_refused_by_the_database():
    refused_by_database(
        Recommendation, meeting=MeetingFactory(), position=1, text="x", status="ignored"
    )


def test_every_recommendation_status_is_accepted():
    meeting = MeetingFactory()
    for position, status in enumerate(Recommendation.Status.values, 1):
        RecommendationFactory(meeting=meeting, position=position, status=status)


def test_committee_membership_ending_before_it_starts_is_refused_by_the_database():
    refused_by_database(
        CommitteeMember,
        committee=CommitteeFactory(),
        person=CouncillorFactory(),
        start_date=datetime.date(2019, 5, 1),
        end_date=datetime.date(2019, 4, 30),
    )


def test_meeting_status_outside_its_choices_is_refused_by_the_database():
    refused_by_database(
        Meeting, committee=CommitteeFactory(), date=datetime.date(2019, 1, 1), status="adjourned"
    )


def test_issued_letter_without_a_date_is_refused_by_the_database():
    refused_by_database(
        RecommendationLetter,
        meeting=MeetingFactory(),
        addressee=AgencyFactory(),
        reference="CD/2019/1",
        status=RecommendationLetter.Status.ISSUED,
    )


def test_edits_keep_history_with_who_changed_what(officer):
    item = AgendaItemFactory(title="Original")
    item._history_user = officer
    item.title = "Changed"
    item.save()
    old, new = item.history.order_by("history_date")
    assert (old.title, new.title) == ("Original", "Changed")
    assert new.history_user == officer
    assert [change.field for change in new.diff_against(old).changes] == ["title"]


def test_changing_a_recommendations_addressees_is_kept_in_history():
    recommendation = RecommendationFactory()
    police = AgencyFactory(name="Kent Police")
    recommendation.addressee_agencies.add(police)
    latest = recommendation.history.latest()
    assert [row.agency for row in latest.addressee_agencies.all()] == [police]


def test_two_untimed_meetings_of_a_committee_on_one_day_are_refused_by_the_database():
    meeting = MeetingFactory(start_time=None)
    refused_by_database(Meeting, committee=meeting.committee, date=meeting.date)


def test_a_taken_agenda_number_is_explained_by_clean():
    item = AgendaItemFactory(number=2)
    duplicate = AgendaItem(meeting=item.meeting, number=2, title="Again")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["number"] == ["Item 2 is already on this meeting's agenda."]
