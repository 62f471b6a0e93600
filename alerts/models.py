"""Email alerts: who asked for which, what happened, and the emails still to send.

A subscription holds an email address and nothing else about its owner. It is kept
unconfirmed until its owner follows the link sent to that address (double opt-in), and
deleted, address and all, when they unsubscribe or when it stays unconfirmed too long.

An event is something a subscriber may be told of (an agenda published, say), written
once with the words every email about it carries, so that what is sent never depends on
when the worker gets to it. The outbox holds one row for each email an event owes a
subscriber; the database refuses a second, and a row is marked sent as soon as the mail
server has taken its email.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class AlertKind(models.TextChoices):
    AGENDA = "agenda", "An agenda is published"
    SUPPLEMENT = "supplement", "A supplement adds items or papers to a published agenda"
    MINUTES = "minutes", "Minutes are published"
    RESPONSE = "response", "A partner's response to a recommendation is recorded"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def wanting(self, kind: str, committee_id: int):
        """Confirmed subscriptions that asked for ``kind`` of alert about the committee."""
        return (
            self.confirmed()
            .filter(kinds__contains=kind)
            .filter(Q(committee__isnull=True) | Q(committee_id=committee_id))
        )


class Subscription(models.Model):
    email = models.EmailField()
    # No committee: every committee's alerts.
    committee = models.ForeignKey(
        "meetings.Committee", null=True, blank=True, on_delete=models.CASCADE
    )
    # The kinds asked for, comma-separated values of AlertKind.
    kinds = models.CharField(max_length=100)
    requested_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "committee"],
                condition=Q(committee__isnull=False),
                name="subscription_one_per_committee",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(committee__isnull=True),
                name="subscription_one_for_everything",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.committee or 'every committee'}"

    def get_absolute_url(self):
        return reverse("alerts:subscribe")

    @property
    def kind_list(self) -> list[str]:
        return [kind for kind in self.kinds.split(",") if kind]

    def kind_labels(self) -> list[str]:
        return [AlertKind(kind).label for kind in self.kind_list]


class AlertEvent(models.Model):
    """Something subscribers are told of, once."""

    Kind = AlertKind

    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    # What it is about, e.g. "agenda:12": an event is recorded once, however often the
    # records it comes from change afterwards.
    key = models.CharField(max_length=100, unique=True)
    committee = models.ForeignKey("meetings.Committee", on_delete=models.CASCADE)
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE)
    happened_at = models.DateTimeField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AlertKind.values), name="alert_event_kind_valid"
            )
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return self.url


class OutboxEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class OutboxEmail(models.Model):
    """One email an event owes one subscriber."""

    event = models.ForeignKey(AlertEvent, on_delete=models.CASCADE, related_name="emails")
    # An unsubscribed address is erased, and with it the emails it was still owed.
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "subscription"], name="outbox_one_email_per_subscriber"
            )
        ]

    def __str__(self):
        return f"{self.event} to {self.subscription.email}"

    def get_absolute_url(self):
        return self.event.url
