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


def bin_paths(model) -> list[str]:
    """The lookups from ``model`` to every soft-deletable record it belongs to, farthest
    first: a paragraph's are its report's agenda item's meeting, that item, and the report.

    A model names the records it belongs to, one step up, in ``belongs_to`` (the paragraph
    names its section); each of those names its own, and so on up. A record belongs only
    to what it cannot outlive: an optional link (the agenda item a recommendation was
    made on) is not belonging.
    """
    paths = []
    for name in getattr(model, "belongs_to", ()):
        parent = model._meta.get_field(name).related_model
        paths.extend(f"{name}__{path}" for path in bin_paths(parent))
        if issubclass(parent, SoftDeletable):
            paths.append(name)
    return paths


def editable(queryset):
    """The records of ``queryset`` an officer may change: neither they nor anything they
    belong to is in the bin. Whatever belongs to a deleted meeting waits, unchanged, for
    the meeting to be restored. The officers' editing views look records up through this.
    """
    model = queryset.model
    live = {f"{path}__deleted_at__isnull": True for path in bin_paths(model)}
    if issubclass(model, SoftDeletable):
        live["deleted_at__isnull"] = True
    return queryset.filter(**live)


def binned_owner(record):
    """The farthest record ``record`` belongs to that is in the bin, or None.

    What belongs to a deleted record cannot be restored before that record is.
    """
    for path in bin_paths(type(record)):
        owner = record
        for name in path.split("__"):
            # A foreign key reads through the base manager, which finds binned rows too.
            owner = getattr(owner, name)
        if owner.is_deleted:
            return owner
    return None


class ContentVersion(models.Model):
    """A number that grows with every change to the committee's or partnership's records.

    Cached public pages are keyed by it, so a change anywhere retires them all at once;
    keeping it in the database makes it the same for every server process.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Content version {self.number}"
