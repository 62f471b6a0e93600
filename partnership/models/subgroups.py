import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.dates import is_in_the_future


class RagStatus(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NOT_RATED = "not_rated", "Not rated"


class SubgroupQuerySet(models.QuerySet):
    def of_partnership(self, partnership):
        """``partnership``'s subgroups; every one when there is none to scope by."""
        if partnership is None:
            return self
        return self.filter(partnership=partnership)


class Subgroup(models.Model):
    """A working group of the partnership that leads priorities (e.g. Multi-Agency Gangs group)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="subgroups"
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=30, blank=True)
    description = models.TextField(blank=True)
    chair_agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_subgroups",
    )
    history = HistoricalRecords()

    objects = SubgroupQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="subgroup_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnership:subgroup_detail", kwargs={"pk": self.pk})


class ActionPlan(models.Model):
    """A subgroup's plan of actions for the priorities of one refresh year."""

    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="action_plans")
    refresh = models.ForeignKey(
        "partnership.PlanRefresh", on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(max_length=300)
    priorities = models.ManyToManyField(
        "partnership.Priority", related_name="action_plans", blank=True
    )
    note = models.TextField(blank=True)
    # Changes to who or what a record links to are history too.
    history = HistoricalRecords(m2m_fields=[priorities])

    class Meta:
        ordering = ["refresh", "subgroup__name"]
        constraints = [
            models.UniqueConstraint(fields=["subgroup", "refresh"], name="action_plan_unique_year"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.subgroup.get_absolute_url()}#action-plan-{self.pk}"


class ActionQuerySet(models.QuerySet):
    def past_target(self, day: datetime.date):
        """Actions late on ``day``: see ``Action.is_past_target``."""
        return self.filter(target_date__lt=day).exclude(rag_status=RagStatus.GREEN)


class Action(models.Model):
    """One action in an action plan."""

    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.TextField()
    lead_agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_actions",
    )
    target_date = models.DateField(null=True, blank=True)
    rag_status = models.CharField(
        "RAG status", max_length=10, choices=RagStatus.choices, default=RagStatus.NOT_RATED
    )
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["action_plan", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "position"], name="action_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(rag_status__in=RagStatus.values), name="action_rag_status_valid"
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return f"{self.action_plan.subgroup.get_absolute_url()}#action-{self.pk}"

    def is_past_target(self, day: datetime.date) -> bool:
        """Whether the action is late on ``day``: past its target date and not rated green.

        The plans record no "done" state, so green stands for on track or complete.
        """
        return (
            self.target_date is not None
            and self.target_date < day
            and self.rag_status != RagStatus.GREEN
        )


class ProgressUpdate(models.Model):
    """A dated note of progress on an action, with the RAG status it reported."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField()
    text = models.TextField()
    rag_status = models.CharField(
        "RAG status", max_length=10, choices=RagStatus.choices, default=RagStatus.NOT_RATED
    )
    reported_by = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "-date"]
        get_latest_by = "date"
        constraints = [
            models.CheckConstraint(
                condition=Q(rag_status__in=RagStatus.values), name="progress_rag_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.action} — {self.date:%d %B %Y}"

    def get_absolute_url(self):
        return self.action.get_absolute_url()

    def clean(self):
        errors = {}
        if self.date and is_in_the_future(self.date):
            # The action takes the RAG status of its latest update: one dated ahead would
            # stand as the latest progress before it has been made.
            errors["date"] = "Date of the update must be today or in the past"
        if not self.text or not self.text.strip():
            errors["text"] = "Describe the progress made."
        if errors:
            raise ValidationError(errors)
