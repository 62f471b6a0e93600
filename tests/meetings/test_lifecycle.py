"""A recommendation goes from proposed to implemented one dated step at a time, each
recorded with who took it; a step that does not follow is refused, saying why."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from meetings.lifecycle import (
    STATUS_PHRASES,
    STEPS,
    recommendation_agree,
    recommendation_close,
    recommendation_implement,
    recommendation_letter_issued,
    recommendation_response_record,
    recommendation_update_record,
)
from meetings.models import Recommendation, RecommendationStep
from meetings.services import letters_issue
from partnership.models import Agency
from scrutiny.kernel.errors import ServiceError
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

Status = Recommendation.Status
Kind = RecommendationStep.Kind
MEETING_DAY = datetime.date(2018, 9, 25)


@pytest.fixture
def police(demo_meeting):
    return Agency.objects.get(name="Kent Police")


@pytest.fixture
def recommendation(demo_meeting, police):
    made = RecommendationFactory(
        meeting=demo_meeting, position=3, text="Share the gang map with the housing providers."
    )
    made.addressee_agencies.set([police])
    return made


def days_after_meeting(days: int) -> datetime.date:
    return MEETING_DAY + datetime.timedelta(days=days)


def test_one_recommendation_from_proposed_to_implemented(recommendation, police, officer):
    assert recommendation.status == Status.PROPOSED
    recommendation_agree(recommendation=recommendation, user=officer)
    letters_issue(meeting=recommendation.meeting, user=officer, issued_on=days_after_meeting(3))
    recommendation.refresh_from_db()
    assert recommendation.status == Status.SENT
    assert recommendation.response_due_on == days_after_meeting(3 + 28)
    assert not recommendation.response_overdue_on(days_after_meeting(3 + 28))
    assert recommendation.response_overdue_on(days_after_meeting(3 + 29))

    recommendation_response_record(
        recommendation=recommendation,
        user=officer,
        agency=police,
        outcome="partly_accepted",
        text="We will share the map with registered providers, not private landlords.",
        received_on=days_after_meeting(20),
    )
    recommendation_update_record(
        recommendation=recommendation,
        user=officer,
        text="The map went to the two largest providers in November.",
        updated_on=days_after_meeting(60),
    )
    recommendation_implement(
        recommendation=recommendation, user=officer, implemented_on=days_after_meeting(90)
    )

    recommendation.refresh_from_db()
    assert recommendation.status == Status.IMPLEMENTED
    steps = list(recommendation.steps.all())
    assert [(step.kind, step.taken_on) for step in steps] == [
        (Kind.AGREED, MEETING_DAY),
        (Kind.LETTER_ISSUED, days_after_meeting(3)),
        (Kind.RESPONSE, days_after_meeting(20)),
        (Kind.UPDATE, days_after_meeting(60)),
        (Kind.IMPLEMENTED, days_after_meeting(90)),
    ]
    assert {step.taken_by for step in steps} == {officer}
    assert {step.taken_by_name for step in steps} == {"officer"}
    response = steps[2].response
    assert response.agency == police and response.outcome == "partly_accepted"
    assert response.text.startswith("We will share the map")
    # Each step is history too: who changed the status, and when.
    assert recommendation.history.first().history_user == officer


# Every status, and the steps that may not follow it.
REFUSED = [
    (status, kind)
    for status in Status.values
    for kind, (follows, _, _) in STEPS.items()
    if status not in follows
]


@pytest.mark.parametrize(("status", "kind"), REFUSED)
def test_a_step_that_does_not_follow_is_refused_saying_why(
    recommendation, police, officer, status, kind
):
    Recommendation.objects.filter(pk=recommendation.pk).update(status=status)
    recommendation.refresh_from_db()
    take = {
        Kind.AGREED: lambda: recommendation_agree(recommendation=recommendation, user=officer),
        Kind.LETTER_ISSUED: lambda: recommendation_letter_issued(
            recommendation=recommendation, user=officer, issued_on=days_after_meeting(3)
        ),
        Kind.RESPONSE: lambda: recommendation_response_record(
            recommendation=recommendation,
            user=officer,
            agency=police,
            outcome="accepted",
            text="Agreed.",
            received_on=days_after_meeting(10),
        ),
        Kind.UPDATE: lambda: recommendation_update_record(
            recommendation=recommendation, user=officer, text="Done.", updated_on=MEETING_DAY
        ),
        Kind.IMPLEMENTED: lambda: recommendation_implement(
            recommendation=recommendation, user=officer, implemented_on=MEETING_DAY
        ),
        Kind.CLOSED: lambda: recommendation_close(
            recommendation=recommendation, user=officer, closed_on=MEETING_DAY, reason="Overtaken."
        ),
    }[kind]
    with pytest.raises(ServiceError) as refused:
        take()
    phrase = STATUS_PHRASES[status]
    assert str(refused.value).startswith(f"Recommendation 3 {phrase}: ")
    assert not recommendation.steps.exists()
    assert not recommendation.responses.exists()
    recommendation.refresh_from_db()
    assert recommendation.status == status


def test_a_step_cannot_be_dated_before_the_last_one_or_in_the_future(recommendation, officer):
    with pytest.raises(ServiceError, match="before the recommendation's last step or its meeting"):
        recommendation_agree(
            recommendation=recommendation, user=officer, agreed_on=days_after_meeting(-1)
        )
    recommendation_agree(recommendation=recommendation, user=officer)
    with pytest.raises(ServiceError, match="in the future"):
        recommendation_letter_issued(
            recommendation=recommendation,
            user=officer,
            issued_on=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert recommendation.steps.count() == 1


def test_a_response_comes_from_an_addressee_once(recommendation, police, officer):
    recommendation_agree(recommendation=recommendation, user=officer)
    recommendation_letter_issued(
        recommendation=recommendation, user=officer, issued_on=days_after_meeting(3)
    )
    golding = Agency.objects.get(name="Golding Homes")
    answer = {
        "recommendation": recommendation,
        "user": officer,
        "outcome": "accepted",
        "text": "Agreed.",
        "received_on": days_after_meeting(10),
    }
    with pytest.raises(ServiceError, match="Golding Homes is not an addressee"):
        recommendation_response_record(agency=golding, **answer)
    recommendation_response_record(agency=police, **answer)
    with pytest.raises(ServiceError, match="recorded already"):
        recommendation_response_record(agency=police, **answer)


def test_closing_needs_a_reason(recommendation, officer):
    with pytest.raises(ServiceError, match="Give the reason"):
        recommendation_close(
            recommendation=recommendation, user=officer, closed_on=MEETING_DAY, reason=" "
        )
    recommendation_close(
        recommendation=recommendation,
        user=officer,
        closed_on=MEETING_DAY,
        reason="Overtaken by the new plan.",
    )
    recommendation.refresh_from_db()
    assert recommendation.status == Status.CLOSED
    assert recommendation.steps.get().note == "Overtaken by the new plan."


# Through the officers' pages -------------------------------------------------------------


def step_url(recommendation, kind) -> str:
    return reverse("meetings:recommendation_step", args=[recommendation.pk, kind])


def date_fields(day: datetime.date) -> dict:
    return {"taken_on_0": day.day, "taken_on_1": day.month, "taken_on_2": day.year}


def test_an_officer_records_each_step_on_its_own_page(client, officer, recommendation, police):
    client.force_login(officer)
    page = client.get(step_url(recommendation, Kind.AGREED))
    assert page.context["form"]["taken_on"].value() == MEETING_DAY  # agreed at its meeting
    done = client.post(step_url(recommendation, Kind.AGREED), date_fields(MEETING_DAY), follow=True)
    assert "Recommendation 3 is recorded as agreed." in done.content.decode()
    letters_issue(meeting=recommendation.meeting, user=officer, issued_on=days_after_meeting(3))
    # The partner answering is chosen from those the recommendation is addressed to.
    form = client.get(step_url(recommendation, Kind.RESPONSE)).content.decode()
    choices = re.search(r'<select name="agency".*?</select>', form, re.DOTALL).group(0)
    assert re.findall(r'<option value="(\d+)">([^<]*)</option>', choices) == [
        (str(police.pk), "Kent Police")
    ]

    refused = client.post(
        step_url(recommendation, Kind.RESPONSE),
        {
            "agency": police.pk,
            "outcome": "accepted",
            "text": "We accept it.",
            **date_fields(days_after_meeting(1)),
        },
    )
    assert refused.status_code == 200
    assert "last step or its meeting (28 September 2018)" in refused.content.decode()
    assert not recommendation.responses.exists()

    client.post(
        step_url(recommendation, Kind.RESPONSE),
        {
            "agency": police.pk,
            "outcome": "accepted",
            "text": "We accept it & will share the map.",
            **date_fields(days_after_meeting(20)),
        },
    )
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Response recorded" in page
    assert "We accept it &amp; will share the map." in page
    assert "recorded by officer" in page
    assert "Response due by 26 October 2018" in page
    for kind in (Kind.UPDATE, Kind.IMPLEMENTED, Kind.CLOSED):
        assert step_url(recommendation, kind) in page
    # The public see what happened, not who typed it in.
    public = Client().get(recommendation.get_absolute_url()).content.decode()
    assert "We accept it &amp; will share the map." in public
    assert "recorded by" not in public
    assert step_url(recommendation, Kind.UPDATE) not in public


def test_a_step_that_cannot_come_next_sends_the_officer_back_saying_why(
    client, officer, recommendation
):
    client.force_login(officer)
    response = client.get(step_url(recommendation, Kind.IMPLEMENTED), follow=True)
    assert response.redirect_chain[-1][0] == recommendation.get_absolute_url()
    assert (
        "Recommendation 3 is proposed: a recommendation can be marked implemented only after "
        "the partner has responded." in response.content.decode()
    )
    assert client.get(step_url(recommendation, "letter_issued")).status_code == 404
    assert client.get(step_url(recommendation, "nonsense")).status_code == 404


def test_an_unanswered_letter_is_flagged_overdue(client, officer, recommendation):
    recommendation_agree(recommendation=recommendation, user=officer)
    letters_issue(meeting=recommendation.meeting, user=officer, issued_on=days_after_meeting(3))
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Response due by 26 October 2018" in page
    assert "Overdue" in page
