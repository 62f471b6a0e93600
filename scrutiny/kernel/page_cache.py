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
import logging
from collections.abc import Iterable
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import F
from django.http import HttpResponse, QueryDict
from django.utils import timezone

from scrutiny.kernel.models import ContentVersion
from scrutiny.kernel.roles import awaiting_second_factor

logger = logging.getLogger(__name__)


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
    # An officer who owes a second factor reads what the public reads, kept apart.
    waiting = " awaiting" if awaiting_second_factor(request.user) else ""
    return f"user {request.user.pk} {csrf_cookie}{waiting}"


def _reading_only(request, params: tuple[str, ...]) -> None:
    """Leave in the request's query only the parameters the page reads, in one order."""
    query = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    request.GET = QueryDict(query.urlencode())


def _key(request) -> str:
    raw = "|".join(
        [
            str(current_version()),
            str(timezone.localdate()),
            _visitor(request),
            request.path,
            request.GET.urlencode(),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _kept(response) -> tuple:
    return response.status_code, list(response.items()), response.content


def _served(kept: tuple) -> HttpResponse:
    status, headers, content = kept
    return HttpResponse(content, status=status, headers=headers)


def _cache_read(key: str):
    # The cache only saves work: a cache server that is down or slow (Redis) costs a page
    # its rendering, never the reader their page.
    try:
        return cache.get(key)
    except Exception:
        logger.warning("The page cache could not be read; the page is rendered afresh.")
        return None


def _cache_write(key: str, kept: tuple, seconds: int) -> None:
    try:
        cache.set(key, kept, timeout=seconds)
    except Exception:
        logger.warning("The page cache could not be written; the page was still served.")


def cached_page(view=None, *, params: Iterable[str] = ()):
    """Serve GETs of a page from the cache, rendering it once a version for each visitor.

    ``params`` names the query parameters the page reads (``@cached_page(params=("q",))``);
    the view sees only those, and they alone make its key, so an address with anything
    else added is the same page and not a new copy. A page served from the cache has the
    status, headers and content the view gave it.
    """
    if view is None:
        return partial(cached_page, params=params)
    params = tuple(params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        _reading_only(request, params)
        seconds = settings.SCRUTINY_PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or _has_messages(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = _cache_read(key)
        if kept is not None:
            return _served(kept)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _cache_write(key, _kept(response), seconds)
        return response

    return wrapper
