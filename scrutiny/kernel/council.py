"""The council the site serves: one record, edited by its officers.

One installation serves one council. Its name, address and contact details are data an
officer edits on the set-up page, not a setting: letters, PDFs, feeds and every page's
header read this record. ``SCRUTINY_COUNCIL_NAME`` only names it the first time it is
needed, on an installation that has none yet; after that the record is the source.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

# Five working days: the council answers a request for an accessible format within the
# five clear days an agenda is open to inspection before its meeting (Local Government
# Act 1972 s.100B), so a reader who asks when the agenda is published has it in time.
ACCESSIBLE_FORMAT_ANSWER_DAYS = 5
# A promise longer than a month of working days would leave a reader past the meeting
# and the partners' 28-day response; the set-up form refuses it.
ACCESSIBLE_FORMAT_ANSWER_DAYS_MAX = 20


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk, which the PNG format puts first."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


class Council(models.Model):
    # Always True and unique: the table can hold one row only.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True, help_text="As letters show it, one line a line.")
    email = models.EmailField(
        "contact email", blank=True, help_text="For letters and the accessibility statement."
    )
    phone = models.CharField("contact phone", max_length=50, blank=True)
    # A small PNG, checked and re-encoded on its way in (scrutiny/documents/uploads.py);
    # kept in the row so it travels with the database, and left out of the history,
    # which would otherwise keep a copy a change.
    logo = models.BinaryField(blank=True, default=b"", editable=False)
    # The logo's size in pixels, for the page to reserve its place before it loads.
    logo_width = models.PositiveSmallIntegerField(default=0, editable=False)
    logo_height = models.PositiveSmallIntegerField(default=0, editable=False)
    footer_text = models.TextField(
        blank=True, help_text="Shown at the foot of every page, under the council's name."
    )
    # The accessibility statement's own record (meetings/accessibility_statement.py): when
    # it was first prepared and last reviewed, and how soon a request for an accessible
    # format is answered. Empty dates are said to be not yet set, never guessed.
    accessibility_statement_prepared_on = models.DateField(
        "accessibility statement first prepared on", null=True, blank=True
    )
    accessibility_statement_reviewed_on = models.DateField(
        "accessibility statement last reviewed on", null=True, blank=True
    )
    accessible_format_answer_days = models.PositiveSmallIntegerField(
        "working days to answer a request for an accessible format",
        default=ACCESSIBLE_FORMAT_ANSWER_DAYS,
        validators=[
            MinValueValidator(1, "Enter a number of working days of 1 or more"),
            MaxValueValidator(
                ACCESSIBLE_FORMAT_ANSWER_DAYS_MAX,
                f"Enter a number of working days of {ACCESSIBLE_FORMAT_ANSWER_DAYS_MAX} or fewer",
            ),
        ],
    )
    history = HistoricalRecords(excluded_fields=["logo", "logo_width", "logo_height"])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="council_singleton"),
            # A statement is reviewed after it is prepared, and only once it has been.
            models.CheckConstraint(
                condition=Q(accessibility_statement_reviewed_on__isnull=True)
                | Q(
                    accessibility_statement_prepared_on__isnull=False,
                    accessibility_statement_reviewed_on__gte=F(
                        "accessibility_statement_prepared_on"
                    ),
                ),
                name="council_statement_reviewed_after_prepared",
            ),
            models.CheckConstraint(
                condition=Q(accessible_format_answer_days__gte=1),
                name="council_accessible_format_answer_days_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:council_update")

    def clean(self):
        super().clean()
        prepared = self.accessibility_statement_prepared_on
        reviewed = self.accessibility_statement_reviewed_on
        if reviewed and not prepared:
            raise ValidationError(
                {
                    "accessibility_statement_prepared_on": "Enter the date the accessibility "
                    "statement was first prepared, as it has been reviewed"
                }
            )
        if reviewed and prepared and reviewed < prepared:
            raise ValidationError(
                {
                    "accessibility_statement_reviewed_on": "The date the statement was last "
                    "reviewed must be the same as or after the date it was first prepared"
                }
            )

    @property
    def has_logo(self) -> bool:
        return bool(self.logo)

    def set_logo(self, png: bytes) -> None:
        """Keep a cleaned PNG (scrutiny/documents/uploads.py), or none for b""."""
        self.logo = png
        self.logo_width, self.logo_height = png_size(png) if png else (0, 0)

    @classmethod
    def current(cls) -> "Council":
        """The council; created from ``SCRUTINY_COUNCIL_NAME`` only if there is none yet."""
        council = cls.objects.first()
        if council is None:
            council, _ = cls.objects.get_or_create(
                singleton=True, defaults={"name": settings.COUNCIL_NAME}
            )
        return council
