from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.kernel.models import SoftDeletable


class Committee(models.Model):
    """A council committee, and the statutory capacity it acts in when it scrutinises the CSP."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    council = models.CharField(max_length=200)
    acting_as = models.CharField(
        max_length=200,
        blank=True,
        help_text='The statutory capacity it acts in, e.g. "Crime and Disorder Committee".',
    )
    statutory_basis = models.CharField(
        max_length=300, blank=True, help_text="e.g. Police and Justice Act 2006 s.19"
    )
    terms_of_reference = models.TextField(blank=True)
    partnership = models.ForeignKey(
        "partnership.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scrutiny_committees",
        help_text="The Community Safety Partnership this committee scrutinises.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="committee_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:committee_detail", kwargs={"slug": self.slug})

    @property
    def full_title(self) -> str:
        if self.acting_as:
            return f"{self.name}, acting as the {self.acting_as}"
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    CO_OPTEE = "co_optee", "Co-opted member"
    SUBSTITUTE = "substitute", "Substitute member"


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
