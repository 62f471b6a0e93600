"""A signed-in session left unused for the idle time ends: the next request asks the
visitor to sign in again. Sessions are not written on every request."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def later(minutes):
    return time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=minutes)
    )


def test_an_idle_session_ends_and_the_next_request_asks_to_sign_in(client, councillor, settings):
    settings.SCRUTINY_IDLE_MINUTES = 120
    client.post(reverse("accounts:sign_in"), {"username": "councillor", "password": "pw"})
    home = reverse("meetings:home")
    with later(119):
        assert client.get(home).status_code == 200
    with later(119 + 121):
        response = client.get(home)
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:sign_in')}?next={home}"
        page = client.get(response.url).content.decode()
    assert "You were signed out after 2 hours without using the site" in page
    assert "_auth_user_id" not in client.session


def test_a_session_in_use_stays_signed_in(client, councillor, settings):
    settings.SCRUTINY_IDLE_MINUTES = 30
    client.force_login(councillor)
    for minutes in (20, 40, 60, 80):
        with later(minutes):
            assert client.get(reverse("meetings:tracker")).status_code == 200
    assert client.session["_auth_user_id"] == str(councillor.pk)


def test_the_session_is_not_written_on_every_request(client, councillor):
    client.force_login(councillor)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("meetings:tracker"))
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_an_idle_officer_is_signed_out_of_the_accounts_pages_too(client, officer, settings):
    settings.SCRUTINY_IDLE_MINUTES = 30
    client.force_login(officer)
    people = reverse("accounts:people")
    assert client.get(people).status_code == 200
    with later(31):
        response = client.get(people)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert "_auth_user_id" not in client.session
