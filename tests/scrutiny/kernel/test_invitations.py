"""Officers invite councillors and officers by email; the invitee sets their own password
through a signed, single-use, expiring link, then signs in. Email goes through a real SMTP
server started by the test (tests/smtp.py)."""

import datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from meetings.models import Person
from scrutiny.kernel.roles import is_councillor, is_officer
from tests.factories import AgendaItemFactory, CouncillorFactory, MeetingFactory
from tests.smtp import _free_port

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-staple-9"


def invite(client, email, role="councillor", person=None):
    data = {"email": email, "role": role, "person": person.pk if person else ""}
    return client.post(reverse("accounts:invite"), data)


def link_in(smtp_server, address) -> str:
    (message,) = smtp_server.to(address)
    (link,) = [link for link in smtp_server.links(message) if "/invitation/" in link]
    return urlsplit(link).path


def set_password(client, path, password=STRONG):
    """Follow the emailed link (it moves the token into the session) and submit."""
    form_page = client.get(path, follow=True)
    return form_page, client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_an_invited_councillor_sets_a_password_signs_in_and_reads_exempt_items(
    client, officer, smtp_server
):
    person = CouncillorFactory(name="Cllr. Brice")
    meeting = MeetingFactory()
    AgendaItemFactory(
        meeting=meeting, title="Gang members named", is_exempt=True, exempt_paragraph=1
    )
    client.force_login(officer)
    response = invite(client, "brice@example.org", person=person)
    assert response.status_code == 302
    assert response.url == reverse("accounts:people")
    assert "Invitation sent to brice@example.org" in client.get(response.url).content.decode()

    (message,) = smtp_server.messages
    assert message["To"] == "brice@example.org"
    assert "invited" in message["Subject"]
    assert "brice@example.org" in smtp_server.text(message)  # their user name
    account = User.objects.get(username="brice@example.org")
    assert not account.has_usable_password()
    assert is_councillor(account)
    assert not account.is_staff
    person.refresh_from_db()
    assert person.user == account

    invitee = Client()
    path = link_in(smtp_server, "brice@example.org")
    form_page, weak = set_password(invitee, path, password="password")
    assert "Set your password" in form_page.content.decode()
    assert "This password is too common." in weak.content.decode()
    assert weak.status_code == 200

    done = invitee.post(
        form_page.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG}
    )
    assert done.url == reverse("accounts:sign_in")
    assert "Your password is set" in invitee.get(done.url).content.decode()
    signed_in = invitee.post(
        reverse("accounts:sign_in"),
        {"username": "brice@example.org", "password": STRONG, "next": meeting.get_absolute_url()},
    )
    assert signed_in.status_code == 302
    assert "Gang members named" in invitee.get(meeting.get_absolute_url()).content.decode()


def test_an_invitation_link_works_once(client, officer, smtp_server):
    client.force_login(officer)
    invite(client, "once@example.org", role="officer")
    path = link_in(smtp_server, "once@example.org")
    set_password(Client(), path)
    again = Client().get(path, follow=True)
    page = again.content.decode()
    assert "This link no longer works" in page
    assert "ask democratic services to invite you again" in page
    assert "Set password" not in page


def test_an_invitation_link_expires_after_the_set_days(client, officer, smtp_server):
    client.force_login(officer)
    invite(client, "late@example.org", role="officer")
    path = link_in(smtp_server, "late@example.org")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=6)):
        assert "Set your password" in Client().get(path, follow=True).content.decode()
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)):
        assert "This link no longer works" in Client().get(path, follow=True).content.decode()


def test_a_reset_link_is_no_invitation(client, officer, smtp_server):
    """The two links are signed apart: one cannot be swapped for the other."""
    client.force_login(officer)
    invite(client, "swap@example.org", role="officer")
    path = link_in(smtp_server, "swap@example.org").replace("/invitation/", "/reset/")
    assert "This link no longer works" in Client().get(path, follow=True).content.decode()


def test_an_address_already_in_use_is_refused(client, officer, councillor, smtp_server):
    councillor.email = "taken@example.org"
    councillor.save()
    client.force_login(officer)
    response = invite(client, "Taken@example.org")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "An account already uses this email address" in page
    assert smtp_server.messages == []


def test_only_a_councillor_is_linked_to_a_person(client, officer, smtp_server):
    person = CouncillorFactory()
    client.force_login(officer)
    response = invite(client, "someone@example.org", role="officer", person=person)
    assert "Only a councillor is linked to a person record" in response.content.decode()
    assert not User.objects.filter(username="someone@example.org").exists()


def test_a_councillor_with_an_account_is_not_offered_again(client, officer, councillor):
    linked = CouncillorFactory(name="Cllr. Linked", user=councillor)
    CouncillorFactory(name="Cllr. Free")
    client.force_login(officer)
    page = client.get(reverse("accounts:invite")).content.decode()
    assert "Cllr. Free" in page
    assert linked.name not in page


def test_when_the_mail_server_refuses_nothing_is_saved(client, officer):
    client.force_login(officer)
    nowhere = _free_port()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=nowhere,
    ):
        response = invite(client, "lost@example.org", role="officer")
    assert "The invitation could not be sent" in response.content.decode()
    assert not User.objects.filter(username="lost@example.org").exists()


def test_an_officer_is_invited_as_an_officer(client, officer, smtp_server):
    client.force_login(officer)
    invite(client, "colleague@example.org", role="officer")
    colleague = User.objects.get(username="colleague@example.org")
    assert is_officer(colleague)
    assert colleague.is_staff
    assert not Person.objects.filter(user=colleague).exists()


def test_the_accounts_page_lists_roles_and_last_sign_in(client, officer, councillor):
    User.objects.create_user("nobody")
    client.force_login(officer)
    page = client.get(reverse("accounts:people")).content.decode()
    for text in ("officer", "councillor", "nobody", "Officer", "Councillor", "None", "Never"):
        assert text in page
    assert reverse("accounts:withdraw", args=[councillor.pk]) in page
    # Not their own.
    assert reverse("accounts:withdraw", args=[officer.pk]) not in page
    assert reverse("accounts:invite") in page
