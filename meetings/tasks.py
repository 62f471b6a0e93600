"""Rendering a published meeting's documents in the background, so readers find them ready.

When a meeting is published, or a record of a published meeting changes, the meeting's
documents are queued for rendering once the change is committed (the write says what it
changed through scrutiny/kernel/changes.py, and ``documents_queue_changed`` follows). The
task worker (``manage.py db_worker``, which ``make run`` starts with the app) renders and
stores them (scrutiny/documents/rendering.py). A reader who asks before the worker has
finished is told the document is being prepared.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from partnership.models import Agency, Priority
from scrutiny.documents.models import DocumentRender
from scrutiny.documents.rendering import document_request, drain_render_queue
from scrutiny.kernel.changes import Change
from scrutiny.kernel.roles import COUNCILLORS_GROUP, OFFICERS_GROUP, stand_in_reader

from .documents import meeting_document_requests
from .models import (
    AgendaItem,
    Appendix,
    Committee,
    CommitteeMember,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationLetter,
    Report,
    ReportParagraph,
    ReportSection,
)

logger = logging.getLogger(__name__)

# The readers a published meeting's documents are made for ahead of their asking: the
# public, councillors and officers (the last two see the same, but each tier's copy is
# asked for by its own name, see scrutiny/documents/rendering.py).
READER_GROUPS = (None, COUNCILLORS_GROUP, OFFICERS_GROUP)


@task()
def render_meeting_documents(meeting_pk: int) -> int:
    """Queue and render every document of a published meeting; return how many of them
    are ready.

    A document whose content is already stored is not rendered again, so a task queued
    for an edit that changed nothing in print, or twice for one edit, costs little.
    """
    meeting = Meeting.objects.public().select_related("committee").filter(pk=meeting_pk).first()
    if meeting is None:
        # Unpublished or deleted since the task was queued: nothing is for readers now.
        return 0
    requests = [
        (kind, params, reader)
        for reader in map(stand_in_reader, READER_GROUPS)
        for kind, params in meeting_document_requests(meeting, reader)
    ]
    # Issued letters are not among them: each is rendered once, as its record
    # (meetings/letter_records.py).
    queued = [document_request(kind, params, reader) for kind, params, reader in requests]
    # This runs in the task worker already: render now rather than wait for the next task.
    drain_render_queue.call()
    return DocumentRender.objects.filter(
        pk__in=[render.pk for render in queued if render is not None],
        status=DocumentRender.Status.READY,
    ).count()


# How each record of one meeting leads to its meeting.
_MEETING_OF = {
    Meeting: "pk",
    AgendaItem: "meeting_id",
    LineOfEnquiry: "meeting_id",
    Recommendation: "meeting_id",
    RecommendationLetter: "meeting_id",
    Presentation: "agenda_item.meeting_id",
    Report: "agenda_item.meeting_id",
    Presenter: "presentation.agenda_item.meeting_id",
    ReportSection: "report.agenda_item.meeting_id",
    Appendix: "report.agenda_item.meeting_id",
    ReportParagraph: "section.report.agenda_item.meeting_id",
}
# Records that the documents of many meetings show (the committee and its members,
# report authors, agencies, priorities). A change to one queues every published meeting
# still to come; an earlier meeting's documents are made again when next asked for.
_SHARED = (Committee, CommitteeMember, Person, Agency, Priority)


def _meeting_pk(instance) -> int | None:
    """The meeting a record of one meeting belongs to; ``None`` for any other record."""
    path = _MEETING_OF.get(type(instance))
    if path is None:
        return None
    value = instance
    try:
        for name in path.split("."):
            value = getattr(value, name)
    except ObjectDoesNotExist:  # a parent deleted with it
        return None
    return value


def documents_queue_changed(change: Change) -> None:
    """After a committed change, queue the documents of the published meetings it shows
    in (registered with the content-change hook, scrutiny/kernel/changes.py).

    A change to a shared record, or to the whole site, queues every published meeting
    still to come. Each meeting is queued once, however many of its records changed.
    """
    published = set(change.meetings)
    records = {_meeting_pk(record) for record in change.records} - {None}
    upcoming = change.everything or any(isinstance(record, _SHARED) for record in change.records)
    if records or upcoming:
        changed = Q(pk__in=records)
        if upcoming:
            changed |= Q(date__gte=timezone.localdate())
        published.update(Meeting.objects.public().filter(changed).values_list("pk", flat=True))
    # A short wait gathers a burst of edits: the first task renders what they came to,
    # and the others find it stored.
    deferred = render_meeting_documents.using(
        run_after=timezone.now() + timedelta(seconds=settings.SCRUTINY_RENDER_DELAY_SECONDS)
    )
    for pk in sorted(published):
        deferred.enqueue(pk)
