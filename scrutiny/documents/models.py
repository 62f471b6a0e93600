"""The document store's records: each rendered copy, and the slots that ration rendering."""

from django.db import models


class DocumentRender(models.Model):
    """One reader tier's copy of a document at one content version, and what became of it.

    A reader's request finds or queues this row and nothing more: the task worker builds
    the document, renders it and stores the PDF (scrutiny/documents/rendering.py). Its ``reference``
    names the request without building the document: the document's kind and parameters,
    the reader tier, the content version and the renderer; so the database keeps one row,
    and one render, per copy however many readers ask for it at once.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Being rendered"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    reference = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    tier = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # The stored PDF's content key (scrutiny/documents/document.py), once the document is built.
    key = models.CharField(max_length=64, blank=True, db_index=True)
    filename = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A render whose worker died leaves its row "rendering": past this, it is taken again.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_served_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    peak_memory_bytes = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"], name="document_render_queue")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "rendering", "ready", "failed"]),
                name="document_render_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.params} for {self.tier}: {self.get_status_display()}"


class RenderSlot(models.Model):
    """One of the ``SCRUTINY_RENDER_CONCURRENCY`` renders allowed at once, site-wide.

    A worker holds a slot while it renders, claimed by a conditional update, so every
    worker process on every server shares the limit. A worker that dies leaves its lease
    to run out, and the slot is free again.
    """

    number = models.PositiveSmallIntegerField(primary_key=True)
    holder = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Render slot {self.number}"
