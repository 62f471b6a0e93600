import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.models import LiveManager, LiveQuerySet, SoftDeletable

from .agendas import visible_through_item
from .searching import NOT_IN_HISTORY, stored_words


class RecommendationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    AGREED = "agreed", "Agreed at the meeting"
    SENT = "sent", "Letter issued"
    RESPONDED = "responded", "Response received"
    IMPLEMENTED = "implemented", "Implemented"
    CLOSED = "closed", "Closed"


# The statuses in which partners' responses are awaited: the letter has gone out, and
# not every addressee may have answered yet.
AWAITING_RESPONSE = (RecommendationStatus.SENT, RecommendationStatus.RESPONDED)

# Who a recommendation with neither the partnership nor an agency to answer it is
# addressed to, as its lists name it (and as the JSON API reads it back as a filter).
NO_ADDRESSEE = "The committee itself"


class RecommendationQuerySet(LiveQuerySet):
    def visible_to(self, user):
        """A recommendation on an exempt item is as private as the item."""
        return visible_through_item(self, user, item_path="agenda_item", meeting_path="meeting")

    def response_overdue_on(self, day: datetime.date):
        """Those whose response is late on ``day``, in the database: the same rule as
        ``Recommendation.response_overdue_on``, for lists too long to read row by row."""
        return self.filter(response_overdue_condition(day))

    def addressed_to(self, *, partnership=None, agency=None):
        """Those addressed to the partnership, or to the agency (among others): with
        both given, to either. Tested in the database, so a recommendation to several
        agencies is listed once."""
        addressed = []
        if partnership is not None:
            addressed.append(Q(addressee_partnership=partnership))
        if agency is not None:
            to_agency = Recommendation.addressee_agencies.through.objects.filter(
                recommendation=OuterRef("pk"), agency=agency
            )
            addressed.append(Q(Exists(to_agency)))
        return self.filter(reduce(or_, addressed)) if addressed else self.none()

    def addressed_to_nobody(self):
        """Those addressed to neither the partnership nor an agency: to the committee
        itself (``NO_ADDRESSEE``)."""
        to_an_agency = Recommendation.addressee_agencies.through.objects.filter(
            recommendation=OuterRef("pk")
        )
        return self.filter(addressee_partnership__isnull=True).exclude(Exists(to_an_agency))


