"""Subscribing, confirming and unsubscribing: the services behind the alert pages.

A request to subscribe changes no confirmed subscription: what was asked for travels in
the signed confirmation link, and takes effect only when the address's owner follows it.
So no one can subscribe, or change the alerts of, an address that is not theirs.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from meetings.models import Committee

from .models import AlertKind, Subscription
from .tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, confirm_token, read_token

# How long a confirmation link works, and an unconfirmed subscription is kept.
CONFIRM_DAYS = 7


def _site_url(path: str) -> str:
    return settings.SCRUTINY_SITE_URL.rstrip("/") + path


def subscription_request(*, email: str, committee: Committee | None, kinds: list[str]) -> None:
    """Ask ``email``'s owner to confirm alerts of ``kinds`` about ``committee`` (None:
    every committee), by email. The answer to the asker is the same whether or not the
    address was subscribed already. The email goes once the request is recorded, outside
    its transaction, so no row stays locked while the mail server answers."""
    kinds = [kind for kind in AlertKind.values if kind in kinds]
    subscription = _subscription_requested(email=email.strip(), committee=committee, kinds=kinds)
    token = confirm_token(subscription, kinds)
    context = {
        "committee": committee,
        "kinds": [AlertKind(kind).label for kind in kinds],
        "confirm_url": _site_url(reverse("alerts:confirm", args=[token])),
        "days": CONFIRM_DAYS,
        "privacy_url": _site_url(reverse("alerts:privacy")),
    }
    message = EmailMultiAlternatives(
        subject="Confirm your email alerts",
        body=render_to_string("alerts/email/confirm.txt", context),
        to=[subscription.email],
    )
    message.attach_alternative(render_to_string("alerts/email/confirm.html", context), "text/html")
    message.send()


@transaction.atomic
def _subscription_requested(*, email: str, committee: Committee | None, kinds: list[str]):
    subscription, _ = Subscription.objects.select_for_update().get_or_create(
        email__iexact=email,
        committee=committee,
        defaults={"email": email, "kinds": ",".join(kinds), "requested_at": timezone.now()},
    )
    if subscription.confirmed_at is None:
        subscription.kinds = ",".join(kinds)
        subscription.requested_at = timezone.now()
        subscription.save(update_fields=["kinds", "requested_at"])
    return subscription


def confirmation(token: str) -> tuple[Subscription, list[str]] | None:
    """The subscription a confirmation link is for, and the kinds it asks for; None if
    the link is not one of ours, has expired, or its subscription is gone."""
    payload = read_token(token, salt=CONFIRM_SALT, max_age=datetime.timedelta(days=CONFIRM_DAYS))
    if payload is None:
        return None
    subscription = (
        Subscription.objects.filter(pk=payload["id"], email=payload["email"])
        .select_related("committee")
        .first()
    )
    if subscription is None:
        return None
    kinds = [kind for kind in payload.get("kinds", []) if kind in AlertKind.values]
    return subscription, kinds


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, kinds: list[str]) -> Subscription:
    """Start sending the alerts the confirmation link asked for."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.kinds = ",".join(kinds)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["kinds", "confirmed_at"])
    return subscription


def subscription_by_unsubscribe_token(token: str) -> Subscription | None:
    payload = read_token(token, salt=UNSUBSCRIBE_SALT)
    if payload is None:
        return None
    return Subscription.objects.filter(pk=payload["id"], email=payload["email"]).first()


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> None:
    """End a subscription and erase its address, with any email it was still owed."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def subscriptions_tidy() -> int:
    """Delete the subscriptions left unconfirmed past their link's life; how many."""
    stale = timezone.now() - datetime.timedelta(days=CONFIRM_DAYS)
    deleted, _ = Subscription.objects.filter(
        confirmed_at__isnull=True, requested_at__lt=stale
    ).delete()
    return deleted
