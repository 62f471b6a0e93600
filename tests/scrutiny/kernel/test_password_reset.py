"""Anyone with an account resets a forgotten password through a link by email; the page
never says whether an address has an account."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

STRONG = "a-much-better-password-42"


def ask(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def test_the_sign_in_page_links_to_the_reset(client):
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert reverse("accounts:password_reset") in page


def test_a_councillor_resets_a_forgotten_password_and_signs_in(client, councillor, smtp_server):
    councillor.email = "cllr@example.org"
    councillor.save()
    answer = ask(client, "cllr@example.org")
    assert "Check your email" in answer.content.decode()
    (message,) = smtp_server.messages
    assert message["To"] == "cllr@example.org"
    (link,) = [link for link in smtp_server.links(message) if "/reset/" in link]
    form_page = client.get(urlsplit(link).path, follow=True)
    assert "Set your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG}
    )
    assert done.url == reverse("accounts:sign_in")
    assert (
        Client()
        .post(reverse("accounts:sign_in"), {"username": "councillor", "password": STRONG})
        .status_code
        == 302
    )
    # Used once, the link is refused with a page that says what to do.
    again = Client().get(urlsplit(link).path, follow=True).content.decode()
    assert "This link no longer works" in again
    assert reverse("accounts:password_reset") in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, councillor, smtp_server):
    councillor.email = "cllr@example.org"
    councillor.save()
    known = ask(Client(), "cllr@example.org")
    unknown = ask(client, "nobody@example.org")
    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    assert [message["To"] for message in smtp_server.messages] == ["cllr@example.org"]


def test_a_withdrawn_account_is_sent_no_reset(client, councillor, smtp_server):
    councillor.email = "gone@example.org"
    councillor.is_active = False
    councillor.save()
    assert "Check your email" in ask(client, "gone@example.org").content.decode()
    assert smtp_server.messages == []


def test_a_badly_written_address_is_refused_with_a_message(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "not an address"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an email address in the correct format" in page


def test_repeated_failed_sign_ins_still_pause(client, councillor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:sign_in"), {"username": "councillor", "password": "no"})
    response = client.post(
        reverse("accounts:sign_in"), {"username": "councillor", "password": "pw"}
    )
    assert response.status_code == 429
    assert "signing in with it from there is paused" in response.content.decode()
