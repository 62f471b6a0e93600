from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Partnership(models.Model):
    """A Community Safety Partnership (CSP) under the Crime and Disorder Act 1998."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    area = models.CharField(max_length=200, help_text="The area the partnership serves.")
    description = models.TextField(blank=True)
    corporate_priorities = models.ManyToManyField(
        "partnership.CorporatePriority",
        blank=True,
        related_name="partnerships",
        help_text="The council's own priorities that the partnership's remit relates to.",
    )
    # Changes to who or what a record links to are history too.
    history = HistoricalRecords(m2m_fields=[corporate_priorities])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:partnership_detail", kwargs={"slug": self.slug})


class AgencyStanding(models.TextChoices):
    # Statutory members under s.5 of the Crime and Disorder Act 1998.
    RESPONSIBLE_AUTHORITY = "responsible_authority", "Responsible authority (statutory)"
    NON_STATUTORY = "non_statutory", "Non-statutory partner"


class AgencySector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    POLICING_BODY = "policing_body", "Police and crime commissioner"
    FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
    PROBATION = "probation", "Probation"
    HEALTH = "health", "Health"
    HOUSING = "housing", "Housing"
    VOLUNTARY = "voluntary", "Voluntary and community"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class AgencyQuerySet(models.QuerySet):
    def of_partnership(self, partnership):
        """The agencies that are or were members of ``partnership``; every agency when
        there is none to scope by (a committee not yet linked to its partnership)."""
        if partnership is None:
            return self
        return self.filter(
            pk__in=Membership.objects.filter(partnership=partnership).values("agency")
        )


class Agency(models.Model):
    """A member organisation of a partnership."""

    Standing = AgencyStanding

    Sector = AgencySector

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    standing = models.CharField(max_length=30, choices=Standing.choices)
    sector = models.CharField(max_length=30, choices=Sector.choices, default=Sector.OTHER)
    description = models.TextField(blank=True)
    # Who the committee's letters and reminders to the agency are addressed to.
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="The person letters are addressed to."
    )
    contact_job_title = models.CharField(
        max_length=200, blank=True, help_text="For example, Chief Superintendent"
    )
    postal_address = models.TextField(
        blank=True, help_text="As it is written on an envelope, one line a line."
    )
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(standing__in=AgencyStanding.values), name="agency_standing_valid"
            ),
            models.CheckConstraint(
                condition=Q(sector__in=AgencySector.values), name="agency_sector_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:agency_detail", kwargs={"pk": self.pk})

    @property
    def postal_address_lines(self) -> list[str]:
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]

    @property
    def is_responsible_authority(self) -> bool:
        return self.standing == self.Standing.RESPONSIBLE_AUTHORITY


class AgencyFormerName(models.Model):
    """A name the agency used to go by (Kent Probation became the CRC, CCGs became ICBs)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(max_length=200)
    used_until = models.DateField(null=True, blank=True, help_text="Leave blank if not known.")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "used_until", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="agency_former_name_unique")
        ]

    def __str__(self):
        return f"{self.name} (now {self.agency.name})"

    def get_absolute_url(self):
        return self.agency.get_absolute_url()


class Membership(models.Model):
    """An agency's membership of a partnership, with dates where they are known."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField(null=True, blank=True, help_text="Leave blank if not known.")
    end_date = models.DateField(null=True, blank=True, help_text="Leave blank while current.")
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "agency__name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gt=F("start_date")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["partnership", "agency", "start_date"],
                name="membership_unique_start",
            ),
            # NULLs are distinct in a unique index: one undated membership per agency.
            models.UniqueConstraint(
                fields=["partnership", "agency"],
                condition=Q(start_date__isnull=True),
                name="membership_unique_undated",
            ),
        ]

    def __str__(self):
        return f"{self.agency} in {self.partnership}"

    def get_absolute_url(self):
        return self.agency.get_absolute_url()

    def clean(self):
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The membership must end after it starts."})
