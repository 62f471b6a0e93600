"""Documents are rendered by the task worker, never while a reader waits.

A reader's request for a PDF names the document (its kind and parameters) and the reader's
tier, and asks the database for the render of that copy at the current content version
(``document_request``). It builds no HTML: it either finds the stored file, or a render
queued or under way (the reader is told the document is being prepared), or a render that
failed. A copy nobody asked for yet is queued once, however many readers ask at the same
moment: the database's unique reference is the deduplication. The queue's length is capped
(``SCRUTINY_RENDER_QUEUE_LIMIT``), so readers asking for many different copies cannot grow
it without end.

The task worker (``drain_render_queue``) takes queued renders one by one, under a site-wide
limit on how many render at once (``SCRUTINY_RENDER_CONCURRENCY`` slots in the database,
shared by every worker process). It builds the document, and renders it in a child process
under the time and memory limits (scrutiny/documents/limits.py) unless a file with the same content
is stored already. A render that fails is remembered with its content key: the same
content is not rendered again, on any later request, until it changes or an officer asks
(``render_retry``). Stored files nobody has been sent for ``SCRUTINY_DOCUMENT_KEEP_DAYS``
are evicted (``documents_prune``).

Each kind of document registers how it is built (``document_kind``); the apps that own the
records do that, so this module imports none of them.
"""

import functools
import hashlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from scrutiny.documents.document import (
    Document,
    forget_pdf,
    is_stored,
    renderer_fingerprint,
    stored_path,
)
from scrutiny.documents.limits import ChildFailed, LimitExceeded
from scrutiny.documents.models import DocumentRender, RenderSlot
from scrutiny.kernel.page_cache import current_version
from scrutiny.kernel.roles import COUNCILLORS_GROUP, OFFICERS_GROUP, reader_tier, stand_in_reader

logger = logging.getLogger(__name__)

Status = DocumentRender.Status

# The reader each tier's documents are built for, in the worker.
TIER_GROUPS = {"public": None, "councillor": COUNCILLORS_GROUP, "officer": OFFICERS_GROUP}
# A render whose worker died is taken again once; a second death marks it failed, so a
# document that kills its worker cannot do so for ever.
MAX_ATTEMPTS = 2
# Time allowed around the render itself (building the HTML, storing the file) before a
# slot or a render held by a worker that has gone is taken again.
LEASE_MARGIN_SECONDS = 120
# Writing "last sent" on every download would be a write per request; once an hour is
# enough to judge a file's age by.
SERVED_RESOLUTION = timedelta(hours=1)
PRUNE_EVERY = timedelta(hours=1)


class DocumentUnavailable(Exception):
    """The record a document is built from is gone, or no longer for its reader tier."""


@dataclass(frozen=True)
class DocumentKind:
    name: str
    # Builds the document for a reader; raises DocumentUnavailable (or the record's
    # DoesNotExist) when what it shows is gone or is no longer for that reader.
    build: Callable[[dict, Any], Document]
    # The web page with the same content, found without building anything.
    page: Callable[[dict], str]
    # Reports anyone can ask for with any filters (and so queue many of) wait behind the
    # papers of meetings: a queue full of them must not keep a meeting's pack from readers.
    on_demand: bool = False


KINDS: dict[str, DocumentKind] = {}


def document_kind(name: str, *, page: Callable[[dict], str], on_demand: bool = False):
    """Register a builder: ``build(params, reader) -> Document`` for documents of a kind."""

    def register(build):
        KINDS[name] = DocumentKind(name=name, build=build, page=page, on_demand=on_demand)
        return build

    return register


