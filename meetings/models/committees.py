import datetime
import math
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.kernel.models import SoftDeletable

from .agendas import SCHEDULE_12A_PARAGRAPHS, AgendaItemKind

# The items every meeting opens with, which a new committee's meetings start from.
DEFAULT_STANDARD_ITEMS = [
    (AgendaItemKind.APOLOGIES, "Apologies for Absence"),
    (AgendaItemKind.SUBSTITUTES, "Notification of Substitute Members"),
    (AgendaItemKind.URGENT_ITEMS, "Urgent Items"),
    (AgendaItemKind.DISCLOSURES, "Disclosures by Members and Officers"),
    (
        AgendaItemKind.EXEMPT_ITEMS,
        "To consider whether any items should be taken in private because of the "
        "possible disclosure of exempt information",
    ),
    (AgendaItemKind.MINUTES, "Minutes of the previous meeting"),
]


# The places a minute number format fills in; anything else in it is printed as it is.
MINUTE_NUMBER_PLACES = re.compile(r"\{(number|year|yy)\}")


class Titled:
    """A name with the capacity it acts in: a committee today, or one of its dated titles."""

    @property
    def wording(self) -> str:
        """The capacity as a meeting shows it: "acting as the Crime and Disorder Committee"."""
        if not self.crime_and_disorder or not self.acting_as:
            return ""
        return f"acting as the {self.acting_as}"

    @property
    def full_title(self) -> str:
        return ", ".join(filter(None, [self.name, self.wording]))


class Committee(Titled, SoftDeletable):
    """A council committee, and the statutory capacity it acts in when it scrutinises the CSP.

    Its name and wording here are today's; a meeting shows those in force on its date
    (``title_on``), which its dated titles (``CommitteeTitle``) keep.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    crime_and_disorder = models.BooleanField(
        "exercises the crime and disorder scrutiny role",
        default=False,
        help_text="The committee scrutinises the Community Safety Partnership "
        "(Police and Justice Act 2006 s.19).",
    )
    acting_as = models.CharField(
        "statutory capacity",
        max_length=200,
        blank=True,
        help_text='What it acts as when it does, e.g. "Crime and Disorder Committee": '
        'meetings show "acting as the Crime and Disorder Committee".',
    )
    statutory_basis = models.CharField(
        max_length=300, blank=True, help_text="e.g. Police and Justice Act 2006 s.19"
    )
    terms_of_reference = models.TextField(blank=True)
    usual_venue = models.CharField(
        max_length=300, blank=True, help_text="A new meeting's form starts with it."
    )
    usual_start_time = models.TimeField(
        null=True, blank=True, help_text="A new meeting's form starts with it, e.g. 18:30."
    )
    partnership = models.ForeignKey(
        "partnership.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scrutiny_committees",
        help_text="The Community Safety Partnership this committee scrutinises.",
    )
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many voting members must be present. Empty: a quarter of its "
        "members, and never fewer than three.",
    )
    minute_number_format = models.CharField(
        "how minute numbers are written",
        max_length=50,
        default="{number}",
        help_text="{number} is the minute's number in the municipal year, {year} the year "
        'it starts (2018) and {yy} its last two digits: "{number}" gives 326, '
        '"CHE/{yy}/{number}" gives CHE/18/326.',
    )
    minutes_due_days = models.PositiveSmallIntegerField(
        "days to draft minutes",
        default=10,
        help_text="The compliance page lists a meeting held this many days ago with no "
        "minutes published.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # A committee in the bin does not hold its name.
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(deleted_at__isnull=True),
                name="committee_unique_name",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:committee_detail", kwargs={"slug": self.slug})

    def minute_reference(self, municipal_year: int, number: int) -> str:
        """A minute's number as the committee writes it (``minute_number_format``)."""
        return MINUTE_NUMBER_PLACES.sub(
            lambda place: {
                "number": str(number),
                "year": str(municipal_year),
                "yy": f"{municipal_year % 100:02d}",
            }[place.group(1)],
            self.minute_number_format,
        )

    def quorum_for(self, members: int) -> int:
        """The quorum: the committee's own figure, else a quarter of ``members`` (its
        voting members), and never fewer than three."""
        if self.quorum:
            return self.quorum
        return max(3, math.ceil(members / 4))

    def title_on(self, date: datetime.date) -> "CommitteeTitle":
        """The name and wording in force on ``date``: the newest dated title from on or
        before it; today's name where the committee has no dated title for that day.
        Reads ``titles`` through the cache a ``prefetch_related`` fills."""
        in_force = [t for t in self.titles.all() if t.from_date is None or t.from_date <= date]
        if in_force:
            return max(in_force, key=lambda t: t.from_date or datetime.date.min)
        return CommitteeTitle(
            committee=self,
            name=self.name,
            crime_and_disorder=self.crime_and_disorder,
            acting_as=self.acting_as,
        )


