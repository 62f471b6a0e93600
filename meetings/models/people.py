from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.models import SoftDeletable


class PersonKind(models.TextChoices):
    COUNCILLOR = "councillor", "Councillor"
    OFFICER = "officer", "Officer"


class PersonQuerySet(models.QuerySet):
    def councillors(self):
        return self.filter(kind=PersonKind.COUNCILLOR)

    def officers(self):
        return self.filter(kind=PersonKind.OFFICER)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class LivePersonManager(models.Manager.from_queryset(PersonQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Person(SoftDeletable):
    """A councillor or an officer: the one record that committee memberships, report
    authors, report introducers and presenters point to, so that a name is typed once and
    what a meeting records about people later (attendance, votes) can point here too.
    """

    Kind = PersonKind

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OFFICER)
    name = models.CharField(max_length=200)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text='An office they hold, e.g. "Cabinet Member for Community Safety".',
    )
    # A councillor's.
    party = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    # An officer's.
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text="The partner agency they work for, if any.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    # A councillor's sign-in account, linked when an officer invites them (meetings/accounts.py).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The account this person signs in with, if any.",
    )
    history = HistoricalRecords()

    objects = LivePersonManager()
    all_objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PersonKind.values), name="person_kind_valid"
            ),
            # Party and ward are a councillor's, job title and agency an officer's.
            models.CheckConstraint(
                condition=Q(kind=PersonKind.OFFICER) | Q(agency__isnull=True, job_title=""),
                name="person_councillor_has_no_agency_or_job",
            ),
            models.CheckConstraint(
                condition=Q(kind=PersonKind.COUNCILLOR) | Q(party="", ward=""),
                name="person_officer_has_no_party_or_ward",
            ),
            models.UniqueConstraint(
                fields=["kind", "name", "job_title"],
                condition=Q(deleted_at__isnull=True),
                name="person_unique_name_title",
                violation_error_message="Someone of this name and job title is already "
                "entered: choose them, or tell the two apart by job title.",
            ),
        ]

    def __str__(self):
        detail = self.title or (self.job_title if self.is_officer else "")
        if self.is_councillor:
            return f"Councillor {self.name}" + (f", {detail}" if detail else "")
        return f"{self.name}, {detail}" if detail else self.name

    def get_absolute_url(self):
        return reverse("meetings:person_detail", kwargs={"pk": self.pk})

    @property
    def is_councillor(self) -> bool:
        return self.kind == PersonKind.COUNCILLOR

    @property
    def is_officer(self) -> bool:
        return self.kind == PersonKind.OFFICER

    @property
    def description(self) -> str:
        """What they are, after their name: an office, a job and an employer, or a party."""
        if self.is_councillor:
            parts = [self.title, self.party and f"{self.party}", self.ward and f"{self.ward} ward"]
        else:
            employer = self.agency.name if self.agency_id else self.organisation
            parts = [self.title, self.job_title, employer]
        return ", ".join(part for part in parts if part)

    def clean(self):
        errors = {}
        if self.is_councillor:
            if self.agency_id:
                errors["agency"] = "A councillor does not work for an agency: leave it empty."
            if self.job_title:
                errors["job_title"] = (
                    "A councillor has no job title here: give their office as the title."
                )
        else:
            if self.party:
                errors["party"] = "Only a councillor has a party."
            if self.ward:
                errors["ward"] = "Only a councillor has a ward."
        if errors:
            raise ValidationError(errors)
