"""Two-factor sign-in for officers: a code from an authenticator app (TOTP, django-otp)
after the password.

An officer who has set up an app, or every officer when ``SCRUTINY_OFFICERS_NEED_TWO_FACTOR``
is on, is not an officer to the app until this session has taken a code: every officer
page sends them to give one (or to set an app up), and every other page shows them what
the public sees, drafts and exempt items withheld. Whether they have an app is noted in
the session at sign-in, so the pages they read after it cost no query to find out.
"""

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutiny.kernel.roles import awaiting_second_factor_set, has_officer_account

# In the session: the signed-in user has an authenticator app set up.
HAS_APP_KEY = "scrutiny_has_authenticator"
APP_NAME = "Authenticator app"


def noted_at_sign_in(sender, request, user, **kwargs):
    """Note in the new session whether the user has an app (``user_logged_in``)."""
    if request is not None:
        request.session[HAS_APP_KEY] = TOTPDevice.objects.devices_for_user(
            user, confirmed=True
        ).exists()


def second_factor_awaited(get_response):
    """Mark a signed-in officer who owes this session a code (after django-otp's
    middleware, which says whether the session has one). The admin, which asks only
    whether an account is staff, sends them to give the code first."""
    admin = reverse_lazy("admin:index")

    def middleware(request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            owes = request.session.get(HAS_APP_KEY, False) or (
                settings.SCRUTINY_OFFICERS_NEED_TWO_FACTOR and has_officer_account(user)
            )
            awaiting_second_factor_set(user, owes)
            if owes and request.path.startswith(str(admin)):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
        return get_response(request)

    return middleware


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@transaction.atomic
def app_start(*, user) -> TOTPDevice:
    """The app being set up: a new secret, kept unconfirmed until a code proves it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def pending_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def app_confirm(*, request, device: TOTPDevice, code: str) -> bool:
    """Turn the app on if ``code`` is its current one; the session then counts as having
    given a code."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session[HAS_APP_KEY] = True
    awaiting_second_factor_set(request.user, False)
    return True


def code_check(*, request, code: str) -> bool:
    """Whether ``code`` is the signed-in user's app's current one; if so, the session
    counts as having given a code."""
    device = confirmed_app(request.user)
    if device is None or not device.verify_token(code.strip().replace(" ", "")):
        return False
    otp_login(request, device)
    awaiting_second_factor_set(request.user, False)
    return True


@transaction.atomic
def apps_remove(*, request) -> None:
    """Turn two-factor sign-in off for the signed-in user."""
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session[HAS_APP_KEY] = False


def apps_forget(*, user) -> None:
    """Forget every app of ``user`` (their access is withdrawn)."""
    TOTPDevice.objects.filter(user=user).delete()
