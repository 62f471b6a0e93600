"""Sending the outbox, in the task worker, one email at a time.

Each email is claimed, sent, and marked sent in a transaction of its own that commits as
soon as the mail server has accepted it. A worker stopped between two emails has marked
every email it sent; only the one in flight when it was stopped (sent, but not yet
marked) may go again. The database's row lock keeps two workers off the same email.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import OutboxEmail, Subscription
from .tokens import unsubscribe_token

logger = logging.getLogger(__name__)

# An email the server refused this many times is left, with its error, for an officer.
ATTEMPTS = 5


def unsubscribe_url(subscription: Subscription) -> str:
    path = reverse("alerts:unsubscribe", args=[unsubscribe_token(subscription)])
    return settings.SCRUTINY_SITE_URL.rstrip("/") + path


def alert_message(email: OutboxEmail, connection=None) -> EmailMultiAlternatives:
    """The email an outbox row stands for: the event's words, in plain text and HTML,
    with the one-click unsubscribe link (RFC 8058) in its headers and its footer."""
    subscription = email.subscription
    unsubscribe = unsubscribe_url(subscription)
    context = {
        "event": email.event,
        "subscription": subscription,
        "unsubscribe_url": unsubscribe,
        "manage_url": settings.SCRUTINY_SITE_URL.rstrip("/") + reverse("alerts:subscribe"),
    }
    message = EmailMultiAlternatives(
        subject=email.event.subject,
        body=render_to_string("alerts/email/alert.txt", context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        connection=connection,
    )
    message.attach_alternative(render_to_string("alerts/email/alert.html", context), "text/html")
    return message


def outbox_send() -> int:
    """Send every email the outbox holds; return how many were sent."""
    sent = 0
    failed: set[int] = set()
    with get_connection() as connection:
        while True:
            with transaction.atomic():
                email = (
                    OutboxEmail.objects.unsent()
                    .exclude(pk__in=failed)
                    .filter(attempts__lt=ATTEMPTS)
                    .select_related("event", "subscription")
                    .select_for_update(skip_locked=True, of=("self",))
                    .order_by("pk")
                    .first()
                )
                if email is None:
                    return sent
                try:
                    alert_message(email, connection).send()
                except Exception as error:  # the server refused it: kept for another try
                    logger.warning("Alert email %s was not sent: %s", email.pk, error)
                    email.attempts += 1
                    email.last_error = str(error)[:300]
                    email.save(update_fields=["attempts", "last_error"])
                    failed.add(email.pk)
                    continue
                email.sent_at = timezone.now()
                email.attempts += 1
                email.save(update_fields=["sent_at", "attempts"])
            sent += 1
