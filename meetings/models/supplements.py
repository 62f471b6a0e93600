"""Supplements: what is added to an agenda after it was published.

An item added to a published agenda, a report written for an item already on it, or an
appendix added to a published report does not reach the public as it is typed: it waits
in the meeting's open supplement, which officers see and prepare, and is published with
it, on a day of its own. That day is judged by the clear-days rule as the agenda's was
(Local Government Act 1972 s.100B): a supplement published late says why the business is
urgent. Once published a supplement is a dated part of the agenda; the next addition
opens the next one.

A supplement goes only with its meeting, and what it holds goes with it: the app bins a
meeting and never deletes one, so that happens only when a meeting is deleted outright.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from scrutiny.kernel.roles import is_officer


def held(prefix: str = "") -> Q:
    """The records (items, reports, appendices) waiting in a supplement not yet published;
    ``prefix`` leads from the queried model to the one carrying the supplement."""
    return Q(
        **{
            f"{prefix}supplement__isnull": False,
            f"{prefix}supplement__published_at__isnull": True,
        }
    )


def supplement_link(related_name: str, help_text: str) -> models.ForeignKey:
    """The field of a record (an item, a report, an appendix) that may wait in, or have
    been published by, a supplement; empty for what came with the agenda."""
    return models.ForeignKey(
        "meetings.Supplement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name=related_name,
        help_text=help_text,
    )


class SupplementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The supplements of the meetings the user may see: published ones, and for
        officers the open one too (a meeting in the bin shows none)."""
        shown = self.filter(meeting__deleted_at__isnull=True)
        if is_officer(user):
            return shown
        # A draft meeting has had nothing published (a published supplement implies the
        # agenda went first); the status is checked all the same.
        return shown.filter(published_at__isnull=False).exclude(meeting__status="draft")


class Supplement(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="supplements"
    )
    number = models.PositiveSmallIntegerField(help_text="1 for the meeting's first supplement.")
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    urgent_reason = models.TextField(
        "reason for late publication",
        blank=True,
        help_text="Why the supplement was published with fewer clear days than the law asks.",
    )
    history = HistoricalRecords()

    objects = SupplementQuerySet.as_manager()
    # What it cannot outlive: nothing of a deleted meeting is edited (scrutiny.kernel.models).
    belongs_to = ("meeting",)

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="supplement_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="supplement_number_positive"),
            # One supplement at a time is open for additions.
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(published_at__isnull=True),
                name="supplement_one_open",
            ),
        ]

    def __str__(self):
        return f"Supplement {self.number} to the agenda of {self.meeting}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#supplement-{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
