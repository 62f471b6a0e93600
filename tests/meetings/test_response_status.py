"""A recommendation's status is per addressee: "Response received" only once every agency
it was sent to has answered, and until then every list says how many have."""

import csv
import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from meetings.lifecycle import (
    next_steps,
    recommendation_agree,
    recommendation_response_record,
    recommendation_update_record,
)
from meetings.models import Recommendation, RecommendationStep
from meetings.services import letters_issue
from partnership.models import Agency
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
ISSUED_ON = datetime.date(2018, 9, 28)


@pytest.fixture
def agencies(demo_meeting):
    return Agency.objects.get(name="Kent Police"), Agency.objects.get(name="Golding Homes")


@pytest.fixture
def sent_to_two(demo_meeting, agencies, officer):
    """A recommendation to Kent Police and Golding Homes, its letters issued."""
    recommendation = RecommendationFactory(
        meeting=demo_meeting, position=3, text="Share the gang map with housing providers."
    )
    recommendation.addressee_agencies.set(agencies)
    recommendation_agree(recommendation=recommendation, user=officer)
    letters_issue(meeting=demo_meeting, user=officer, issued_on=ISSUED_ON)
    return recommendation


def respond(recommendation, agency, officer, day):
    recommendation_response_record(
        recommendation=recommendation,
        user=officer,
        agency=agency,
        outcome="accepted",
        text=f"{agency.name} accepts.",
        received_on=day,
    )


def shown_everywhere(recommendation, officer, agency) -> dict[str, str]:
    """What each list says of the recommendation's status."""
    cache.clear()
    public, staff = Client(), Client()
    staff.force_login(officer)
    csv_response = public.get(reverse("meetings:tracker_csv"))
    rows = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    (row,) = [row for row in rows if row["Recommendation"] == recommendation.text]
    (api,) = [
        result
        for result in public.get(reverse("meetings:api_recommendations")).json()["results"]
        if result["id"] == recommendation.pk
    ]
    return {
        "recommendations page": staff.get(
            reverse("meetings:recommendations", args=[recommendation.meeting_id])
        ).content.decode(),
        "tracker": public.get(reverse("meetings:tracker")).content.decode(),
        "agency page": public.get(agency.get_absolute_url()).content.decode(),
        "csv": row["Status"],
        "api": api["status_label"],
    }


def test_one_of_two_answering_is_not_response_received(sent_to_two, agencies, officer):
    police, golding = agencies
    respond(sent_to_two, police, officer, datetime.date(2018, 10, 10))
    sent_to_two.refresh_from_db()
    assert sent_to_two.status == Status.SENT
    assert sent_to_two.status_label == "Letter issued, 1 of 2 responded"
    for where, shown in shown_everywhere(sent_to_two, officer, golding).items():
        assert "1 of 2 responded" in shown.lower(), where
    # Nobody filtering for answered recommendations is shown it as answered.
    cache.clear()
    answered = Client().get(reverse("meetings:tracker") + "?status=responded").content.decode()
    assert sent_to_two.text not in answered
    # What Kent Police accepted can be reported on meanwhile; it is not yet implemented.
    assert RecommendationStep.Kind.UPDATE in next_steps(sent_to_two)
    assert RecommendationStep.Kind.IMPLEMENTED not in next_steps(sent_to_two)
    recommendation_update_record(
        recommendation=sent_to_two,
        user=officer,
        text="The map went to the housing providers.",
        updated_on=datetime.date(2018, 10, 12),
    )

    respond(sent_to_two, golding, officer, datetime.date(2018, 10, 20))
    sent_to_two.refresh_from_db()
    assert sent_to_two.status == Status.RESPONDED
    assert sent_to_two.status_label == "Response received, 2 of 2 responded"
    shown = shown_everywhere(sent_to_two, officer, golding)
    assert shown["csv"] == shown["api"] == "Response received, 2 of 2 responded"


def test_no_update_before_any_partner_has_answered(sent_to_two):
    assert RecommendationStep.Kind.UPDATE not in next_steps(sent_to_two)


def test_one_addressee_or_the_partnership_reads_as_before(demo_meeting, agencies, officer):
    police, _ = agencies
    single = RecommendationFactory(meeting=demo_meeting, position=3, text="To the police.")
    single.addressee_agencies.set([police])
    whole = RecommendationFactory(
        meeting=demo_meeting,
        position=4,
        text="To the partnership.",
        addressee_partnership=demo_meeting.committee.partnership,
    )
    for recommendation in (single, whole):
        recommendation_agree(recommendation=recommendation, user=officer)
    letters_issue(meeting=demo_meeting, user=officer, issued_on=ISSUED_ON)
    respond(single, police, officer, datetime.date(2018, 10, 10))
    respond(whole, police, officer, datetime.date(2018, 10, 10))
    for recommendation in (single, whole):
        recommendation.refresh_from_db()
        assert recommendation.status == Status.RESPONDED
        assert recommendation.status_label == "Response received"


def test_the_migration_sends_back_those_still_awaiting_an_addressee(sent_to_two, agencies, officer):
    police, _ = agencies
    respond(sent_to_two, police, officer, datetime.date(2018, 10, 10))
    # As the old rule left it: "Response received" after the first answer.
    Recommendation.objects.filter(pk=sent_to_two.pk).update(status=Status.RESPONDED)
    migration = importlib.import_module(
        "meetings.migrations.0012_response_received_means_every_addressee"
    )
    migration.back_to_sent_while_awaited(apps, None)
    sent_to_two.refresh_from_db()
    assert sent_to_two.status == Status.SENT
