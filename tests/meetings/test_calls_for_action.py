"""Councillor Calls for Action: recorded by officers, listed and shown to everyone."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import CouncillorCallForAction

pytestmark = pytest.mark.django_db


def referral(**changes) -> dict:
    data = {
        "councillor": "Cllr B. Example",
        "ward": "High Street",
        "matter": "Anti-social behaviour in the park after dark.",
        "received_on_0": "3",
        "received_on_1": "9",
        "received_on_2": "2018",
        "decision": "pending",
        "decided_on_0": "",
        "decided_on_1": "",
        "decided_on_2": "",
        "reasons": "",
        "outcome": "",
    }
    return {**data, **changes}


def test_an_officer_records_a_call_and_the_public_follow_it(client, officer, demo_meeting):
    committee = demo_meeting.committee
    client.force_login(officer)
    create = reverse("meetings:call_for_action_create", args=[committee.slug])
    response = client.post(create, referral())
    call = CouncillorCallForAction.objects.get()
    assert response.url == call.get_absolute_url()

    update = reverse("meetings:call_for_action_update", args=[call.pk])
    token = client.get(update).context["form"]["edit_token"].value()
    refused = client.post(update, referral(decision="declined", edit_token=token))
    assert "Give the committee&#x27;s reasons for its decision." in refused.content.decode()
    client.post(
        update,
        referral(
            decision="declined",
            decided_on_0="25",
            decided_on_1="9",
            decided_on_2="2018",
            reasons="The police have already set up patrols.",
            edit_token=token,
        ),
    )

    public = Client()
    listing = public.get(reverse("meetings:calls_for_action")).content.decode()
    assert "Cllr B. Example, High Street" in listing
    assert "Not taken up" in listing
    page = public.get(call.get_absolute_url()).content.decode()
    assert "The police have already set up patrols." in page
    assert "25 September 2018" in page
    assert "Edit" not in page
    assert call.get_absolute_url() in public.get(committee.get_absolute_url()).content.decode()


def test_a_decision_cannot_come_before_the_referral(client, officer, demo_meeting):
    client.force_login(officer)
    create = reverse("meetings:call_for_action_create", args=[demo_meeting.committee.slug])
    response = client.post(
        create,
        referral(
            decision="accepted",
            decided_on_0="1",
            decided_on_1="9",
            decided_on_2="2018",
            reasons="A real problem.",
        ),
    )
    assert "A decision cannot come before the referral." in response.content.decode()
    assert not CouncillorCallForAction.objects.exists()
