import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.municipal_year import municipal_year_label, municipal_year_start


class CorporatePriorityQuerySet(models.QuerySet):
    def of_partnership(self, partnership):
        """The council priorities ``partnership``'s remit relates to (set on its own
        page), and any its priorities already serve, so that an edit cannot drop one
        unseen; every one when there is no partnership to scope by."""
        if partnership is None:
            return self
        return self.filter(
            Q(partnerships=partnership) | Q(priorities__refresh__plan__partnership=partnership)
        ).distinct()


class CorporatePriority(models.Model):
    """One of the council's own corporate priorities."""

    council = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = CorporatePriorityQuerySet.as_manager()

    class Meta:
        ordering = ["council", "title"]
        verbose_name_plural = "corporate priorities"
        constraints = [
            models.UniqueConstraint(fields=["council", "title"], name="corporate_priority_unique")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnership:corporate_priority_detail", kwargs={"pk": self.pk})


class CommunitySafetyPlan(models.Model):
    """A partnership's multi-year community safety plan (e.g. 2013-18)."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField(max_length=300)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="plan_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["partnership", "start_year"], name="plan_unique_start_year"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.partnership.get_absolute_url()}#plan-{self.start_year}"

    @property
    def period(self) -> str:
        return f"{self.start_year}-{str(self.end_year)[-2:]}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "The plan cannot end before it starts."})


class PlanRefresh(models.Model):
    """A yearly refresh of a plan, which sets that year's priorities (e.g. 2018/19)."""

    plan = models.ForeignKey(
        CommunitySafetyPlan, on_delete=models.CASCADE, related_name="refreshes"
    )
    year = models.PositiveSmallIntegerField(
        help_text="The year the refresh starts, e.g. 2018 for 2018/19."
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name_plural = "plan refreshes"
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="refresh_unique_year"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.plan.partnership.get_absolute_url()}#refresh-{self.year}"

    @property
    def year_label(self) -> str:
        return municipal_year_label(self.year)

    def clean(self):
        plan = getattr(self, "plan", None)
        if plan and self.year and not plan.start_year <= self.year <= plan.end_year:
            raise ValidationError({"year": f"A refresh must fall within its plan ({plan.period})."})


class PriorityQuerySet(models.QuerySet):
    def without_action_plan(self):
        return self.filter(action_plans__isnull=True)

    def of_partnership(self, partnership):
        """The priorities of ``partnership``'s plans, every year's; every priority when
        there is no partnership to scope by."""
        if partnership is None:
            return self
        return self.filter(refresh__plan__partnership=partnership)

    def year_first(self, day: datetime.date | None):
        """The priorities of the plan year ``day`` falls in first (a refresh's year runs
        from April, as the municipal year does), then the others, newest year first."""
        if day is None:
            return self.order_by("-refresh__year", "position", "title")
        this_year = Case(
            When(refresh__year=municipal_year_start(day), then=Value(0)),
            default=Value(1),
        )
        return self.order_by(this_year, "-refresh__year", "position", "title")


class Priority(models.Model):
    """A priority set by a plan refresh for its year."""

    refresh = models.ForeignKey(PlanRefresh, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # The order the priorities were entered in, or set by moving them: a refresh lists
    # them as the plan does, not alphabetically.
    position = models.PositiveSmallIntegerField(default=1)
    lead_subgroup = models.ForeignKey(
        "partnership.Subgroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities",
    )
    corporate_priorities = models.ManyToManyField(
        CorporatePriority, blank=True, related_name="priorities"
    )
    # Changes to who or what a record links to are history too.
    history = HistoricalRecords(m2m_fields=[corporate_priorities])

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["refresh", "position"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["refresh", "title"], name="priority_unique_title"),
            models.UniqueConstraint(
                fields=["refresh", "position"], name="priority_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.refresh.year_label})"

    def get_absolute_url(self):
        return reverse("partnership:priority_detail", kwargs={"pk": self.pk})
