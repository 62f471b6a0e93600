"""Ending a user's signed-in sessions, in every browser, at once (withdrawing access)."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone


def sessions_end(user) -> int:
    """End every session signed in as ``user``, in every browser, at once; how many.

    Sessions are kept in the database (Django's ``db`` engine, or ``cached_db``), which
    does not index them by user, so each live one is read: a few hundred at most here,
    since only signed-in visitors have one, and a withdrawal is rare. Each is deleted
    through its engine, which also forgets ``cached_db``'s cached copy.
    """

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        raise ImproperlyConfigured(
            "Withdrawing access ends the user's sessions by finding them in the database: "
            "SESSION_ENGINE must be the db or cached_db engine."
        )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    theirs = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    for key in theirs:
        store(session_key=key).delete()
    return len(theirs)
