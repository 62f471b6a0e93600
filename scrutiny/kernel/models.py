"""Behaviour shared by the apps' models, and the content version that dates cached pages."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LiveQuerySet(models.QuerySet):
    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class LiveManager(models.Manager):
    """The default manager: records in the bin are left out everywhere, admin included.

    Use with a model's own queryset: ``LiveManager.from_queryset(MeetingQuerySet)()``.
    """

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletable(models.Model):
    """A record that an officer can delete and restore.

    Council records are kept for six years (Local Government Act 1972 s.100C), so a delete
    only moves the record to the bin: it disappears from every page and query that goes
    through ``objects``, and ``all_objects`` still finds it for the deleted-items page.
    """

    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveManager.from_queryset(LiveQuerySet)()
    all_objects = LiveQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def mark_deleted(self, user):
        self.deleted_at = timezone.now()
        self.deleted_by = user

    def mark_restored(self):
        self.deleted_at = None
        self.deleted_by = None


class ContentVersion(models.Model):
    """A number that grows with every change to the committee's or partnership's records.

    Cached public pages are keyed by it, so a change anywhere retires them all at once;
    keeping it in the database makes it the same for every server process.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Content version {self.number}"
