"""An officer withdraws someone's access: their every session ends at once, the pages
cached for them are retired, and they cannot sign in again until invited again."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from scrutiny.kernel.page_cache import current_version
from tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def signed_in(username, password="pw") -> Client:
    """A browser of its own, signed in through the sign-in page."""
    browser = Client()
    response = browser.post(
        reverse("accounts:sign_in"), {"username": username, "password": password}
    )
    assert response.status_code == 302
    return browser


def withdraw(client, user):
    return client.post(reverse("accounts:withdraw", args=[user.pk]), follow=True)


def test_a_withdrawn_councillor_is_signed_out_everywhere_and_cannot_sign_in(
    client, officer, councillor, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting, title="Gang members named", is_exempt=True, exempt_paragraph=1
    )
    laptop, phone = signed_in("councillor"), signed_in("councillor")
    # Their page is now in the cache, kept for them.
    assert "Gang members named" in laptop.get(meeting.get_absolute_url()).content.decode()
    version = current_version()

    client.force_login(officer)
    confirm = client.get(reverse("accounts:withdraw", args=[councillor.pk])).content.decode()
    assert "councillor will be signed out at once, on every device" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        done = withdraw(client, councillor)
    assert "Access withdrawn from councillor" in done.content.decode()
    assert current_version() > version

    for browser in (laptop, phone):
        response = browser.get(meeting.get_absolute_url())
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
        page = browser.get(response.url).content.decode()
        assert "You have been signed out" in page
        assert "Gang members named" not in browser.get(meeting.get_absolute_url()).content.decode()

    again = Client().post(reverse("accounts:sign_in"), {"username": "councillor", "password": "pw"})
    assert again.status_code == 200
    assert "_auth_user_id" not in again.wsgi_request.session
    councillor.refresh_from_db()
    assert not councillor.is_active
    assert "Access: withdrawn" in client.get(reverse("accounts:people")).content.decode()


def test_an_officer_cannot_withdraw_their_own_access(client, officer):
    client.force_login(officer)
    response = withdraw(client, officer)
    assert "You cannot withdraw your own access" in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_active
    assert client.get(reverse("accounts:people")).status_code == 200


def test_withdrawing_takes_a_post_with_csrf(officer, councillor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    response = strict.post(reverse("accounts:withdraw", args=[councillor.pk]))
    assert response.status_code == 403
    councillor.refresh_from_db()
    assert councillor.is_active


def test_a_withdrawn_account_is_given_back_by_inviting_again(
    client, officer, councillor, smtp_server
):
    councillor.email = "back@example.org"
    councillor.save()
    client.force_login(officer)
    withdraw(client, councillor)
    people = client.get(reverse("accounts:people")).content.decode()
    assert "Invite again" in people
    response = client.post(
        reverse("accounts:invite"), {"email": "back@example.org", "role": "councillor"}
    )
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.is_active
    assert User.objects.filter(email="back@example.org").count() == 1
    (message,) = smtp_server.to("back@example.org")
    assert "councillor" in smtp_server.text(message)


def test_other_users_sessions_are_left_alone(client, officer, councillor):
    other = User.objects.create_user("other", password="pw")
    browser = signed_in("other")
    client.force_login(officer)
    withdraw(client, councillor)
    assert browser.get(reverse("meetings:home")).status_code == 200
    assert browser.session.get("_auth_user_id") == str(other.pk)
