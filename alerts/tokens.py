"""The signed links in alert emails: one to confirm a subscription, one to end it.

Each is the subscription's id and address, signed with the site's secret key and a salt
of its own, so a link can do only what it was sent for, only to that subscription, and
cannot be made up. A confirmation link expires; an unsubscribe link never does, so that
the first email's link works as well as the last's.
"""

from django.core import signing

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def _payload(subscription) -> dict:
    return {"id": subscription.pk, "email": subscription.email}


def confirm_token(subscription, kinds: list[str]) -> str:
    """A link that confirms the subscription with the kinds of alert asked for."""
    payload = _payload(subscription) | {"kinds": kinds}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def unsubscribe_token(subscription) -> str:
    return signing.dumps(_payload(subscription), salt=UNSUBSCRIBE_SALT, compress=True)


def read_token(token: str, *, salt: str, max_age=None) -> dict | None:
    """The id and address a token names, or None if it is not one of ours (altered,
    made up, for another purpose) or older than ``max_age``."""
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("id"), int):
        return None
    return payload
