"""A meeting's minutes as a reader may read them: what the page, the PDF and the next
meeting's pack show, read once (templates/meetings/includes/approval_minutes_body.html
renders them in all three; meetings/documents.py builds the PDF).

Who reads what: nobody but officers before the draft is published; then everyone, except
that an exempt item's minute is for councillors and officers only (the public copy says
the minute exists, its number and its Schedule 12A paragraph, as the public agenda does).
A meeting entered from its agenda alone (``minutes_not_stated``) has no minutes here.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .minutes_approval import approving_minute_of, minutes_readable, presiding_at
from .models import (
    Amendment,
    Attendance,
    Declaration,
    Meeting,
    Minute,
    Motion,
    Recommendation,
    RecordedVote,
)
from .queries import WithheldItem, agenda_in_order

# The attendance list's groups, in the order the minutes give them.
ATTENDANCE_GROUPS = (
    ("present", "Members present"),
    ("apologies", "Apologies for absence"),
    ("absent", "Absent"),
    ("substitute", "Substitute members"),
    ("visiting", "Visiting members"),
    ("invited", "Invited councillors"),
    ("officer", "Officers present"),
    ("partner", "Partner representatives present"),
)


def _group(attendance: Attendance) -> str:
    if attendance.role == Attendance.Role.MEMBER:
        return attendance.status
    return attendance.role


@dataclass
class MinuteEntry:
    """One agenda item in the minutes: its minute as this reader may read it, or (an
    exempt item the reader may not see) only the minute's number."""

    item: object
    minute: Minute | None = None
    reference: str = ""
    motions: list = field(default_factory=list)
    # Recommendations the minute resolved that no motion on it names.
    recommendations: list = field(default_factory=list)
    approves: list = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return getattr(self.item, "is_withheld", False)


def _with_casts(vote) -> None:
    """A recorded vote's members by what they voted, for, against, abstained, in order."""
    if vote is None or not vote.recorded:
        return
    cast = list(vote.named.all())
    vote.casts = [
        (label, [named.person for named in cast if named.choice == choice])
        for choice, label in RecordedVote.Choice.choices
    ]


def _vote(record):
    # A motion or amendment with no vote taken has none (a reverse one-to-one raises).
    return getattr(record, "vote", None)


def _motions():
    named = Prefetch("vote__named", queryset=RecordedVote.objects.select_related("person"))
    return Prefetch(
        "motions",
        queryset=Motion.objects.select_related("mover", "seconder", "vote")
        .prefetch_related(
            named,
            Prefetch(
                "amendments",
                queryset=Amendment.objects.select_related(
                    "mover", "seconder", "vote"
                ).prefetch_related(named),
            ),
        )
        .order_by("position"),
    )


def _entries(meeting: Meeting, reader) -> list[MinuteEntry]:
    minutes = {
        minute.agenda_item_id: minute
        for minute in Minute.objects.visible_to(reader)
        .filter(agenda_item__meeting=meeting)
        .select_related("committee", "agenda_item")
        .prefetch_related(
            _motions(),
            Prefetch(
                "agenda_item__declarations",
                queryset=Declaration.objects.select_related("person"),
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.visible_to(reader)
                .select_related("minute__committee")
                .prefetch_related("addressee_agencies")
                .order_by("number_in_minute"),
            ),
        )
    }
    items = meeting.agenda_items.visible_to(reader).order_by("number")
    # The earlier meetings whose minutes this meeting approved, on its minutes items.
    approved = list(meeting.minutes_approved.select_related("minutes_signed_by").order_by("date"))
    # An exempt minute's number is public, as the item's number and paragraph are.
    withheld_references = {
        item_number: meeting.committee.minute_reference(year, number)
        for item_number, year, number in Minute.objects.filter(
            agenda_item__meeting=meeting, agenda_item__is_exempt=True
        ).values_list("agenda_item__number", "municipal_year", "number")
    }
    entries = []
    for item in agenda_in_order(meeting, reader, items):
        if isinstance(item, WithheldItem):
            entries.append(
                MinuteEntry(item=item, reference=withheld_references.get(item.number, ""))
            )
            continue
        minute = minutes.get(item.pk)
        entry = MinuteEntry(item=item, minute=minute)
        if minute is not None:
            entry.reference = minute.reference
            resolved = list(minute.recommendations.all())
            for motion in minute.motions.all():
                _with_casts(_vote(motion))
                for amendment in motion.amendments.all():
                    _with_casts(_vote(amendment))
                amendments = {amendment.pk for amendment in motion.amendments.all()}
                motion.resolved = [
                    r for r in resolved if r.motion_id == motion.pk or r.amendment_id in amendments
                ]
                entry.motions.append(motion)
            named = {r.pk for motion in entry.motions for r in motion.resolved}
            entry.recommendations = [r for r in resolved if r.pk not in named]
        if item.kind == item.Kind.MINUTES:
            entry.approves = [
                earlier for earlier in approved if item.minutes_of_id in (None, earlier.pk)
            ]
        entries.append(entry)
    return entries


def minutes_context(meeting: Meeting, reader) -> dict:
    """Everything the minutes show this reader; ``readable`` is false (and nothing else is
    read) when the reader may not read them yet, or they are not recorded here."""
    if not minutes_readable(meeting, reader):
        return {"meeting": meeting, "readable": False}
    attendance = {key: [] for key, _ in ATTENDANCE_GROUPS}
    for record in meeting.attendance.select_related("person__agency", "substitute_for").order_by(
        "person__name"
    ):
        attendance[_group(record)].append(record)
    approving_minute = approving_minute_of(meeting)
    return {
        "meeting": meeting,
        "readable": True,
        "draft": meeting.status != Meeting.Status.MINUTES_AGREED,
        "presiding": presiding_at(meeting),
        "attendance": [
            (key, label, attendance[key]) for key, label in ATTENDANCE_GROUPS if attendance[key]
        ],
        "entries": _entries(meeting, reader),
        "approved_url": approving_minute.get_absolute_url()
        if approving_minute
        else (
            meeting.minutes_approved_at.get_absolute_url() if meeting.minutes_approved_at else ""
        ),
    }


def minutes_meetings(reader):
    """The meetings this reader may see, with what the minutes' heading and signature
    name."""
    return Meeting.objects.visible_to(reader).select_related(
        "committee", "presiding", "minutes_approved_at", "minutes_signed_by"
    )


def minutes_meeting(pk: int, reader) -> Meeting:
    return minutes_meetings(reader).get(pk=pk)
