"""Officers keep the partnership's records in the browser."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from partnership.models import Action, Agency, Membership, Priority, ProgressUpdate, RagStatus
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    PartnershipFactory,
    RefreshFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def test_a_new_agency_joins_the_partnership(officer_client):
    partnership = PartnershipFactory()
    response = officer_client.post(
        reverse("partnership:agency_create", args=[partnership.slug]),
        {
            "name": "Kent Surrey & Sussex CRC",
            "standing": "responsible_authority",
            "sector": "probation",
        },
    )
    agency = Agency.objects.get(name="Kent Surrey & Sussex CRC")
    assert response.url == agency.get_absolute_url()
    assert Membership.objects.filter(partnership=partnership, agency=agency).exists()


def test_a_membership_ending_before_it_starts_is_explained_and_not_saved(officer_client):
    membership = MembershipFactory()
    url = reverse("partnership:membership_update", args=[membership.pk])
    token = officer_client.get(url).context["form"]["edit_token"].value()
    response = officer_client.post(
        url,
        {
            "agency": membership.agency.pk,
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2015",
            "end_date_0": "31",
            "end_date_1": "3",
            "end_date_2": "2015",
            "edit_token": token,
        },
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The membership must end after it starts." in page
    membership.refresh_from_db()
    assert membership.end_date is None


def test_progress_update_sets_the_actions_rag_status(officer_client):
    action = ActionFactory()
    officer_client.post(
        reverse("partnership:progress_update_create", args=[action.pk]),
        {
            "date_0": "3",
            "date_1": "6",
            "date_2": "2019",
            "text": "Two of four workshops held.",
            "rag_status": "amber",
        },
    )
    action.refresh_from_db()
    assert action.rag_status == RagStatus.AMBER
    page = officer_client.get(action.get_absolute_url()).content.decode()
    assert "Two of four workshops held." in page


def test_a_progress_update_dated_in_the_future_is_explained_and_not_saved(officer_client):
    action = ActionFactory(rag_status=RagStatus.GREEN)
    url = reverse("partnership:progress_update_create", args=[action.pk])
    with time_machine.travel(datetime.datetime(2019, 6, 3, 12, tzinfo=datetime.UTC)):
        response = officer_client.post(
            url,
            {
                "date_0": "4",
                "date_1": "6",
                "date_2": "2019",
                "text": "All four workshops held.",
                "rag_status": "red",
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count("Date of the update must be today or in the past") == 2  # summary, field
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.rag_status == RagStatus.GREEN


def test_a_progress_update_cannot_be_moved_into_the_future(officer_client):
    update = ProgressUpdate.objects.create(
        action=ActionFactory(), date=datetime.date(2019, 6, 1), text="Begun."
    )
    url = reverse("partnership:progress_update_update", args=[update.pk])
    with time_machine.travel(datetime.datetime(2019, 6, 3, 12, tzinfo=datetime.UTC)):
        token = officer_client.get(url).context["form"]["edit_token"].value()
        fields = {"text": "Begun.", "rag_status": "amber", "edit_token": token}
        later = {"date_0": "1", "date_1": "7", "date_2": "2019"}
        response = officer_client.post(url, {**fields, **later})
        assert "Date of the update must be today or in the past" in response.content.decode()
        today = {"date_0": "3", "date_1": "6", "date_2": "2019"}
        assert officer_client.post(url, {**fields, **today}).status_code == 302
    update.refresh_from_db()
    assert update.date == datetime.date(2019, 6, 3)


def test_actions_are_added_at_the_end_of_their_plan(officer_client):
    first = ActionFactory()
    # The lead is one of the plan's partnership's agencies: the form offers only those.
    agency = MembershipFactory(partnership=first.action_plan.subgroup.partnership).agency
    officer_client.post(
        reverse("partnership:action_create", args=[first.action_plan.pk]),
        {"description": "Train staff", "lead_agency": agency.pk, "rag_status": "not_rated"},
    )
    assert list(Action.objects.values_list("position", flat=True)) == [1, 2]


def test_a_second_refresh_for_the_same_year_is_explained_not_a_crash(officer_client):
    refresh = RefreshFactory(year=2018)
    url = reverse("partnership:refresh_create", args=[refresh.plan.pk])
    response = officer_client.post(url, {"year": "2018", "title": "Again"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    outside = officer_client.post(url, {"year": "2030", "title": "Later"})
    assert "A refresh must fall within its plan (2013-18)." in outside.content.decode()
    assert refresh.plan.refreshes.count() == 1


def test_renaming_a_priority_to_a_taken_title_is_explained(officer_client):

    refresh = RefreshFactory()
    Priority.objects.create(refresh=refresh, title="Domestic Abuse")
    other = Priority.objects.create(refresh=refresh, title="Mental Health", position=2)
    url = reverse("partnership:priority_update", args=[other.pk])
    token = officer_client.get(url).context["form"]["edit_token"].value()
    response = officer_client.post(
        url, {"title": "Domestic Abuse", "position": "2", "edit_token": token}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    other.refresh_from_db()
    assert other.title == "Mental Health"