def _reference(kind: str, params: dict, tier: str) -> str:
    parts = [
        kind,
        json.dumps(params, sort_keys=True, default=str),
        tier,
        str(current_version()),
        renderer_fingerprint(),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _wake_worker() -> None:
    # Robust: the reader's request must not fail for want of a queue.
    transaction.on_commit(drain_render_queue.enqueue, robust=True)


def document_request(kind: str, params: dict, reader) -> DocumentRender | None:
    """The render of this document for this reader's tier: found, or queued now.

    ``None`` when it is not known and the queue is full: the reader is told it is being
    prepared, and asking again later queues it. The caller has checked that the reader
    may see the document and that ``params`` are ones its form accepts.
    """
    if kind not in KINDS:
        raise KeyError(f"No document kind {kind!r} is registered")
    tier = reader_tier(reader)
    reference = _reference(kind, params, tier)
    found = DocumentRender.objects.filter(reference=reference).first()
    if found is not None:
        if found.status == Status.READY and not is_stored(found.key):
            # Evicted since: rendered again, once, by whichever request notices first.
            if DocumentRender.objects.filter(pk=found.pk, status=Status.READY).update(
                status=Status.QUEUED, attempts=0
            ):
                _wake_worker()
            found.status = Status.QUEUED
        return found
    if DocumentRender.objects.filter(status=Status.QUEUED).count() >= (
        settings.SCRUTINY_RENDER_QUEUE_LIMIT
    ):
        logger.warning("The render queue is full: %s for %s was not queued", kind, tier)
        return None
    try:
        with transaction.atomic():
            render = DocumentRender.objects.create(
                reference=reference, kind=kind, params=params, tier=tier
            )
    except IntegrityError:  # another reader queued it a moment ago
        return DocumentRender.objects.get(reference=reference)
    _wake_worker()
    return render


def mark_served(render: DocumentRender) -> None:
    now = timezone.now()
    if render.last_served_at is None or now - render.last_served_at > SERVED_RESOLUTION:
        DocumentRender.objects.filter(pk=render.pk).update(last_served_at=now)


def render_retry(*, render: DocumentRender) -> int:
    """An officer asks for a failed document again: every failed render of the same
    content (or of the same request, when it failed before its content was known) is
    queued anew. Returns how many were."""
    same = Q(key=render.key) if render.key else Q(pk=render.pk)
    count = DocumentRender.objects.filter(same, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, error=""
    )
    if count:
        _wake_worker()
    return count


def failed_renders():
    """The failed renders officers should know of, the latest first (a document failed at
    several content versions is listed once, by the compliance page)."""
    return DocumentRender.objects.filter(status=Status.FAILED).order_by("-finished_at")


# The worker's side.


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _lease() -> timedelta:
    return timedelta(seconds=settings.SCRUTINY_RENDER_SECONDS + LEASE_MARGIN_SECONDS)


def _claim_slot(worker: str) -> int | None:
    """One of the site's render slots, or ``None`` if all are held."""
    numbers = range(1, settings.SCRUTINY_RENDER_CONCURRENCY + 1)
    RenderSlot.objects.bulk_create(
        [RenderSlot(number=number) for number in numbers], ignore_conflicts=True
    )
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    for number in numbers:
        # One conditional update: of two workers after the same slot, one gets it.
        if RenderSlot.objects.filter(free, number=number).update(
            holder=worker, lease_until=now + _lease()
        ):
            return number
    return None


def _renew_slot(number: int, worker: str) -> None:
    RenderSlot.objects.filter(number=number, holder=worker).update(
        lease_until=timezone.now() + _lease()
    )


def _release_slot(number: int, worker: str) -> None:
    RenderSlot.objects.filter(number=number, holder=worker).update(holder="", lease_until=None)


def _takeable(now) -> Q:
    return Q(status=Status.QUEUED) | Q(status=Status.RENDERING, lease_until__lt=now)


def _take_next() -> DocumentRender | None:
    """The oldest queued render, meetings' papers first, marked as being rendered by this
    worker."""
    on_demand = [kind.name for kind in KINDS.values() if kind.on_demand]
    while True:
        now = timezone.now()
        candidates = list(
            DocumentRender.objects.filter(_takeable(now))
            .annotate(later=Case(When(kind__in=on_demand, then=1), default=0))
            .order_by("later", "created_at", "pk")
            .values_list("pk", "attempts")[:10]
        )
        if not candidates:
            return None
        for pk, attempts in candidates:
            if attempts >= MAX_ATTEMPTS:
                DocumentRender.objects.filter(_takeable(now), pk=pk).update(
                    status=Status.FAILED,
                    finished_at=now,
                    error="The worker stopped while rendering it, twice.",
                )
                continue
            if DocumentRender.objects.filter(_takeable(now), pk=pk).update(
                status=Status.RENDERING,
                started_at=now,
                lease_until=now + _lease(),
                attempts=F("attempts") + 1,
            ):
                return DocumentRender.objects.get(pk=pk)


def _finish(render: DocumentRender, status: str, **fields) -> None:
    DocumentRender.objects.filter(pk=render.pk).update(
        status=status, finished_at=timezone.now(), lease_until=None, **fields
    )


def _render(render: DocumentRender, renew_slot: Callable[[], None]) -> None:
    """Build and render one queued document, and record what came of it."""
    kind = KINDS.get(render.kind)
    if kind is None:
        _finish(render, Status.FAILED, error=f"No document kind {render.kind!r} is known.")
        return
    try:
        document = kind.build(render.params, stand_in_reader(TIER_GROUPS[render.tier]))
        key = document.key
    except Exception as error:
        if isinstance(error, DocumentUnavailable | ObjectDoesNotExist):
            _finish(render, Status.FAILED, error="What the document shows is no longer there.")
        else:
            logger.exception("Building %s %s failed", render.kind, render.params)
            _finish(render, Status.FAILED, error=f"{type(error).__name__}: {error}")
        return
    DocumentRender.objects.filter(pk=render.pk).update(key=key, filename=document.filename)
    earlier = (
        DocumentRender.objects.filter(key=key, status=Status.FAILED).exclude(pk=render.pk).first()
    )
    if earlier is not None and not is_stored(key):
        # The same content failed before: it is not tried again until it changes or an
        # officer asks.
        _finish(render, Status.FAILED, error=earlier.error)
        return

    def still_mine():
        DocumentRender.objects.filter(pk=render.pk).update(lease_until=timezone.now() + _lease())
        renew_slot()

    try:
        steps = document.render(after_each_step=still_mine) or []
    except (LimitExceeded, ChildFailed) as error:
        logger.warning("Rendering %s failed: %s", document.filename, error)
        _finish(render, Status.FAILED, error=f"Rendering stopped: {error}.")
        return
    except Exception as error:
        logger.exception("Rendering %s failed", document.filename)
        _finish(render, Status.FAILED, error=f"{type(error).__name__}: {error}")
        return
    _finish(
        render,
        Status.READY,
        error="",
        seconds=sum(step.seconds for step in steps) if steps else None,
        peak_memory_bytes=max(step.peak_memory_bytes for step in steps) if steps else None,
    )


def _waiting() -> bool:
    return DocumentRender.objects.filter(_takeable(timezone.now())).exists()


@task()
def drain_render_queue() -> int:
    """Render what is queued, as long as a render slot is free; return how many were.

    Every request that queues a render also queues this task, so there may be several:
    one that finds every slot held leaves the work to the holders. A holder lets its slot
    go and then looks once more, so a render queued just as it finished is not left
    waiting for the next request.
    """
    worker = _worker_name()
    done = 0
    while True:
        slot = _claim_slot(worker)
        if slot is None:
            return done
        renew = functools.partial(_renew_slot, slot, worker)
        try:
            while (render := _take_next()) is not None:
                _render(render, renew)
                done += 1
                _renew_slot(slot, worker)
        finally:
            _release_slot(slot, worker)
        _prune_now_and_then()
        if not _waiting():
            return done


_last_pruned = [0.0]


def _prune_now_and_then() -> None:
    if time.monotonic() - _last_pruned[0] < PRUNE_EVERY.total_seconds():
        return
    _last_pruned[0] = time.monotonic()
    try:
        documents_prune()
    except Exception:  # a failed prune must not fail the renders it follows
        logger.exception("Pruning stored documents failed")


def documents_prune(*, days: int | None = None) -> int:
    """Forget renders nobody has been sent for ``days`` (``SCRUTINY_DOCUMENT_KEEP_DAYS``),
    and delete the stored files no render left needs; return how many files went.

    A file written in that time is kept even if no render names it yet: its render may
    be about to say it is ready.
    """
    days = settings.SCRUTINY_DOCUMENT_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    DocumentRender.objects.annotate(
        last_used=Coalesce("last_served_at", "finished_at", "created_at")
    ).filter(last_used__lt=cutoff).exclude(status=Status.RENDERING).delete()
    needed = set(DocumentRender.objects.exclude(key="").values_list("key", flat=True).distinct())
    folder = stored_path("x").parent
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if path.stat().st_mtime >= cutoff.timestamp():
            continue
        if path.name.startswith("."):
            # What a writer that was killed part way left (scrutiny/documents/files.py).
            path.unlink(missing_ok=True)
        elif path.suffix == ".pdf" and path.stem not in needed:
            forget_pdf(path.stem)
            removed += 1
    return removed
