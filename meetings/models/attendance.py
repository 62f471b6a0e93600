"""Who was at a meeting, what they declared, and when a meeting moved.

Attendance and declarations are facts about a meeting that has been held; a
postponement is the dated note a meeting keeps of the date it had before.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class AttendanceRole(models.TextChoices):
    """In what capacity someone is on the attendance list."""

    MEMBER = "member", "Committee member"
    SUBSTITUTE = "substitute", "Substitute member"
    VISITING = "visiting", "Visiting member"
    INVITED = "invited", "Invited councillor"
    OFFICER = "officer", "Officer"
    PARTNER = "partner", "Partner representative"


# Those who may vote at the meeting: the committee's members and the substitutes
# standing in for them. Visiting and invited councillors speak but do not vote.
VOTING_ROLES = (AttendanceRole.MEMBER, AttendanceRole.SUBSTITUTE)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    """One person on a meeting's attendance list.

    A committee member is present, sent apologies or was absent; everyone else on the
    list (a substitute, a visiting or invited councillor, an officer, a partner's
    representative) is listed because they were there. A substitute names the member
    they stood in for.
    """

    Role = AttendanceRole
    Status = AttendanceStatus

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="attendance"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PRESENT)
    substitute_for = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
        help_text="For a substitute: the member they stood in for.",
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text='Anything the minutes say of it, e.g. "left after item 7".',
    )
    history = HistoricalRecords()
    belongs_to = ("meeting",)

    class Meta:
        ordering = ["meeting", "role", "person__name"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="attendance_unique_person",
                violation_error_message="This person is already on the meeting's attendance list.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=AttendanceRole.values), name="attendance_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="attendance_status_valid"
            ),
            # Only a member can send apologies or be absent: the others are listed
            # because they came.
            models.CheckConstraint(
                condition=Q(role=AttendanceRole.MEMBER) | Q(status=AttendanceStatus.PRESENT),
                name="attendance_only_members_absent",
            ),
            models.CheckConstraint(
                condition=Q(role=AttendanceRole.SUBSTITUTE) | Q(substitute_for__isnull=True),
                name="attendance_only_substitutes_stand_in",
            ),
            models.CheckConstraint(
                condition=~Q(substitute_for=F("person")),
                name="attendance_substitute_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_role_display()}, {self.get_status_display()}"

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#attendance"

    @property
    def votes(self) -> bool:
        return self.role in VOTING_ROLES and self.status == AttendanceStatus.PRESENT

    def clean(self):
        errors = {}
        if self.role != AttendanceRole.MEMBER and self.status != AttendanceStatus.PRESENT:
            errors["status"] = (
                "Only a committee member sends apologies or is absent: list others only "
                "if they came."
            )
        if self.role == AttendanceRole.SUBSTITUTE and not self.substitute_for_id:
            errors["substitute_for"] = "Choose the member this substitute stood in for."
        if self.role != AttendanceRole.SUBSTITUTE and self.substitute_for_id:
            errors["substitute_for"] = "Only a substitute stands in for a member."
        if self.substitute_for_id and self.substitute_for_id == self.person_id:
            errors["substitute_for"] = "A member cannot stand in for themselves."
        if errors:
            raise ValidationError(errors)


class InterestKind(models.TextChoices):
    """The kinds of interest a member declares (Localism Act 2011 and the council's code
    of conduct, after the Local Government Association's model code)."""

    PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
    SIGNIFICANT = "significant", "Other significant interest"
    OTHER = "other", "Other registrable or non-registrable interest"
    LOBBYING = "lobbying", "Lobbying"


class Declaration(models.Model):
    """A member's declaration of an interest in an agenda item, in their own words."""

    Kind = InterestKind

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="declarations"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    nature = models.TextField(help_text="The nature of the interest, as the member stated it.")
    dispensation = models.BooleanField(
        "a dispensation applies",
        default=False,
        help_text="Granted under the Localism Act 2011 s.33: the member may take part.",
    )
    left_room = models.BooleanField("left the room for the item", default=False)
    history = HistoricalRecords()
    belongs_to = ("agenda_item",)

    class Meta:
        ordering = ["agenda_item", "person__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person", "kind"],
                name="declaration_unique_kind",
                violation_error_message="This member has already declared an interest of "
                "this kind on this item: edit that declaration.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InterestKind.values), name="declaration_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_kind_display()} in item {self.agenda_item.number}"

    def get_absolute_url(self):
        return self.agenda_item.get_absolute_url()

    @property
    def bars_voting(self) -> bool:
        """A disclosable pecuniary interest without a dispensation: the member may neither
        take part in the discussion nor vote (Localism Act 2011 s.31(4))."""
        return self.kind == InterestKind.PECUNIARY and not self.dispensation


class Postponement(models.Model):
    """The date and time a meeting had before it was moved, kept as a dated note."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="postponements"
    )
    previous_date = models.DateField()
    previous_start_time = models.TimeField(null=True, blank=True)
    new_date = models.DateField()
    decided_on = models.DateField(help_text="The day the meeting was moved.")
    reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    belongs_to = ("meeting",)

    class Meta:
        ordering = ["meeting", "decided_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(new_date=F("previous_date")), name="postponement_moves_date"
            ),
        ]

    def __str__(self):
        return f"Moved from {self.previous_date:%-d %B %Y} to {self.new_date:%-d %B %Y}"

    def get_absolute_url(self):
        return self.meeting.get_absolute_url()
