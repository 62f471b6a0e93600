"""Limits on requests that send an email to an address anyone can type.

Asking for a password reset (and inviting, and later subscribing to alerts) sends mail to
the address given. Without a limit a visitor could flood someone's inbox, or the council's
mail server, from one form. Each request is counted twice, against the address and against
the client's IP address, in Django's cache: Redis shared by every process in production
(scrutiny/settings/cache.py), so that no worker allows its own share. The limits for each
action are in ``SCRUTINY_RATE_LIMITS``; a count lasts ``SCRUTINY_RATE_LIMIT_SECONDS`` from
its first request.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(action: str, kind: str, value: str) -> str:
    # Hashed: the cache holds no email address, and any address makes a valid key.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"rate:{action}:{kind}:{digest}"


def _count(key: str, seconds: int) -> int:
    """This request's number in the window; the window starts with its first request."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # The count expired between the two calls: this request starts a new window.
        cache.set(key, 1, timeout=seconds)
        return 1


def rate_limit_exceeded(*, action: str, address: str, client: str) -> bool:
    """Count a request to ``action`` for ``address`` from ``client``; True when either has
    gone over its limit, and then the request must not send anything.

    A cache that cannot be reached lets the request through (and logs it): the limit
    protects inboxes, and a reader locked out of resetting their password helps no one.
    """
    limits = settings.SCRUTINY_RATE_LIMITS[action]
    seconds = settings.SCRUTINY_RATE_LIMIT_SECONDS
    try:
        by_address = _count(_key(action, "address", address), seconds)
        by_client = _count(_key(action, "client", client), seconds)
    except Exception:
        logger.warning(
            "The rate limit for %s could not be counted; the request was let through.", action
        )
        return False
    return by_address > limits["per_address"] or by_client > limits["per_client"]


def rate_limit_message(action_in_words: str) -> str:
    """What a visitor over a limit is told (the same whether the address or they are)."""
    minutes = settings.SCRUTINY_RATE_LIMIT_SECONDS // 60
    return (
        f"Too many requests to {action_in_words} have been made for this email address or "
        f"from your connection. Wait {minutes} minutes and try again."
    )
