"""Adding to a published agenda, and publishing what was added as a supplement
(models/supplements.py says what a supplement is).

The services that add an item, a report or an appendix ask ``supplement_for_addition``
where the new record goes: nowhere for a draft meeting's agenda or a meeting whose day
has come (what is added then is the record of the meeting, not notice of it), else into
the meeting's open supplement, made on the first addition.
"""

from django.db import transaction
from django.utils import timezone

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.dates import today
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.roles import is_officer

from .clear_days import shortfall, urgency_unstated
from .models import AgendaItem, Appendix, Meeting, Report, Supplement


def supplement_for_addition(meeting: Meeting, *, within: Supplement | None = None):
    """The supplement a record added now to ``meeting`` waits in, or None when it is
    published as it is added. ``within`` is the supplement its parent (the item of a new
    report, the report of a new appendix) already waits in: the parent carries it.

    The caller holds the meeting's row lock, so two officers adding at once share one
    supplement (the database also refuses a second open one)."""
    if meeting.status != Meeting.Status.PUBLISHED or meeting.date < today():
        return None
    if within is not None and not within.is_published:
        return None
    open_one = meeting.supplements.filter(published_at__isnull=True).first()
    if open_one is not None:
        return open_one
    last = meeting.supplements.order_by("-number").values_list("number", flat=True).first()
    return Supplement.objects.create(meeting=meeting, number=(last or 0) + 1)


def _holds_anything(supplement: Supplement) -> bool:
    """Whether anything live (not in the bin) waits in the supplement."""
    return (
        AgendaItem.objects.filter(supplement=supplement).exists()
        or Report.objects.filter(
            supplement=supplement, agenda_item__deleted_at__isnull=True
        ).exists()
        or Appendix.objects.filter(
            supplement=supplement,
            report__deleted_at__isnull=True,
            report__agenda_item__deleted_at__isnull=True,
        ).exists()
    )


@transaction.atomic
def supplement_publish(*, supplement: Supplement, user, urgent_reason: str = "") -> Supplement:
    """Publish what waits in a meeting's open supplement, and record who published it,
    and when.

    A supplement is notice of business like the agenda it adds to: published with fewer
    clear days than the law asks (Local Government Act 1972 s.100B), it needs the reason
    the business is urgent, which the meeting page, the agenda and its own PDF show.
    """
    meeting = Meeting.objects.select_for_update().get(pk=supplement.meeting_id)
    supplement = Supplement.objects.select_for_update().get(pk=supplement.pk)
    if supplement.is_published:
        raise ServiceError("This supplement is already published.")
    if meeting.is_cancelled:
        raise ServiceError("The meeting is cancelled: there is nothing to give notice of.")
    if not _holds_anything(supplement):
        raise ServiceError(
            "Nothing waits in this supplement: add an item or a paper before publishing it."
        )
    published_on = today()
    reason = urgent_reason.strip()
    if shortfall(published_on, meeting.date) and not reason:
        raise ServiceError(urgency_unstated("the supplement", published_on, meeting.date))
    supplement.urgent_reason = reason
    supplement.published_at = timezone.now()
    supplement.published_by = user
    supplement._history_user = user
    supplement.save(update_fields=["urgent_reason", "published_at", "published_by"])
    # The meeting's documents now hold what was added, and subscribers are told of it.
    content_changed(supplement, meetings=[meeting.pk])
    return supplement


def supplements_shown(meeting: Meeting, reader, agenda: list) -> list[dict]:
    """The meeting's supplements as ``reader`` sees them, oldest first, each with what it
    added that the reader may see: ``items`` (from ``agenda``, the agenda as the reader
    sees it, exempt items withheld), ``reports`` (for items already published) and
    ``appendices`` (to reports already published). Officers see the open one too.

    Two queries, however many supplements: the items and reports come from ``agenda``."""
    supplements = meeting.supplements.select_related("published_by").order_by("number")
    if not is_officer(reader):
        supplements = supplements.filter(published_at__isnull=False)
    shown = {
        supplement.number: {"supplement": supplement, "items": [], "reports": [], "appendices": []}
        for supplement in supplements
    }
    for item in agenda:
        # An AgendaItem or a WithheldItem: both name their supplement.
        if item.supplement is not None and item.supplement.number in shown:
            shown[item.supplement.number]["items"].append(item)
        report = None if getattr(item, "is_withheld", False) else item.current_report
        late = report is not None and report.supplement is not None
        if late and report.supplement.number in shown:
            shown[report.supplement.number]["reports"].append(report)
    appendices = (
        Appendix.objects.visible_to(reader)
        .filter(supplement__meeting=meeting)
        .select_related("supplement", "report__agenda_item")
        .order_by("report__agenda_item__number", "number")
    )
    for appendix in appendices:
        if appendix.supplement.number in shown:
            shown[appendix.supplement.number]["appendices"].append(appendix)
    return list(shown.values())