class Recommendation(SoftDeletable):
    """A recommendation, from a report to the committee or from the committee to partners."""

    Status = RecommendationStatus

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="recommendations"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    addressee_partnership = models.ForeignKey(
        "partnership.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    addressee_agencies = models.ManyToManyField(
        "partnership.Agency", blank=True, related_name="recommendations"
    )
    priorities = models.ManyToManyField(
        "partnership.Priority", blank=True, related_name="recommendations"
    )
    source_paragraph = models.ForeignKey(
        "meetings.ReportParagraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        help_text="The report paragraph that proposes this recommendation, if any.",
    )
    # Adopted by a motion at the meeting: numbered in its minute (326.1, 326.2 …).
    minute = models.ForeignKey(
        "meetings.Minute",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        editable=False,
    )
    number_in_minute = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    motion = models.ForeignKey(
        "meetings.Motion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        editable=False,
        help_text="The motion that adopted it.",
    )
    amendment = models.ForeignKey(
        "meetings.Amendment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        editable=False,
        help_text="The amendment that added or changed it.",
    )
    # Changes to who or what a record links to are history too.
    search_vector = stored_words()
    history = HistoricalRecords(
        m2m_fields=[addressee_agencies, priorities], excluded_fields=NOT_IN_HISTORY
    )

    objects = LiveManager.from_queryset(RecommendationQuerySet)()
    all_objects = RecommendationQuerySet.as_manager()
    # Not its agenda item: a recommendation outlives one (the link is set null).
    belongs_to = ("meeting",)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                condition=Q(deleted_at__isnull=True),
                name="recommendation_unique_position",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RecommendationStatus.values),
                name="recommendation_status_valid",
            ),
            models.UniqueConstraint(
                fields=["minute", "number_in_minute"],
                name="recommendation_unique_number_in_minute",
            ),
            models.CheckConstraint(
                condition=Q(minute__isnull=True, number_in_minute__isnull=True)
                | Q(minute__isnull=False, number_in_minute__isnull=False),
                name="recommendation_numbered_in_its_minute",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        url = reverse("meetings:recommendations", kwargs={"pk": self.meeting_id})
        return f"{url}#recommendation-{self.position}"

    @property
    def reference(self) -> str:
        """Its number: by minute once the committee resolved it (326.1), else its place
        among the meeting's proposed recommendations. Select the minute's committee."""
        if self.minute_id and self.number_in_minute:
            return f"{self.minute.reference}.{self.number_in_minute}"
        return str(self.position)

    def addressees_named(self) -> list[str]:
        """Who the recommendation is addressed to, by name; prefetch the agencies for lists."""
        names = [self.addressee_partnership.name] if self.addressee_partnership else []
        names += [agency.name for agency in self.addressee_agencies.all()]
        return names or [NO_ADDRESSEE]

    @property
    def response_due_on(self) -> datetime.date | None:
        """When the partners' response is due: the letter's date plus the response period
        (Crime and Disorder (Overview and Scrutiny) Regulations 2009). The period runs
        from receipt, which is not recorded, so the date of issue stands in for it.

        The letter's date is read from ``letter_issued_on`` where a list annotated each
        row with it (``meetings.tracker``), and otherwise from ``steps.all()``, so a list
        can prefetch them."""
        if "letter_issued_on" in self.__dict__:
            issued = self.letter_issued_on
        else:
            issued = next(
                (step.taken_on for step in self.steps.all() if step.kind == StepKind.LETTER_ISSUED),
                None,
            )
        if issued is None:
            return None
        return issued + datetime.timedelta(days=settings.SCRUTINY_RESPONSE_DAYS)

    def awaited_from(self) -> list:
        """The addressees that have not responded yet (prefetch agencies and responses)."""
        answered = {response.agency_id for response in self.responses.all()}
        return [agency for agency in self.addressee_agencies.all() if agency.pk not in answered]

    def issued_letters(self) -> list["RecommendationLetter"]:
        """The issued letters that sent it (corrections left out), in the order they went."""
        return list(
            self.letters.filter(status=LetterStatus.ISSUED, corrects_reference="")
            .select_related("addressee")
            .order_by("issued_on", "batch", "addressee__name")
        )

    def responses_counted(self) -> tuple[int, int] | None:
        """How many of the agencies it is addressed to have responded, of how many, or
        ``None`` for one addressed to the partnership as a whole, where any partner's
        response is the answer (prefetch agencies and responses for lists)."""
        agencies = {agency.pk for agency in self.addressee_agencies.all()}
        if not agencies:
            return None
        answered = {response.agency_id for response in self.responses.all()}
        return len(agencies & answered), len(agencies)

    @property
    def status_label(self) -> str:
        """The status as readers see it: once the letter has gone to several agencies,
        how many of them have responded ("Letter issued, 1 of 2 responded"). "Response
        received" means every addressee has answered (meetings/lifecycle.py)."""
        label = self.get_status_display()
        if self.status not in AWAITING_RESPONSE:
            return label
        counted = self.responses_counted()
        if counted is None or counted[1] < 2:
            return label
        return f"{label}, {counted[0]} of {counted[1]} responded"

    def response_overdue_on(self, day: datetime.date) -> bool:
        """Whether, on ``day``, the letter has gone out and an addressee's response is late.

        One addressed to the partnership as a whole waits for any partner's response.
        """
        due = self.response_due_on
        if due is None or day <= due or self.status not in AWAITING_RESPONSE:
            return False
        if self.addressee_agencies.all():
            return bool(self.awaited_from())
        return not self.responses.all()

    def clean(self):
        # The unique constraint ignores recommendations in the bin, so forms cannot check it.
        taken = Recommendation.objects.filter(meeting_id=self.meeting_id, position=self.position)
        if self.meeting_id and self.position and taken.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"position": f"Recommendation {self.position} is already in this meeting."}
            )


class ResponseOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    REJECTED = "rejected", "Rejected"


class RecommendationResponse(models.Model):
    """A partner's answer to a recommendation, in its own words."""

    Outcome = ResponseOutcome

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendation_responses",
    )
    received_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    text = models.TextField(help_text="The partner's response in its own words.")
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    class Meta:
        ordering = ["recommendation", "received_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ResponseOutcome.values), name="response_outcome_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} — {self.received_on:%-d %B %Y}"

    def get_absolute_url(self):
        return self.recommendation.get_absolute_url()


class StepKind(models.TextChoices):
    """What can happen to a recommendation after it is proposed, each a dated step."""

    AGREED = "agreed", "Agreed at the meeting"
    LETTER_ISSUED = "letter_issued", "Letter issued"
    RESPONSE = "response", "Response recorded"
    UPDATE = "update", "Implementation update"
    IMPLEMENTED = "implemented", "Implemented"
    CLOSED = "closed", "Closed"


