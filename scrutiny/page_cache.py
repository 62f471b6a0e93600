"""Ready-made public pages for visitors who are not signed in.

A public page looks the same to every anonymous visitor until a record changes, so its
HTML is kept in the cache under the current content version (and today's date, which
the home page's "next meeting" depends on). Any save, delete or link change in the
meetings or partnership apps moves the version on once the transaction commits.

Signed-in visitors are never served from the cache: their pages carry exempt items,
editing controls and CSRF tokens of their own.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from .models import ContentVersion

CACHED_APPS = {"meetings", "partnership"}


def current_version() -> int:
    number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def _bump() -> None:
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def record_changed(sender, **kwargs) -> None:
    """Signal receiver: retire every cached page once the change is committed.

    Bumping after the commit, not inside the writer's transaction, keeps writers from
    queueing on the version row while they hold locks of their own.
    """
    if sender._meta.app_label in CACHED_APPS and not hasattr(sender, "instance_type"):
        transaction.on_commit(_bump)


def _has_messages(request) -> bool:
    # Listing marks them as seen, but the page rendered next still shows them.
    return bool(list(get_messages(request)))


def cache_for_the_public(view):
    """Serve anonymous GETs of a public page from the cache, rendering it once a version."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.SCRUTINY_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or request.user.is_authenticated
            or _has_messages(request)
        ):
            return view(request, *args, **kwargs)
        raw = f"{current_version()}|{timezone.localdate()}|{request.get_full_path()}"
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, response.content, timeout=seconds)
        return response

    return wrapper
