"""Who was at a held meeting, and the interests members declared there.

The committee's members on the meeting's day (their memberships' dates decide) are each
present, sent apologies or absent, all recorded in one step (``attendance_record``).
Everyone else on the list came: substitutes (each standing in for a member who sent
apologies), visiting members, invited councillors (a Cabinet member), officers and
partners' representatives (``attendance_add``). Each write is atomic, locks the
meeting, and says what it changed through the content-change hook.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from django.db import transaction

from scrutiny.kernel.changes import content_changed
from scrutiny.kernel.errors import ServiceError
from scrutiny.kernel.updates import record_create, record_update

from .models import AgendaItem, Attendance, CommitteeMember, Declaration, Meeting, Person
from .models.committees import in_force_on

Role = Attendance.Role
Present = Attendance.Status.PRESENT

# The memberships whose holders sit on the committee and vote, in the order a list of
# them reads; a substitute membership is a place on the pool of substitutes, not a seat.
SEAT_ORDER = {
    CommitteeMember.Role.CHAIR: 0,
    CommitteeMember.Role.VICE_CHAIR: 1,
    CommitteeMember.Role.MEMBER: 2,
    CommitteeMember.Role.CO_OPTEE: 3,
}
# Who may be added in each role other than a member's: councillors, or officers.
COUNCILLOR_ROLES = (Role.SUBSTITUTE, Role.VISITING, Role.INVITED)


def members_on(committee_id: int, day: datetime.date) -> list[CommitteeMember]:
    """The committee's members on ``day``, chair first, one membership each."""
    memberships = (
        CommitteeMember.objects.filter(
            in_force_on(day),
            committee_id=committee_id,
            role__in=SEAT_ORDER,
            person__deleted_at=None,
        )
        .select_related("person")
        .order_by("person__name")
    )
    seats: dict[int, CommitteeMember] = {}
    for membership in sorted(memberships, key=lambda m: SEAT_ORDER[m.role]):
        seats.setdefault(membership.person_id, membership)
    return list(seats.values())


@dataclass
class AttendanceSheet:
    """A meeting's attendance as its page shows it."""

    # Each member on the day, with their Attendance row, or None if not yet recorded.
    members: list[tuple[CommitteeMember, Attendance | None]]
    # Everyone else listed: substitutes, visitors, invited councillors, officers, partners.
    others: list[Attendance] = field(default_factory=list)
    quorum: int = 0
    voting_present: int = 0

    @property
    def recorded(self) -> bool:
        return any(row for _, row in self.members) or bool(self.others)

    @property
    def below_quorum(self) -> bool:
        return self.recorded and self.voting_present < self.quorum

    def members_with(self, status: str) -> list[Attendance]:
        return [row for _, row in self.members if row and row.status == status]

    @property
    def present(self):
        return self.members_with(Attendance.Status.PRESENT)

    @property
    def apologies(self):
        return self.members_with(Attendance.Status.APOLOGIES)

    @property
    def absent(self):
        return self.members_with(Attendance.Status.ABSENT)

    def others_as(self, role: str) -> list[Attendance]:
        return [row for row in self.others if row.role == role]

    @property
    def substitutes(self):
        return self.others_as(Role.SUBSTITUTE)

    @property
    def visiting(self):
        return self.others_as(Role.VISITING)

    @property
    def invited(self):
        return self.others_as(Role.INVITED)

    @property
    def officers(self):
        return self.others_as(Role.OFFICER)

    @property
    def partners(self):
        return self.others_as(Role.PARTNER)


def attendance_sheet(meeting: Meeting) -> AttendanceSheet:
    """The members on the meeting's day and everyone on its list, in three queries."""
    seats = members_on(meeting.committee_id, meeting.date)
    rows = list(
        meeting.attendance.select_related("person__agency", "substitute_for").order_by(
            "role", "person__name"
        )
    )
    by_person = {row.person_id: row for row in rows if row.role == Role.MEMBER}
    seated = {seat.person_id for seat in seats}
    sheet = AttendanceSheet(
        members=[(seat, by_person.get(seat.person_id)) for seat in seats],
        # A member's row whose membership has since been re-dated stays on the list.
        others=[row for row in rows if row.role != Role.MEMBER or row.person_id not in seated],
        quorum=meeting.committee.quorum_for(len(seats)),
    )
    sheet.voting_present = sum(row.votes for row in rows)
    return sheet


