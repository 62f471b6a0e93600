from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


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


class CommitteeMember(models.Model):
    """A councillor or co-optee on a committee, in a role, for a period."""

    Role = MemberRole

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    political_group = models.CharField(max_length=100, blank=True)
    start_date = models.DateField(null=True, blank=True, help_text="Leave blank if not known.")
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank while current.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "role", "name"]
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
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def get_absolute_url(self):
        return f"{self.committee.get_absolute_url()}#members"

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The membership must end after it starts."})


class Officer(models.Model):
    """A council officer who writes reports or supports the committee."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "job_title"], name="officer_unique_name_title"),
        ]

    def __str__(self):
        return f"{self.name}, {self.job_title}"

    def get_absolute_url(self):
        return reverse("meetings:officer_detail", kwargs={"pk": self.pk})