class RecommendationStep(models.Model):
    """One dated step in a recommendation's life, and who took it (meetings/lifecycle.py)."""

    Kind = StepKind

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    taken_on = models.DateField()
    # The account may be removed one day; the name it had stays on the record.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendation_steps",
    )
    taken_by_name = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)
    response = models.OneToOneField(
        RecommendationResponse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="step",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "taken_on", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StepKind.values), name="recommendation_step_kind_valid"
            ),
            # A response step carries the partner's response, and no other step does.
            models.CheckConstraint(
                condition=Q(kind=StepKind.RESPONSE, response__isnull=False)
                | (~Q(kind=StepKind.RESPONSE) & Q(response__isnull=True)),
                name="recommendation_step_response_only_on_response",
            ),
            # A recommendation is closed with a reason.
            models.CheckConstraint(
                condition=~Q(kind=StepKind.CLOSED) | ~Q(note=""),
                name="recommendation_step_closed_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.taken_on:%-d %B %Y}"

    def get_absolute_url(self):
        return self.recommendation.get_absolute_url()


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class RecommendationLetter(models.Model):
    """The letter that sends a meeting's recommendations to one agency."""

    Status = LetterStatus

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="letters"
    )
    addressee = models.ForeignKey(
        "partnership.Agency", on_delete=models.PROTECT, related_name="letters"
    )
    reference = models.CharField(max_length=100)
    recommendations = models.ManyToManyField(Recommendation, related_name="letters")
    signatory = models.CharField(max_length=200, blank=True)
    is_copy = models.BooleanField(
        "sent as a copy",
        default=False,
        help_text="A copy to a responsible authority the recommendations are not addressed "
        "to (Police and Justice Act 2006 s.19(2)).",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_on = models.DateField(null=True, blank=True)
    batch = models.PositiveSmallIntegerField(
        default=1,
        help_text="Which issue of the meeting's letters it went out in: recommendations "
        "agreed after the first letters went out, and corrections, go in later batches.",
    )
    corrects_reference = models.CharField(
        "corrects letter",
        max_length=100,
        blank=True,
        help_text="The reference of the letter this one corrects, if it is a correction.",
    )
    # The letter as it was issued (meetings/letter_records.py): its printable HTML, frozen
    # at that moment, and the PDF made from it once, which is what is ever sent again.
    printed_html = models.TextField(blank=True, editable=False)
    record = models.FileField(upload_to="letters/", blank=True, editable=False)
    record_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Changes to who or what a record links to are history too.
    history = HistoricalRecords(m2m_fields=[recommendations], excluded_fields=["record_queued_at"])

    class Meta:
        ordering = ["meeting", "batch", "addressee__name"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="letter_unique_reference"),
            models.UniqueConstraint(
                fields=["meeting", "addressee", "batch"], name="letter_unique_addressee_in_batch"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LetterStatus.values), name="letter_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=LetterStatus.DRAFT) | Q(issued_on__isnull=False),
                name="letter_issued_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.reference} to {self.addressee}"

    def get_absolute_url(self):
        return reverse("meetings:letter_pdf", kwargs={"pk": self.pk})

    def clean(self):
        if self.status == self.Status.ISSUED and not self.issued_on:
            raise ValidationError({"issued_on": "An issued letter needs the date it was issued."})


def response_overdue_condition(day: datetime.date) -> Q:
    """The condition the recommendations whose response is late on ``day`` meet, for a
    filter or a count (``RecommendationQuerySet.response_overdue_on``)."""
    due_after = day - datetime.timedelta(days=settings.SCRUTINY_RESPONSE_DAYS)
    # Each set is worked out once for the whole list, not again for every row: over
    # twenty years of recommendations that was most of the tracker's time.
    letters_in_time = RecommendationStep.objects.filter(
        kind=StepKind.LETTER_ISSUED, taken_on__lt=due_after
    ).values("recommendation")
    links = Recommendation.addressee_agencies.through.objects
    answered_by = RecommendationResponse.objects.filter(
        recommendation=OuterRef("recommendation"), agency=OuterRef("agency")
    )
    awaited = links.filter(~Exists(answered_by)).values("recommendation")
    answered = RecommendationResponse.objects.values("recommendation")
    return (
        Q(pk__in=awaited)
        # One addressed to the partnership as a whole waits for any partner's answer.
        | (~Q(pk__in=links.values("recommendation")) & ~Q(pk__in=answered))
    ) & Q(pk__in=letters_in_time, status__in=AWAITING_RESPONSE)
