from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class CallForActionDecision(models.TextChoices):
    PENDING = "pending", "Awaiting the committee's decision"
    ACCEPTED = "accepted", "Taken up by the committee"
    DECLINED = "declined", "Not taken up"


class CouncillorCallForAction(models.Model):
    """A crime and disorder matter referred to the committee by a councillor."""

    Decision = CallForActionDecision

    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="calls_for_action"
    )
    councillor = models.CharField(max_length=200)
    ward = models.CharField(max_length=200)
    matter = models.TextField()
    received_on = models.DateField()
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on"]
        verbose_name = "Councillor Call for Action"
        verbose_name_plural = "Councillor Calls for Action"
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=CallForActionDecision.values), name="ccfa_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("received_on")),
                name="ccfa_decided_after_received",
            ),
        ]

    def __str__(self):
        return f"{self.councillor} ({self.ward}), {self.received_on:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:call_for_action_detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.decided_on and self.received_on and self.decided_on < self.received_on:
            raise ValidationError({"decided_on": "A decision cannot come before the referral."})
        if self.decision != self.Decision.PENDING and not (self.reasons or "").strip():
            raise ValidationError({"reasons": "Give the committee's reasons for its decision."})
