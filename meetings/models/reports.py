import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.documents import accessibility
from scrutiny.kernel.models import LiveManager, LiveQuerySet, SoftDeletable
from scrutiny.kernel.roles import is_officer

from .agendas import visible_through_item
from .searching import NOT_IN_HISTORY, stored_words
from .supplements import held, supplement_link


class ReportQuerySet(LiveQuerySet):
    def visible_to(self, user):
        return visible_through_item(self, user, item_path="agenda_item").released_to(user)

    def released_to(self, user):
        """Without the reports a supplement not yet published holds, but for officers."""
        return self if is_officer(user) else self.exclude(held())


class AppendixQuerySet(LiveQuerySet):
    def visible_to(self, user):
        """The appendices of the reports the user may see, less those still held."""
        return self.filter(report__in=Report.objects.visible_to(user)).released_to(user)

    def listed_for(self, user):
        """In the report's order, as its page and its PDF list them for ``user``."""
        return self.released_to(user).select_related("supplement").order_by("number")

    def released_to(self, user):
        """Without the appendices a supplement not yet published holds, but for officers
        (the report's own visibility is the caller's: ``Report.objects.visible_to``)."""
        return self if is_officer(user) else self.exclude(held())


class AppendixLettering(models.TextChoices):
    """How a report labels its appendices: councils differ, and a report's text refers
    to them by the label its council uses."""

    NUMBERS = "numbers", "Numbers (1, 2 …)"
    LETTERS = "letters", "Letters (A, B …)"


def appendix_label(number: int, lettering: str) -> str:
    """The label of the appendix in place ``number``: "2", or "B" for a report lettering
    them (after Z come AA, AB …, as spreadsheets count)."""
    if lettering != AppendixLettering.LETTERS:
        return str(number)
    label = ""
    while number:
        number, rest = divmod(number - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


class Report(SoftDeletable):
    """An officer's report to the committee, attached to one agenda item."""

    Lettering = AppendixLettering

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="report"
    )
    title = models.CharField(max_length=300)
    author = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        related_name="reports",
        limit_choices_to={"kind": "officer"},
    )
    # A Cabinet member, say, invited to introduce the officer's report.
    introduced_by = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_introduced",
        limit_choices_to={"kind": "councillor"},
        help_text="A councillor who introduces the report, if any.",
    )
    summary = models.TextField(blank=True)
    supplement = supplement_link(
        "reports",
        "Written for an item already on a published agenda: the supplement that publishes it.",
    )
    appendix_lettering = models.CharField(
        "Label appendices with",
        max_length=10,
        choices=AppendixLettering.choices,
        default=AppendixLettering.NUMBERS,
    )
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    objects = LiveManager.from_queryset(ReportQuerySet)()
    all_objects = ReportQuerySet.as_manager()
    belongs_to = ("agenda_item",)

    class Meta:
        ordering = ["agenda_item"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:report_detail", kwargs={"pk": self.pk})


class ReportSection(SoftDeletable):
    """A numbered section of a report (1 Introduction, 2 Key lines of enquiry …)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    history = HistoricalRecords()
    belongs_to = ("report",)

    class Meta:
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                # A section in the bin gives up its number to the sections that follow.
                condition=Q(deleted_at__isnull=True),
                name="report_section_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="report_section_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#section-{self.number}"


class ReportParagraph(SoftDeletable):
    """A numbered paragraph; its reference joins the section number (1.1, 1.2 …).

    The text is plain, with lines starting "- " read as a bulleted list.
    """

    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)
    belongs_to = ("section",)

    class Meta:
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "number"],
                condition=Q(deleted_at__isnull=True),
                name="report_paragraph_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="report_paragraph_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.section.report.get_absolute_url()}#paragraph-{self.reference}"

    @property
    def reference(self) -> str:
        return f"{self.section.number}.{self.number}"


class CheckedFile(models.Model):
    """What a record with an uploaded PDF (an appendix, slides) keeps about its file, as
    the upload check found it (scrutiny.documents.uploads.checked_fields): its pages,
    text and accessibility findings when it passed, or why it did not. The record names
    its own ``file`` field."""

    page_count = models.PositiveIntegerField(null=True, blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)
    file_is_clean = models.BooleanField(default=False, editable=False)
    file_problem = models.CharField(max_length=300, blank=True, editable=False)
    # What the accessibility checks found (scrutiny/documents/accessibility.py); None
    # until a file has passed the upload check.
    file_is_tagged = models.BooleanField(null=True, blank=True, editable=False)
    file_language = models.CharField(max_length=35, blank=True, editable=False)
    file_pages_without_text = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def can_be_merged(self) -> bool:
        """Whether documents may put the file in: only a cleaned one."""
        return bool(self.file) and self.file_is_clean

    @property
    def is_accessible(self) -> bool | None:
        """Whether the file passed the accessibility checks; None when there is no file
        to publish or it has not been checked."""
        if not self.can_be_merged or self.file_is_tagged is None:
            return None
        return not self.accessibility_findings

    @property
    def accessibility_findings(self) -> list[accessibility.Problem]:
        """Each failure, with what the officer asks the author for; none for a file that
        is not published (no file, or one refused by the upload check)."""
        if not self.can_be_merged:
            return []
        return accessibility.problems(
            tagged=self.file_is_tagged,
            language=self.file_language,
            pages_without_text=self.file_pages_without_text,
            pages=self.page_count,
        )

    @property
    def accessibility_problems(self) -> list[str]:
        """Each failure as a plain sentence, for anyone to read."""
        return [problem.text for problem in self.accessibility_findings]


def appendix_file_name(appendix: "Appendix", filename: str) -> str:
    """Where an uploaded appendix is kept: a random name, never the one it was sent with.

    A sender's file name can carry anything (paths, scripts' extensions, personal details
    of an exempt item); the download is named from the appendix instead (views/files.py).
    """
    return f"appendices/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class Appendix(CheckedFile, SoftDeletable):
    """An appendix to a report; the file is an uploaded PDF where one has been provided.

    Every file is checked and cleaned on its way in (scrutiny/documents/uploads.py), which counts
    its pages and reads its text once. A file that could not be cleaned (one stored
    before the check, or brought in by an import) is kept, marked not clean with the
    reason: no document merges it, and the report's page asks an officer to replace it.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=appendix_file_name, blank=True)
    note = models.CharField(max_length=300, blank=True)
    supplement = supplement_link(
        "appendices",
        "Added to a report already published: the supplement that publishes it.",
    )
    # The text is the file's own, which the history already names; a copy per change
    # would only repeat it.
    history = HistoricalRecords(excluded_fields=["text"])

    objects = LiveManager.from_queryset(AppendixQuerySet)()
    all_objects = AppendixQuerySet.as_manager()
    belongs_to = ("report",)

    class Meta:
        ordering = ["report", "number"]
        verbose_name_plural = "appendices"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                condition=Q(deleted_at__isnull=True),
                name="appendix_unique_number",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="appendix_number_positive"),
        ]

    def __str__(self):
        return f"Appendix {self.label}: {self.title}"

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#appendix-{self.number}"

    @property
    def label(self) -> str:
        """ "1" or "A": the number as the report's council writes it."""
        return appendix_label(self.number, self.report.appendix_lettering)
