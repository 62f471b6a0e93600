import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.kernel.models import LiveManager, LiveQuerySet, SoftDeletable

from .agendas import visible_through_item
from .reports import CheckedFile


class PresentationQuerySet(LiveQuerySet):
    def visible_to(self, user):
        return visible_through_item(self, user, item_path="agenda_item")


class LineOfEnquiryQuerySet(LiveQuerySet):
    def visible_to(self, user):
        """A question aimed at an exempt presentation is as private as the presentation."""
        return visible_through_item(
            self, user, item_path="presentation__agenda_item", meeting_path="meeting"
        )


class Presentation(SoftDeletable):
    """A presentation to the committee by partner agencies, on one agenda item."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="presentation"
    )
    topic = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    priorities = models.ManyToManyField(
        "partnership.Priority", blank=True, related_name="presentations"
    )
    # Changes to who or what a record links to are history too.
    history = HistoricalRecords(m2m_fields=[priorities])

    objects = LiveManager.from_queryset(PresentationQuerySet)()
    all_objects = PresentationQuerySet.as_manager()
    belongs_to = ("agenda_item",)

    class Meta:
        ordering = ["agenda_item"]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("meetings:presentation_detail", kwargs={"pk": self.pk})


class Presenter(SoftDeletable):
    """A person presenting, in their role, for their agency."""

    presentation = models.ForeignKey(
        Presentation, on_delete=models.CASCADE, related_name="presenters"
    )
    position = models.PositiveSmallIntegerField(default=1)
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="presentings"
    )
    role = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        "partnership.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presenters",
    )
    history = HistoricalRecords()
    belongs_to = ("presentation",)

    class Meta:
        ordering = ["presentation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["presentation", "position"],
                # A presenter in the bin gives up its place to those that follow.
                condition=Q(deleted_at__isnull=True),
                name="presenter_unique_position",
            ),
        ]

    def __str__(self):
        parts = [self.person.name, self.role, self.agency.name if self.agency_id else ""]
        return ", ".join(part for part in parts if part)

    def get_absolute_url(self):
        return self.presentation.get_absolute_url()

    @property
    def name(self) -> str:
        return self.person.name

    def clean(self):
        # An agency's officer presents for their agency; a councillor for none.
        if not self.person_id:
            return
        if self.person.is_councillor and self.agency_id:
            raise ValidationError(
                {"agency": "A councillor presents for no agency: leave it empty."}
            )
        if self.person.is_officer and not self.agency_id:
            raise ValidationError({"agency": "Choose the agency this officer presents for."})


class LineOfEnquiry(SoftDeletable):
    """A question for members to ask at a meeting.

    Generic questions name no presentation or priority; targeted ones name either.
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="lines_of_enquiry"
    )
    position = models.PositiveSmallIntegerField(default=1)
    question = models.TextField()
    presentation = models.ForeignKey(
        Presentation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines_of_enquiry",
    )
    priority = models.ForeignKey(
        "partnership.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines_of_enquiry",
    )
    source_paragraph = models.ForeignKey(
        "meetings.ReportParagraph",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines_of_enquiry",
        help_text="The report paragraph that sets out this question, if any.",
    )
    history = HistoricalRecords()

    objects = LiveManager.from_queryset(LineOfEnquiryQuerySet)()
    all_objects = LineOfEnquiryQuerySet.as_manager()
    # Not its presentation: a question outlives one (the link is set null).
    belongs_to = ("meeting",)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name_plural = "lines of enquiry"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                condition=Q(deleted_at__isnull=True),
                name="line_of_enquiry_unique_position",
            ),
        ]

    def __str__(self):
        return self.question[:80]

    def get_absolute_url(self):
        url = reverse("meetings:lines_of_enquiry", kwargs={"pk": self.meeting_id})
        return f"{url}#question-{self.position}"

    @property
    def is_generic(self) -> bool:
        return self.presentation_id is None and self.priority_id is None


PARTNERSHIP_PLACEHOLDER = "{partnership}"


class StandardQuestion(models.Model):
    """A question in a committee's library that officers add to a meeting's lines of
    enquiry at once. "{partnership}" in it stands for the committee's partnership's name,
    put in when the question is shown or copied, so one library serves any partnership."""

    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.CASCADE, related_name="standard_questions"
    )
    question = models.TextField(
        help_text="Write {partnership} where the partnership's name goes, e.g. "
        '"the priorities identified by the {partnership}".'
    )
    position = models.PositiveSmallIntegerField(default=1)
    is_active = models.BooleanField(
        "in use", default=True, help_text="Questions not in use are kept but not added."
    )
    history = HistoricalRecords()

    # Nothing of a committee in the bin is edited (scrutiny.kernel.models.editable).
    belongs_to = ("committee",)

    class Meta:
        ordering = ["committee", "position", "pk"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("meetings:standard_questions", args=[self.committee_id])

    @property
    def text(self) -> str:
        """The question as its committee asks it: its partnership named."""
        partnership = self.committee.partnership
        return self.question.replace(
            PARTNERSHIP_PLACEHOLDER, partnership.name if partnership else "partnership"
        )


def slides_file_name(slides: "Slides", filename: str) -> str:
    """Where uploaded slides are kept: a random name, never the sender's (as appendices)."""
    return f"slides/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class Slides(CheckedFile):
    """A presentation's slides: one PDF, checked and cleaned on its way in as an appendix
    is (scrutiny/documents/uploads.py, through the same fields), listed with the
    presentation and merged into the pack after it. Taken off, the record stays with no
    file, and its history names the files it had."""

    presentation = models.OneToOneField(
        Presentation, on_delete=models.CASCADE, related_name="slides"
    )
    file = models.FileField(upload_to=slides_file_name, blank=True)
    history = HistoricalRecords(excluded_fields=["text"])
    belongs_to = ("presentation",)

    class Meta:
        verbose_name_plural = "slides"

    def __str__(self):
        return f"Slides: {self.presentation.topic}"

    def get_absolute_url(self):
        return f"{self.presentation.get_absolute_url()}#slides"
