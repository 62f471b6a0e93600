"""Ready-made pages: each is rendered once per change to the records.

A page looks the same until a record changes, so its HTML is kept in the cache under the
current content version (and today's date, which the home page's "next meeting" depends
on). Every write that changes what readers see (a councillor made an officer, say) moves
the version on once its transaction commits (scrutiny/kernel/changes.py).

Visitors who are not signed in share one copy of each page. A signed-in visitor's pages
carry their own exempt items, editing controls and CSRF tokens, so each is kept for that
visitor alone, keyed by their account and their CSRF cookie (which changes when they sign
in again, so a stale token is never served).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from scrutiny.kernel.models import ContentVersion


def current_version() -> int:
    number = ContentVersion.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def version_bump() -> None:
    """Retire every cached page and document key: called once a change has committed.

    After the commit, not inside the writer's transaction, so that writers do not queue on
    the version row while they hold locks of their own.
    """
    if not ContentVersion.objects.filter(pk=1).update(number=F("number") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})


def _has_messages(request) -> bool:
    # Listing marks them as seen, but the page rendered next still shows them.
    return bool(list(get_messages(request)))


def _visitor(request) -> str:
    if not request.user.is_authenticated:
        return "public"
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return f"user {request.user.pk} {csrf_cookie}"


def cached_page(view):
    """Serve GETs of a page from the cache, rendering it once a version for each visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.SCRUTINY_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or _has_messages(request):
            return view(request, *args, **kwargs)
        raw = "|".join(
            [
                str(current_version()),
                str(timezone.localdate()),
                _visitor(request),
                request.get_full_path(),
            ]
        )
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, response.content, timeout=seconds)
        return response

    return wrapper
