"""Two-factor sign-in for officers: a code from an authenticator app after the password,
required of every officer by a setting, or of those who set an app up."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meetings.accounts import account_withdraw
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

OFFICER_PAGE = "meetings:setup"


@pytest.fixture(autouse=True)
def no_wait_after_a_wrong_code(settings):
    """A wrong code makes the app wait before the next try (django-otp's throttling, a
    second and doubling); these tests give the right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def _sign_in(client, username):
    return client.post(reverse("accounts:sign_in"), {"username": username, "password": "pw"})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _set_up_app(client) -> TOTPDevice:
    page = client.get(reverse("accounts:two_factor") + "?set-up=1")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_officer_required_to_use_it_reaches_no_officer_page_without_a_code(
    client, officer, settings
):
    settings.SCRUTINY_OFFICERS_NEED_TWO_FACTOR = True
    draft = MeetingFactory(status="draft")
    signed_in = _sign_in(client, "officer")
    assert signed_in.url.startswith(reverse("accounts:two_factor"))
    for page in (reverse(OFFICER_PAGE), reverse("admin:index")):
        officer_page = client.get(page)
        assert officer_page.status_code == 302
        assert officer_page.url.startswith(reverse("accounts:two_factor"))
    # Until then the public's pages are all they see: no draft.
    assert client.get(draft.get_absolute_url()).status_code == 404
    # A wrong code is refused; the app's code lets them in.
    page = client.get(reverse("accounts:two_factor"))
    assert b"Set up two-factor sign-in" in page.content
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    assert wrong.status_code == 400
    assert b"The code is not the one your app shows now" in wrong.content
    assert client.get(reverse(OFFICER_PAGE)).status_code == 302
    assert client.post(reverse("accounts:two_factor"), {"code": _code(device)}).status_code == 302
    assert client.get(reverse(OFFICER_PAGE)).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 200
    # It cannot be turned off while required.
    client.post(reverse("accounts:two_factor_off"))
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def test_an_officer_with_an_app_gives_its_code_at_every_sign_in(client, officer):
    _sign_in(client, "officer")
    assert client.get(reverse(OFFICER_PAGE)).status_code == 200  # not required, none set up
    device = _set_up_app(client)
    client.post(reverse("accounts:sign_out"))

    signed_in = _sign_in(client, "officer")
    assert signed_in.url.startswith(reverse("accounts:two_factor"))
    assert client.get(reverse(OFFICER_PAGE)).status_code == 302
    page = client.get(reverse("accounts:two_factor"))
    assert b"Enter the code from your app" in page.content
    assert client.post(reverse("accounts:two_factor"), {"code": "123"}).status_code == 400
    device.refresh_from_db()
    # The code used to set the app up is spent: the app's next one, 30 seconds on.
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=31)
    ):
        spent = client.post(
            reverse("accounts:two_factor") + "?next=" + reverse(OFFICER_PAGE),
            {"code": _code(device)},
        )
        assert spent.status_code == 302
    assert spent.url == reverse(OFFICER_PAGE)
    assert client.get(reverse(OFFICER_PAGE)).status_code == 200


def test_an_officer_turns_it_off_when_it_is_not_required(client, officer):
    _sign_in(client, "officer")
    _set_up_app(client)
    client.post(reverse("accounts:two_factor_off"))
    assert not TOTPDevice.objects.filter(user=officer).exists()
    client.post(reverse("accounts:sign_out"))
    _sign_in(client, "officer")
    assert client.get(reverse(OFFICER_PAGE)).status_code == 200


def test_councillors_and_the_public_are_not_asked(client, councillor, settings):
    settings.SCRUTINY_OFFICERS_NEED_TWO_FACTOR = True
    assert client.get(reverse("accounts:two_factor")).status_code == 302  # to sign in
    signed_in = _sign_in(client, "councillor")
    assert not signed_in.url.startswith(reverse("accounts:two_factor"))
    assert client.get(reverse("accounts:two_factor")).status_code == 403


def test_a_withdrawn_officer_invited_again_starts_without_their_old_app(client, officer):

    _sign_in(client, "officer")
    _set_up_app(client)
    colleague = get_user_model().objects.create_user("colleague")
    account_withdraw(user=officer, by=colleague)
    assert not TOTPDevice.objects.filter(user=officer).exists()
