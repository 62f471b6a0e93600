"""What the record says of a councillor: their roles on committees, their attendance at
meetings, the interests they declared and how they voted in recorded votes.

Each read is one query however many meetings there are (the figures are counted by the
database), so the members page and a councillor's page stay flat at fifty meetings.

Attendance and declarations are facts of a public meeting: everyone sees them once the
meeting is marked held, as its page lists the attendance then too; officers see them as
soon as they are entered. A declaration on an exempt item is as private as the item.
"""

import datetime

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce

from scrutiny.kernel.roles import is_officer

from .models import (
    Attendance,
    CommitteeMember,
    Declaration,
    Meeting,
    Minute,
    Person,
    RecordedVote,
)
from .models.agendas import TOOK_PLACE, visible_through_item
from .models.committees import in_force_on

MEMBER = Attendance.Role.MEMBER
SUBSTITUTE = Attendance.Role.SUBSTITUTE
PRESENT = Attendance.Status.PRESENT


def current_memberships(day: datetime.date):
    """Memberships in force on ``day``: started (or undated) and not yet ended."""
    return CommitteeMember.objects.filter(in_force_on(day))


def councillors_with_roles(day: datetime.date):
    """Every councillor, with ``current_roles``: their memberships in force on ``day``."""
    roles = current_memberships(day).select_related("committee").order_by("committee__name")
    return (
        Person.objects.councillors()
        .order_by("name", "pk")
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="current_roles"))
    )


def _meetings_on_record(user):
    """The meetings whose attendance and declarations the user may read."""
    meetings = Meeting.objects.all()
    if is_officer(user):
        return meetings
    return meetings.filter(status__in=TOOK_PLACE)


def attendance_visible_to(user):
    return Attendance.objects.filter(meeting__in=_meetings_on_record(user))


def attendance_figures(person: Person, user) -> list[dict]:
    """Per committee: how often they attended as a member, sent apologies, were absent,
    stood in as a substitute, or came in another capacity (visiting, invited…)."""
    return list(
        attendance_visible_to(user)
        .filter(person=person)
        .values("meeting__committee__name", "meeting__committee__slug")
        .annotate(
            meetings=Count("pk"),
            attended=Count("pk", filter=Q(role=MEMBER, status=PRESENT)),
            apologies=Count("pk", filter=Q(role=MEMBER, status=Attendance.Status.APOLOGIES)),
            absent=Count("pk", filter=Q(role=MEMBER, status=Attendance.Status.ABSENT)),
            as_substitute=Count("pk", filter=Q(role=SUBSTITUTE)),
            otherwise=Count("pk", filter=~Q(role__in=(MEMBER, SUBSTITUTE))),
        )
        .order_by("meeting__committee__name")
    )


def attendance_record(person: Person, user):
    """Each meeting they are on the attendance list of, newest first, with what they were."""
    return (
        attendance_visible_to(user)
        .filter(person=person)
        .select_related("meeting__committee", "substitute_for")
        .order_by("-meeting__date", "-meeting__start_time")
    )


def declarations_by(person: Person, user):
    """The interests they declared, newest first: none on an item the user may not see."""
    declarations = visible_through_item(
        Declaration.objects.filter(person=person), user, item_path="agenda_item"
    )
    return (
        declarations.filter(agenda_item__meeting__in=_meetings_on_record(user))
        .select_related("agenda_item__meeting__committee")
        .order_by("-agenda_item__meeting__date", "agenda_item__number", "kind")
    )


def recorded_votes_by(person: Person, user) -> list[RecordedVote]:
    """Their votes in recorded votes, newest first, on minutes the user may read. Each
    carries ``motion`` (the motion voted on, or amended), ``amendment`` and ``minute``."""
    visible = Minute.objects.visible_to(user)
    minute = "minute__agenda_item__meeting"
    votes = (
        RecordedVote.objects.filter(person=person)
        .filter(
            Q(vote__motion__minute__in=visible) | Q(vote__amendment__motion__minute__in=visible)
        )
        .select_related(
            f"vote__motion__{minute}__committee",
            "vote__motion__minute__committee",
            f"vote__amendment__motion__{minute}__committee",
            "vote__amendment__motion__minute__committee",
        )
        .order_by(
            Coalesce(
                f"vote__motion__{minute}__date", f"vote__amendment__motion__{minute}__date"
            ).desc(),
            "pk",
        )
    )
    votes = list(votes)
    for recorded in votes:
        recorded.amendment = recorded.vote.amendment if recorded.vote.amendment_id else None
        recorded.motion = recorded.amendment.motion if recorded.amendment else recorded.vote.motion
        recorded.minute = recorded.motion.minute
    return votes
