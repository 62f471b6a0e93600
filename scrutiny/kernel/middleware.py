"""Keep a signed-in reader's pages out of every cache, the browser's own included; end
sessions left idle."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login


def signed_in_pages_not_stored(get_response):
    """Every response to a signed-in visitor says ``Cache-Control: no-store``.

    Their pages carry exempt items and editing controls: on a shared PC the browser must
    not keep them to show the next person after sign-out (the back button, the history).
    Pages from the page cache pass through here too. Public responses keep their own
    caching: a visitor who sent no session cookie and has not just signed in cannot be
    signed in, so their session is not read (nor a ``Vary: Cookie`` added) to find out.
    """

    def middleware(request):
        response = get_response(request)
        may_be_signed_in = (
            settings.SESSION_COOKIE_NAME in request.COOKIES or request.session.modified
        )
        if may_be_signed_in and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response

    return middleware


# When the signed-in visitor was last seen, in the session (seconds since the epoch).
SEEN_KEY = "scrutiny_seen"
# The stamp is written again only once it is this old: a session is saved once a minute
# at most, not on every request, at the cost of a minute's precision in the idle time.
SEEN_STAMP_SECONDS = 60
# Signing in, resetting a password: a visitor whose session ended is simply let in here.
ACCOUNT_PAGES = "/accounts/"


def seen_at_sign_in(sender, request, user, **kwargs):
    """Stamp the new session at sign-in (``user_logged_in``), so that the requests after it
    find it fresh and have nothing to write."""
    if request is not None:
        request.session[SEEN_KEY] = int(time.time())


def idle_sessions_end(get_response):
    """Send a visitor whose sign-in has ended to sign in again, saying why.

    A session unused for ``SCRUTINY_IDLE_MINUTES`` ends here. One that ended elsewhere
    (withdrawn by an officer, expired, cleared) is gone from the store: its cookie names no
    session. Only signed-in visitors are given a session, so such a cookie means a
    sign-in that ended, and the visitor is told, rather than silently shown the public
    page; on the account pages (sign in, reset) the dead cookie is simply dropped. A
    visitor who sent no session cookie cannot be signed in, so their session is not read
    to find out (as ``signed_in_pages_not_stored``).
    """

    def middleware(request):
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            refusal = _ended_sign_in(request)
            if refusal is not None:
                return refusal
        return get_response(request)

    return middleware


def _ended_sign_in(request):
    """The redirect to sign in for a visitor whose sign-in has ended; None otherwise."""
    idle_minutes = settings.SCRUTINY_IDLE_MINUTES
    if request.user.is_authenticated:
        now = int(time.time())
        seen = request.session.get(SEEN_KEY)
        if seen is None or now - seen <= idle_minutes * 60:
            if seen is None or now - seen >= SEEN_STAMP_SECONDS:
                request.session[SEEN_KEY] = now
            return None
        logout(request)
        message = (
            f"You were signed out after {_minutes_in_words(idle_minutes)} without using the "
            "site. Sign in again to carry on."
        )
    elif request.session.session_key is None and not request.path.startswith(ACCOUNT_PAGES):
        message = "You have been signed out. Sign in again to carry on."
    else:
        return None
    messages.info(request, message)
    return redirect_to_login(request.get_full_path())


def _minutes_in_words(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