def _locked_held(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ServiceError("This meeting was cancelled: it has no attendance.")
    if not meeting.took_place:
        raise ServiceError(
            "Attendance is recorded once the meeting has been held: mark it as held first."
        )
    return meeting


def _changed(meeting: Meeting, *records) -> None:
    content_changed(*records, meetings=[meeting.pk])


@transaction.atomic
def attendance_record(*, meeting: Meeting, user, statuses: Mapping[Person, str]) -> int:
    """Record each member as present, sent apologies or absent (a member not named keeps
    what was recorded). Returns how many members' records changed."""
    meeting = _locked_held(meeting)
    seated = {seat.person_id for seat in members_on(meeting.committee_id, meeting.date)}
    existing = {row.person_id: row for row in meeting.attendance.all()}
    standing_in = set(
        meeting.attendance.filter(role=Role.SUBSTITUTE).values_list("substitute_for", flat=True)
    )
    changed = []
    for person, status in statuses.items():
        if person.pk not in seated:
            raise ServiceError(
                f"{person.name} was not a member of the committee on "
                f"{meeting.date:%-d %B %Y}: add them as a substitute or visiting member."
            )
        if status not in Attendance.Status.values:
            raise ServiceError(f"Choose present, apologies or absent for {person.name}.")
        row = existing.get(person.pk)
        if row is not None and row.role != Role.MEMBER:
            raise ServiceError(
                f"{person.name} is listed as {row.get_role_display().lower()}: remove that first."
            )
        if row is not None and row.status == status:
            continue
        if person.pk in standing_in and status != Attendance.Status.APOLOGIES:
            raise ServiceError(
                f"A substitute stands in for {person.name}, who sent apologies: remove the "
                "substitute before recording them otherwise."
            )
        row = row or Attendance(meeting=meeting, person=person, role=Role.MEMBER)
        row.status = status
        row.full_clean()
        row._history_user = user
        row.save()
        changed.append(row)
    if changed:
        _changed(meeting, *changed)
    return len(changed)


@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    user,
    person: Person,
    role: str,
    substitute_for: Person | None = None,
    note: str = "",
) -> Attendance:
    """Add someone who came without a seat of their own: a substitute (for a member who
    sent apologies), a visiting member, an invited councillor, an officer or a partner's
    representative."""
    meeting = _locked_held(meeting)
    if role == Role.MEMBER:
        raise ServiceError("The committee's members are recorded in the members' list.")
    if role not in Role.values:
        raise ServiceError("Choose the capacity they attended in.")
    if role in COUNCILLOR_ROLES and not person.is_councillor:
        raise ServiceError(f"{person.name} is not a councillor: add them as an officer.")
    if role not in COUNCILLOR_ROLES and not person.is_officer:
        raise ServiceError(f"{person.name} is a councillor: add them as a councillor.")
    if role == Role.PARTNER and not person.agency_id:
        raise ServiceError(
            f"{person.name} works for no partner agency: add them as an officer, or give "
            "them their agency on their page."
        )
    seated = {seat.person_id for seat in members_on(meeting.committee_id, meeting.date)}
    if role in (Role.SUBSTITUTE, Role.VISITING) and person.pk in seated:
        raise ServiceError(
            f"{person.name} was a member of the committee on the day: record them in the "
            "members' list."
        )
    if meeting.attendance.filter(person=person).exists():
        raise ServiceError(f"{person.name} is already on the meeting's attendance list.")
    if role == Role.SUBSTITUTE:
        if substitute_for is None:
            raise ServiceError("Choose the member this substitute stood in for.")
        apologised = meeting.attendance.filter(
            person=substitute_for, role=Role.MEMBER, status=Attendance.Status.APOLOGIES
        )
        if not apologised.exists():
            raise ServiceError(
                f"{substitute_for.name} is not recorded as sending apologies: a substitute "
                "stands in for a member who did."
            )
        if meeting.attendance.filter(substitute_for=substitute_for).exists():
            raise ServiceError(f"A substitute already stands in for {substitute_for.name}.")
    row = Attendance(
        meeting=meeting,
        person=person,
        role=role,
        status=Present,
        substitute_for=substitute_for if role == Role.SUBSTITUTE else None,
        note=note.strip(),
    )
    row.full_clean()
    row._history_user = user
    row.save()
    _changed(meeting, row)
    return row


@transaction.atomic
def attendance_remove(*, attendance: Attendance, user) -> None:
    """Take someone off the attendance list (the history keeps the row)."""
    meeting = _locked_held(attendance.meeting)
    if meeting.attendance.filter(substitute_for=attendance.person_id).exists():
        raise ServiceError(
            f"A substitute stands in for {attendance.person.name}: remove the substitute first."
        )
    attendance._history_user = user
    attendance.delete()
    _changed(meeting, meeting)


# Declarations of interest ---------------------------------------------------------------


class DeclarationValues(TypedDict):
    agenda_item: AgendaItem
    person: Person
    kind: str
    nature: str
    dispensation: bool
    left_room: bool


def _check_declaration(meeting: Meeting, values: DeclarationValues) -> None:
    """A declaration is on an item of its meeting, by a councillor who was there."""
    if values["agenda_item"].meeting_id != meeting.pk:
        raise ServiceError("Choose an item of this meeting's agenda.")
    person = values["person"]
    present = meeting.attendance.filter(person=person, status=Present)
    if not person.is_councillor or not present.exists():
        raise ServiceError(
            f"{person.name} is not recorded as a councillor present at the meeting: "
            "record the attendance first."
        )


@transaction.atomic
def declaration_add(*, meeting: Meeting, user, **values: Unpack[DeclarationValues]) -> Declaration:
    """Record a member's declaration of an interest in an item, in their own words."""
    meeting = _locked_held(meeting)
    _check_declaration(meeting, values)
    declaration = record_create(record=Declaration(), user=user, fields=dict(values))
    _changed(meeting)
    return declaration


@transaction.atomic
def declaration_update(
    *, record: Declaration, user, edit_token: str, **values: Unpack[DeclarationValues]
) -> Declaration:
    """Change a declaration, unless another officer changed it since the form opened."""
    meeting = _locked_held(record.agenda_item.meeting)
    _check_declaration(meeting, values)
    record = record_update(
        record=record, user=user, edit_token=edit_token, thing="declaration", fields=dict(values)
    )
    _changed(meeting)
    return record


@transaction.atomic
def declaration_delete(*, declaration: Declaration, user) -> None:
    """Remove a declaration recorded in error (the history keeps it)."""
    meeting = _locked_held(declaration.agenda_item.meeting)
    declaration._history_user = user
    declaration.delete()
    _changed(meeting, meeting)
