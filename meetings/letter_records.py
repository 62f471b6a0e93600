"""Issued letters kept as records: what the partner received never changes.

When a letter is issued (``letters_issue``, ``letter_corrections_issue``) its printable
HTML is frozen in the letter's row, and once the issue is committed the task worker
renders that HTML, once, to the PDF kept as the letter's record under ``letters/`` in the
uploads folder. Downloads serve that file and nothing else: a later edit to a
recommendation, a new WeasyPrint or a new print stylesheet does not touch it. It lives
outside the rendered-documents store (scrutiny/documents/document.py), so it is never evicted,
and it travels with the site backup and the meeting archive like an uploaded file.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from scrutiny.documents.limits import run_limited
from scrutiny.documents.pdf import render_pdf

from .documents import letter_document
from .models import RecommendationLetter

logger = logging.getLogger(__name__)

RECORDS_FOLDER = "letters"
# A render still not finished this long after it was queued is taken as lost (the worker
# stopped, say), and the next reader who asks queues another.
REQUEUE_AFTER = datetime.timedelta(minutes=10)


def letter_freeze(letter: RecommendationLetter) -> None:
    """Keep the letter's printable HTML as it is now, the moment it is issued, and have
    its PDF made once the issue is committed. The caller saves ``printed_html``."""
    letter.printed_html = letter_document(letter).html
    letter.record_queued_at = timezone.now()
    pk = letter.pk
    transaction.on_commit(lambda: render_letter_record.enqueue(pk), robust=True)


def letter_record_requested(letter: RecommendationLetter) -> None:
    """A reader asked for an issued letter whose record is not made yet: queue its render
    again if the one queued before looks lost. One conditional update decides, so of many
    readers asking at once only one queues it."""
    now = timezone.now()
    stale = Q(record_queued_at__isnull=True) | Q(record_queued_at__lt=now - REQUEUE_AFTER)
    won = (
        RecommendationLetter.objects.filter(
            stale, pk=letter.pk, status=RecommendationLetter.Status.ISSUED, record=""
        ).update(record_queued_at=now)
        == 1
    )
    if won:
        render_letter_record.enqueue(letter.pk)


def _record_name(letter: RecommendationLetter) -> str:
    reference = slugify(letter.reference.replace("/", "-"))
    return f"{RECORDS_FOLDER}/letter-{letter.pk}-{reference}.pdf"


@task()
def render_letter_record(letter_pk: int) -> bool:
    """Make the PDF record of an issued letter from its frozen HTML, unless it has one;
    return whether this run made it.

    A letter issued before letters were kept as records has no frozen HTML: it is frozen
    now, from the records as they are, and never changes after that.
    """
    letter = (
        RecommendationLetter.objects.select_related("meeting__committee", "addressee")
        .filter(pk=letter_pk, status=RecommendationLetter.Status.ISSUED)
        .first()
    )
    if letter is None or letter.record:
        return False
    if not letter.printed_html:
        letter.printed_html = letter_document(letter).html
        RecommendationLetter.objects.filter(pk=letter.pk, printed_html="").update(
            printed_html=letter.printed_html
        )
    # In a child process under the render limits, as every document is rendered.
    pdf = run_limited(render_pdf, letter.printed_html, settings.SCRUTINY_SITE_URL).value
    # Written whole under a temporary name, then given its own (scrutiny/documents/storage.py).
    name = default_storage.save(_record_name(letter), ContentFile(pdf))
    with transaction.atomic():
        locked = RecommendationLetter.objects.select_for_update().get(pk=letter.pk)
        if locked.record:
            # Another run got there first: its file is the record, this copy goes.
            default_storage.delete(name)
            return False
        # An update, not a save: the record changes nothing anyone reads in other
        # documents, so it must not queue the meeting's documents again.
        RecommendationLetter.objects.filter(pk=letter.pk).update(record=name)
    logger.info("Letter %s kept as a record in %s", letter.reference, name)
    return True
