"""Publishing a held meeting's draft minutes, and approving them at a later meeting.

A meeting's minutes are the officers' until published as a draft (held → draft minutes
published); a later meeting of the same committee then approves them as a correct
record, or subject to corrections, and the person presiding there signs them (Local
Government Act 1972 Sch. 12 para 41). The later meeting's "Minutes of the previous
meeting" item points at the meeting whose minutes it approves (``AgendaItem.minutes_of``).

Each service says what it changed through ``content_changed``: once committed, cached pages
are retired and the documents of both meetings (the minutes, and the later meeting's pack
that carries them) are rendered again (meetings/tasks.py).
"""

from django.db import transaction
from django.utils import timezone

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.roles import is_officer

from .models import AgendaItem, Meeting, Minute, Person
from .models.agendas import MINUTES_PUBLISHED, TOOK_PLACE
from .models.committees import chair_on


def minutes_readable(meeting: Meeting, reader) -> bool:
    """Whether the reader may read the meeting's minutes at all: the public once the
    draft is published, officers as soon as the meeting is held. Exempt items' minutes
    are narrowed further (``Minute.objects.visible_to``)."""
    if meeting.minutes_not_stated or meeting.is_deleted:
        return False
    if meeting.status in MINUTES_PUBLISHED:
        return True
    return meeting.status in TOOK_PLACE and is_officer(reader)


def presiding_at(meeting: Meeting) -> Person | None:
    """Who presided: the person recorded as presiding, else the committee's chair on the
    meeting's date."""
    if meeting.presiding_id:
        return meeting.presiding
    return meeting.presiding or chair_on(meeting.committee_id, meeting.date)


def previous_minutes(item: AgendaItem) -> Meeting | None:
    """The meeting whose minutes a "Minutes of the previous meeting" item approves: the one
    an officer chose, else the committee's latest earlier meeting with published minutes."""
    if item.kind != AgendaItem.Kind.MINUTES:
        return None
    if item.minutes_of_id:
        return item.minutes_of
    meeting = item.meeting
    return (
        Meeting.objects.filter(
            committee_id=meeting.committee_id,
            date__lt=meeting.date,
            status__in=MINUTES_PUBLISHED,
            minutes_not_stated=False,
        )
        .order_by("-date", "-start_time")
        .first()
    )


def awaiting_approval(meeting: Meeting):
    """The committee's earlier meetings whose draft minutes this meeting could approve."""
    return Meeting.objects.filter(
        committee_id=meeting.committee_id,
        date__lt=meeting.date,
        status=Meeting.Status.MINUTES_DRAFT,
    ).order_by("-date", "-start_time")


def items_without_minutes(meeting: Meeting) -> list[int]:
    """The numbers of the meeting's agenda items that have no minute yet."""
    return list(
        meeting.agenda_items.filter(minute__isnull=True)
        .order_by("number")
        .values_list("number", flat=True)
    )


def _meetings_showing(meeting: Meeting) -> list[int]:
    """The meeting and those whose pack carries its minutes (their minutes item names it,
    or names none and the next meeting takes the latest by default)."""
    later = Meeting.objects.filter(committee_id=meeting.committee_id, date__gt=meeting.date)
    chosen = later.filter(agenda_items__minutes_of=meeting).values_list("pk", flat=True)
    following = later.order_by("date", "start_time").values_list("pk", flat=True)[:1]
    return [meeting.pk, *chosen, *following]


@transaction.atomic
def minutes_publish(*, meeting: Meeting, user) -> Meeting:
    """Publish a held meeting's draft minutes: the public can read them from now on (but
    not exempt items' minutes). Refused while an item has no minute, naming the items."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.HELD:
        raise ServiceError(
            f"Only a held meeting's minutes can be published; this meeting's status is "
            f"“{meeting.get_status_display()}”."
        )
    if meeting.minutes_not_stated:
        raise ServiceError("This meeting's minutes are not recorded on this site.")
    missing = items_without_minutes(meeting)
    if missing:
        named = ", ".join(str(number) for number in missing)
        raise ServiceError(
            f"Every item needs its minute before the minutes are published: item"
            f"{'s' if len(missing) > 1 else ''} {named} {'have' if len(missing) > 1 else 'has'} "
            "none."
        )
    meeting.status = Meeting.Status.MINUTES_DRAFT
    meeting.minutes_published_at = timezone.now()
    meeting._history_user = user
    meeting.save(update_fields=["status", "minutes_published_at"])
    content_changed(meeting, meetings=_meetings_showing(meeting))
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, at: Meeting, user, corrections: str = "") -> Meeting:
    """Approve ``meeting``'s draft minutes at the later meeting ``at`` of the same
    committee, as a correct record or subject to ``corrections``; signed by the person
    presiding at ``at``. The later meeting's minutes item is linked to them."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    at = Meeting.objects.select_related("presiding").get(pk=at.pk)
    if meeting.status != Meeting.Status.MINUTES_DRAFT:
        raise ServiceError(
            "Only published draft minutes can be approved; the minutes of "
            f"{meeting.date:%-d %B %Y} are “{meeting.get_status_display()}”."
        )
    if at.committee_id != meeting.committee_id or at.date <= meeting.date:
        raise ServiceError("Minutes are approved at a later meeting of the same committee.")
    if at.status not in TOOK_PLACE:
        raise ServiceError(
            f"The meeting of {at.date:%-d %B %Y} has not been held yet: approve the minutes "
            "once it has."
        )
    signed_by = presiding_at(at)
    if signed_by is None:
        raise ServiceError(
            f"No one is recorded as presiding at the meeting of {at.date:%-d %B %Y}, and the "
            "committee had no chair that day: record who presided first."
        )
    meeting.status = Meeting.Status.MINUTES_AGREED
    meeting.minutes_approved_at = at
    meeting.minutes_signed_by = signed_by
    meeting.minutes_corrections = corrections.strip()
    meeting._history_user = user
    meeting.save(
        update_fields=[
            "status",
            "minutes_approved_at",
            "minutes_signed_by",
            "minutes_corrections",
        ]
    )
    items = at.agenda_items.filter(kind=AgendaItem.Kind.MINUTES).order_by("number")
    linked = [item for item in items if item.minutes_of_id == meeting.pk]
    if not linked:
        item = next((item for item in items if item.minutes_of_id is None), None)
        if item is not None:
            item.minutes_of = meeting
            item._history_user = user
            item.save(update_fields=["minutes_of"])
            linked = [item]
    content_changed(meeting, *linked, meetings=[*_meetings_showing(meeting), at.pk])
    return meeting


def approving_minute_of(meeting: Meeting) -> Minute | None:
    """The approving meeting's minute on its minutes item, which records the approval."""
    at = meeting.minutes_approved_at
    if at is None:
        return None
    return (
        Minute.objects.filter(agenda_item__meeting=at, agenda_item__minutes_of=meeting)
        .select_related("committee")
        .first()
    )