class CommitteeTitle(Titled, models.Model):
    """A committee's name and capacity from a date, so that each meeting shows its own.

    Made by ``committee_update`` when an officer renames a committee from a date: the
    name it had until then is kept from the start (``from_date`` empty).
    """

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="titles")
    from_date = models.DateField(null=True, blank=True, help_text="Empty: from the start.")
    name = models.CharField(max_length=200)
    crime_and_disorder = models.BooleanField(default=False)
    acting_as = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "from_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "from_date"], name="committee_title_unique_date"
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(from_date__isnull=True),
                name="committee_title_one_first",
            ),
        ]

    def __str__(self):
        since = f" (from {self.from_date:%-d %B %Y})" if self.from_date else ""
        return f"{self.full_title}{since}"

    def get_absolute_url(self):
        return self.committee.get_absolute_url()


class StandardItem(models.Model):
    """An item every new meeting of the committee starts with (apologies, minutes …)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="standard_items"
    )
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.OTHER
    )
    is_exempt = models.BooleanField("exempt from publication", default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph",
        null=True,
        blank=True,
        choices=[(n, f"Paragraph {n}") for n in SCHEDULE_12A_PARAGRAPHS],
        help_text="Required for an exempt item.",
    )
    history = HistoricalRecords()
    # Nothing of a committee in the bin is edited (scrutiny.kernel.models.editable).
    belongs_to = ("committee",)

    class Meta:
        ordering = ["committee", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "position"], name="standard_item_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgendaItemKind.values), name="standard_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False, exempt_paragraph__isnull=True)
                | Q(is_exempt=True, exempt_paragraph__isnull=False),
                name="standard_item_exempt_names_paragraph",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:committee_setup", kwargs={"pk": self.committee_id})

    def clean(self):
        if self.is_exempt and self.exempt_paragraph is None:
            raise ValidationError(
                {"exempt_paragraph": "An exempt item must name its Schedule 12A paragraph."}
            )
        if not self.is_exempt and self.exempt_paragraph is not None:
            raise ValidationError(
                {"exempt_paragraph": "Only an exempt item takes a Schedule 12A paragraph."}
            )


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    CO_OPTEE = "co_optee", "Co-opted member"
    SUBSTITUTE = "substitute", "Substitute member"


def in_force_on(day: datetime.date) -> Q:
    """The condition a membership in force on ``day`` meets: started (or undated) and not
    yet ended."""
    return (Q(start_date__isnull=True) | Q(start_date__lte=day)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def chair_on(committee_id: int, day: datetime.date):
    """The committee's chair on ``day``, from the memberships' dates, or ``None``."""
    membership = (
        CommitteeMember.objects.filter(
            in_force_on(day),
            committee_id=committee_id,
            role=MemberRole.CHAIR,
            person__deleted_at=None,
        )
        .select_related("person")
        .order_by(F("start_date").desc(nulls_last=True))
        .first()
    )
    return membership.person if membership else None


class CommitteeMember(SoftDeletable):
    """A councillor or co-optee on a committee, in a role, for a period."""

    Role = MemberRole
    # Roles a committee has one of at a time.
    SINGLE_ROLES = (MemberRole.CHAIR, MemberRole.VICE_CHAIR)

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(null=True, blank=True, help_text="Leave blank if not known.")
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank while current.")
    history = HistoricalRecords()
    belongs_to = ("committee",)

    class Meta:
        ordering = ["committee", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="committee_member_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gt=F("start_date")),
                name="committee_member_ends_after_start",
            ),
            # The database's share of the one-chair rule: one open-ended chair and one
            # open-ended vice-chair. Overlapping dated periods are clean()'s to refuse.
            models.UniqueConstraint(
                fields=["committee", "role"],
                condition=Q(
                    role__in=["chair", "vice_chair"],
                    end_date__isnull=True,
                    deleted_at__isnull=True,
                ),
                name="committee_member_one_current_chair",
                violation_error_message="The committee already has a current member in this "
                "role: end their membership first.",
            ),
        ]

    def __str__(self):
        return f"{self.person.name} ({self.get_role_display()})"

    def get_absolute_url(self):
        return f"{self.committee.get_absolute_url()}#members"

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()

    def overlapping(self):
        """Live memberships of the same committee in the same role whose dates meet this one's."""
        others = CommitteeMember.objects.filter(committee_id=self.committee_id, role=self.role)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.end_date:
            others = others.filter(Q(start_date__isnull=True) | Q(start_date__lte=self.end_date))
        if self.start_date:
            others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
        return others

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The membership must end after it starts."})
        if self.role in self.SINGLE_ROLES and self.committee_id:
            holder = self.overlapping().select_related("person").first()
            if holder is not None:
                raise ValidationError(
                    {
                        "role": f"{holder.person.name} is {self.get_role_display().lower()} "
                        "for some of these dates: end their membership first, or change "
                        "the dates."
                    }
                )
