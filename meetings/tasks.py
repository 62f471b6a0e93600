"""Rendering a published meeting's documents in the background, so readers find them ready.

When a meeting is published, or a record of a published meeting changes, the meeting's
documents are queued for rendering once the change is committed. The task worker
(``manage.py db_worker``, which ``make run`` starts with the app) renders and stores them.
A reader who asks before the worker has finished still gets the document: the request
renders it then, and the worker finds it stored.
"""

import logging
import threading

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks import task

from scrutiny.roles import COUNCILLORS_GROUP, stand_in_reader

from .documents import letter_document, meeting_documents
from .models import (
    AgendaItem,
    Appendix,
    LineOfEnquiry,
    Meeting,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationLetter,
    Report,
    ReportParagraph,
    ReportSection,
)

logger = logging.getLogger(__name__)

# The readers a published meeting's documents differ for: the public, and councillors
# (officers see the same as councillors once a meeting is published).
READER_GROUPS = (None, COUNCILLORS_GROUP)


@task()
def render_meeting_documents(meeting_pk: int) -> int:
    """Render and store every document of a published meeting; return how many it has.

    A document whose content is already stored is not rendered again, so a task queued
    for an edit that changed nothing in print, or twice for one edit, costs little.
    """
    meeting = Meeting.objects.public().select_related("committee").filter(pk=meeting_pk).first()
    if meeting is None:
        # Unpublished or deleted since the task was queued: nothing is for readers now.
        return 0
    documents = [
        document
        for group in READER_GROUPS
        for document in meeting_documents(meeting, stand_in_reader(group))
    ]
    documents += [
        letter_document(letter)
        for letter in meeting.letters.select_related("meeting__committee", "addressee")
    ]
    made = 0
    for document in documents:
        try:
            document.pdf()
        except Exception:
            # The reader who asks will get the failure page and a fresh attempt.
            logger.exception("Rendering %s in the background failed", document.filename)
        else:
            made += 1
    return made


# How each record that appears in a meeting's documents leads to its meeting.
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

# Meetings changed in this thread's transaction, queued together once it commits.
_changed = threading.local()


def _meeting_pk(instance) -> int | None:
    value = instance
    try:
        for name in _MEETING_OF[type(instance)].split("."):
            value = getattr(value, name)
    except ObjectDoesNotExist:  # a parent deleted in the same cascade
        return None
    return value


def _queue_changed_meetings() -> None:
    pending = getattr(_changed, "meetings", set())
    _changed.meetings = set()
    for pk in Meeting.objects.public().filter(pk__in=pending).values_list("pk", flat=True):
        render_meeting_documents.enqueue(pk)


def record_changed(sender, instance, **kwargs) -> None:
    """Signal receiver: queue the documents of the changed record's meeting, on commit.

    Every save in a transaction registers the same callback; the first to run queues
    each meeting once and the rest find nothing left. A meeting left over from a
    transaction that rolled back is queued with the next commit, which costs a check.
    """
    if type(instance) not in _MEETING_OF:
        return
    pk = _meeting_pk(instance)
    if pk is None:
        return
    if not hasattr(_changed, "meetings"):
        _changed.meetings = set()
    _changed.meetings.add(pk)
    transaction.on_commit(_queue_changed_meetings)


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(record_changed, dispatch_uid=f"meetings.tasks.{signal}")
