"""Requests that send an email are limited per address and per client; over the limit the
visitor is told so (429) and nothing is sent."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from scrutiny.kernel.rate_limits import rate_limit_exceeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.SCRUTINY_RATE_LIMITS = {
        "password_reset": {"per_address": 2, "per_client": 4},
        "invitation": {"per_address": 1, "per_client": 2},
    }


def test_a_limit_counts_each_address_and_each_client(limits):
    outcomes = [
        rate_limit_exceeded(action="password_reset", address="a@example.org", client="1.2.3.4")
        for _ in range(3)
    ]
    assert outcomes == [False, False, True]
    # Other addresses from the same client: the client had four requests.
    assert not rate_limit_exceeded(
        action="password_reset", address="b@example.org", client="1.2.3.4"
    )
    assert rate_limit_exceeded(action="password_reset", address="c@example.org", client="1.2.3.4")
    # Addresses are counted however they are written.
    assert rate_limit_exceeded(action="password_reset", address=" A@Example.org", client="5.6.7.8")
    # Each action counts apart.
    assert not rate_limit_exceeded(action="invitation", address="a@example.org", client="9.9.9.9")


def test_a_count_ends_with_its_window(limits, settings):
    settings.SCRUTINY_RATE_LIMIT_SECONDS = 1
    for _ in range(2):
        rate_limit_exceeded(action="password_reset", address="a@example.org", client="1.1.1.1")
    assert rate_limit_exceeded(action="password_reset", address="a@example.org", client="1.1.1.1")
    time.sleep(1.1)
    assert not rate_limit_exceeded(
        action="password_reset", address="a@example.org", client="1.1.1.1"
    )


def test_too_many_resets_for_one_address_are_refused_and_send_nothing(
    limits, councillor, smtp_server
):
    councillor.email = "cllr@example.org"
    councillor.save()
    answers = [
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(
            reverse("accounts:password_reset"), {"email": "cllr@example.org"}
        )
        for n in range(3)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    page = answers[-1].content.decode()
    assert "Too many requests to reset a password" in page
    assert "There is a problem" in page
    assert len(smtp_server.messages) == 2


def test_too_many_resets_from_one_client_are_refused(limits, client, smtp_server):
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": f"{n}@example.org"}).status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 302, 429]


def test_invitations_are_limited_too(limits, client, officer, smtp_server):
    client.force_login(officer)
    first = client.post(reverse("accounts:invite"), {"email": "a@example.org", "role": "officer"})
    assert first.status_code == 302
    second = client.post(reverse("accounts:invite"), {"email": "b@example.org", "role": "officer"})
    assert second.status_code == 302
    third = client.post(reverse("accounts:invite"), {"email": "c@example.org", "role": "officer"})
    assert third.status_code == 429
    assert "Too many requests to invite someone" in third.content.decode()
    assert len(smtp_server.messages) == 2
