"""Councillors and officers sign in and out through the app's own pages."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password="pw", **extra):
    return client.post(
        reverse("accounts:sign_in"), {"username": username, "password": password, **extra}
    )


def test_a_councillor_signs_in_with_a_password_and_then_sees_exempt_items(client, councillor):
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting, title="Gang members named", is_exempt=True, exempt_paragraph=1
    )
    response = sign_in(client, "councillor", next=meeting.get_absolute_url())
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert "Gang members named" in client.get(response.url).content.decode()


def test_a_wrong_password_is_refused_with_a_summary_linked_to_the_field(client, councillor):
    response = sign_in(client, "councillor", password="wrong")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_username"' in page
    assert "Enter a correct user name and password" in page
    assert "<title>Error: Sign in" in page
    assert "_auth_user_id" not in client.session


def test_sign_in_refuses_a_redirect_to_another_site(client, councillor):
    response = sign_in(client, "councillor", next="https://evil.example/")
    assert response.url == reverse("meetings:home")


def test_signing_out_takes_a_post_and_says_so(client, councillor):
    client.force_login(councillor)
    page = client.get(reverse("accounts:sign_out")).content.decode()
    assert "You are signed in as councillor" in page
    response = client.post(reverse("accounts:sign_out"), follow=True)
    assert "You have signed out." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_sign_in_form_checks_csrf(councillor):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("accounts:sign_in"), {"username": "councillor", "password": "pw"}
    )
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()


def test_error_pages_use_the_app_design(client, councillor):
    missing = client.get("/meetings/999999/")
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()
    client.force_login(councillor)
    refused = client.get(reverse("meetings:meeting_create"))
    assert refused.status_code == 403
    assert "Only democratic services officers" in refused.content.decode()
