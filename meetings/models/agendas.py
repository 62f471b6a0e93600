import datetime
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.models import LiveManager, LiveQuerySet, SoftDeletable
from scrutiny.kernel.roles import is_officer, may_see_exempt

from .attendance import VOTING_ROLES, AttendanceStatus
from .searching import NOT_IN_HISTORY, stored_words
from .supplements import held, supplement_link

# Schedule 12A to the Local Government Act 1972 has seven paragraphs of exempt information.
SCHEDULE_12A_PARAGRAPHS = range(1, 8)


class MeetingQuerySet(LiveQuerySet):
    def public(self):
        return self.exclude(status=Meeting.Status.DRAFT)

    def visible_to(self, user):
        """Drafts are for officers only; everyone may see a published meeting."""
        return self if is_officer(user) else self.public()

    def upcoming(self, today: datetime.date):
        return self.filter(date__gte=today).order_by("date", "start_time")

    def past(self, today: datetime.date):
        return self.filter(date__lt=today).order_by("-date", "-start_time")

    def in_days(self, first: datetime.date, end: datetime.date):
        """Meetings from ``first`` up to ``end`` (excluded): a month, a municipal year."""
        return self.filter(date__gte=first, date__lt=end)

    def for_listing(self):
        """In date order, with what a list of meetings names: each meeting's committee
        under its title on the day (the dated titles) and the dates it was moved from,
        fetched in one go rather than once a meeting."""
        return (
            self.select_related("committee")
            .prefetch_related("committee__titles", "postponements")
            .order_by("date", "start_time", "committee__name")
        )

    def not_cancelled(self):
        """Meetings that count: a cancelled one counts for neither the annual-meeting
        check nor the clear-days check."""
        return self.exclude(status=MeetingStatus.CANCELLED)


class MeetingStatus(models.TextChoices):
    """A meeting's life: draft → agenda published → held → draft minutes published →
    minutes approved (at a later meeting); or cancelled (meetings/meeting_life.py)."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Agenda published"
    HELD = "held", "Held"
    MINUTES_DRAFT = "minutes_draft", "Draft minutes published"
    MINUTES_AGREED = "minutes_agreed", "Minutes approved"
    CANCELLED = "cancelled", "Cancelled"


# The statuses in which a meeting's minutes are open to the public (unless exempt).
MINUTES_PUBLISHED = (MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_AGREED)
# The statuses of a meeting that took place.
TOOK_PLACE = (MeetingStatus.HELD, *MINUTES_PUBLISHED)


class Meeting(SoftDeletable):
    Status = MeetingStatus

    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text="Leave blank if not known.")
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    urgent_reason = models.TextField(
        "reason for late publication",
        blank=True,
        help_text="Why the agenda was published with fewer clear days than the law asks "
        "(urgent business, Local Government Act 1972 s.100B). The agenda shows it.",
    )
    agenda_published_on = models.DateField(
        "when the agenda was published",
        null=True,
        blank=True,
        help_text="For a meeting entered after it was held: the day its agenda was "
        "actually published, which the clear-days check judges. Empty: the day it was "
        "published here.",
    )
    crime_and_disorder = models.BooleanField(
        "acting in its crime and disorder role",
        null=True,
        blank=True,
        help_text="For the whole meeting. Empty: as the committee usually does.",
        choices=[(None, "As the committee usually does"), (True, "Yes"), (False, "No")],
    )
    cancelled_on = models.DateField(null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(blank=True, editable=False)
    presiding = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_presided",
        help_text="Who chaired the meeting: the chair, or whoever presided in their place.",
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_not_stated = models.BooleanField(
        default=False,
        editable=False,
        help_text="The meeting was held but what it resolved is not known to this site "
        "(a meeting entered from its agenda alone): no minutes are invented.",
    )
    # Approval, at a later meeting (Local Government Act 1972 Sch. 12 para 41).
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="minutes_approved",
        help_text="The meeting at which these minutes were approved.",
    )
    minutes_signed_by = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="minutes_signed",
    )
    minutes_corrections = models.TextField(
        blank=True,
        editable=False,
        help_text="Corrections the approving meeting made: the minutes were approved "
        "subject to them.",
    )
    # The committee's name, the venue and any urgent reason (migration 0009).
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    objects = LiveManager.from_queryset(MeetingQuerySet)()
    all_objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-start_time"]
        get_latest_by = "date"
        # Lists across committees go by date (the tracker, the home page): with it the
        # newest fifty of twenty years are read first, not sorted out of all of them.
        indexes = [models.Index(fields=["date"], name="meeting_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
            # Meetings in the bin do not hold their slot.
            models.UniqueConstraint(
                fields=["committee", "date", "start_time"],
                condition=Q(deleted_at__isnull=True),
                name="meeting_unique_slot",
            ),
            # NULLs are distinct in a unique index, so an untimed meeting needs its own.
            models.UniqueConstraint(
                fields=["committee", "date"],
                condition=Q(start_time__isnull=True, deleted_at__isnull=True),
                name="meeting_unique_untimed",
            ),
        ]

    def __str__(self):
        return f"{self.committee} — {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"pk": self.pk})

    def slot_taken(self) -> bool:
        """Whether another live meeting of the committee has this date and time."""
        return (
            Meeting.objects.filter(
                committee_id=self.committee_id, date=self.date, start_time=self.start_time
            )
            .exclude(pk=self.pk)
            .exists()
        )

    def clean(self):
        # The database refuses a second meeting in the same slot too; this says so kindly.
        if self.committee_id and self.date and self.slot_taken():
            raise ValidationError(
                "This committee already has a meeting at that date and time. "
                "Change the date or time, or edit the meeting that is there."
            )

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def took_place(self) -> bool:
        return self.status in TOOK_PLACE

    @property
    def minutes_public(self) -> bool:
        return self.status in MINUTES_PUBLISHED

    def voting_members_present(self) -> int:
        """How many members who may vote were present: members and substitutes, from
        the attendance (a vote stores this when it is taken)."""
        return self.attendance.filter(
            role__in=VOTING_ROLES, status=AttendanceStatus.PRESENT
        ).count()

    @property
    def minutes_approved_on(self) -> datetime.date | None:
        approving = self.minutes_approved_at
        return approving.date if approving else None

    @property
    def publication_date(self) -> datetime.date | None:
        """The day the agenda was open to inspection from: the one the officer stated for
        a meeting entered afterwards, else the day it was published here."""
        if self.agenda_published_on:
            return self.agenda_published_on
        return self.published_at.date() if self.published_at else None

    @cached_property
    def committee_title(self):
        """The committee's name and capacity in force on the meeting's date."""
        return self.committee.title_on(self.date)

    @property
    def acts_for_crime_and_disorder(self) -> bool:
        """Whether the whole meeting is in the crime and disorder role."""
        if self.crime_and_disorder is not None:
            return self.crime_and_disorder
        return self.committee_title.crime_and_disorder

    @property
    def wording(self) -> str:
        """ "acting as the Crime and Disorder Committee" where the whole meeting is."""
        title = self.committee_title
        if not self.acts_for_crime_and_disorder or not title.acting_as:
            return ""
        return f"acting as the {title.acting_as}"

    @property
    def full_title(self) -> str:
        return ", ".join(filter(None, [self.committee_title.name, self.wording]))


def _hidden_meeting_condition(user) -> Q:
    hidden = Q(deleted_at__isnull=False)
    if not is_officer(user):
        hidden |= Q(status=MeetingStatus.DRAFT)
    return hidden


def _hidden_item_condition(user) -> Q:
    hidden = Q(deleted_at__isnull=False)
    if not may_see_exempt(user):
        hidden |= Q(is_exempt=True)
    if not is_officer(user):
        # Added after the agenda was published: officers prepare it until its supplement
        # is published (models/supplements.py).
        hidden |= held()
    return hidden


def visible_through_item(queryset, user, item_path: str, meeting_path: str | None = None):
    """Filter records that hang off an agenda item by whether the user may see that item.

    ``item_path`` is the lookup from the record to its agenda item, e.g. "agenda_item",
    or "" for agenda items themselves. Records that belong to a meeting directly and to an
    item only optionally (a question, a recommendation) pass ``meeting_path`` as well.

    Each record is kept unless its item or meeting is among the few hidden from the
    reader (binned, draft, exempt). Asked as "no such hidden one exists", the database
    sets the records against that short list, which has an index of its own (migration
    0008), instead of reading every item of twenty years to test each one.
    """
    prefix = f"{item_path}__" if item_path else ""
    meeting_path = meeting_path or f"{prefix}meeting"
    # Whatever hangs off a binned item or meeting is gone for everyone, officers included.
    hidden_meeting = Meeting.all_objects.filter(
        _hidden_meeting_condition(user), pk=OuterRef(meeting_path)
    )
    if not item_path:
        return queryset.exclude(_hidden_item_condition(user)).filter(~Exists(hidden_meeting))
    hidden_item = AgendaItem.all_objects.filter(
        _hidden_item_condition(user), pk=OuterRef(item_path)
    )
    return queryset.filter(~Exists(hidden_item), ~Exists(hidden_meeting))


class AgendaItemQuerySet(LiveQuerySet):
    def public(self):
        return self.filter(is_exempt=False).exclude(held())

    def visible_to(self, user):
        """Exempt items never reach the public; drafts are for officers only."""
        return visible_through_item(self, user, item_path="")


class AgendaItemKind(models.TextChoices):
    APOLOGIES = "apologies", "Apologies for absence"
    SUBSTITUTES = "substitutes", "Notification of substitute members"
    URGENT_ITEMS = "urgent_items", "Urgent items"
    DISCLOSURES = "disclosures", "Disclosures of interest"
    EXEMPT_ITEMS = "exempt_items", "Exempt items"
    MINUTES = "minutes", "Minutes"
    REPORT = "report", "Report"
    PRESENTATION = "presentation", "Presentation"
    OTHER = "other", "Other business"


class AgendaItem(SoftDeletable):
    Kind = AgendaItemKind

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(help_text="The item's number on the agenda.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    is_exempt = models.BooleanField(
        "exempt from publication",
        default=False,
        help_text="Exempt items are hidden from the public.",
    )
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph",
        null=True,
        blank=True,
        choices=[(n, f"Paragraph {n}") for n in SCHEDULE_12A_PARAGRAPHS],
        help_text="Required for an exempt item: the paragraph of Schedule 12A that applies.",
    )
    minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_items",
        help_text="For a minutes item: the earlier meeting whose minutes it approves.",
    )
    supplement = supplement_link(
        "items",
        "Added after the agenda was published: the supplement that publishes it.",
    )
    crime_and_disorder = models.BooleanField(
        "the committee acts in its crime and disorder role for this item",
        default=False,
        help_text="For a committee that acts as the crime and disorder committee for one "
        "item only; the agenda shows its wording on the item.",
    )
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)

    objects = LiveManager.from_queryset(AgendaItemQuerySet)()
    all_objects = AgendaItemQuerySet.as_manager()
    # What it cannot outlive: nothing of a deleted meeting is edited (scrutiny.kernel.models).
    belongs_to = ("meeting",)

    class Meta:
        ordering = ["meeting", "number"]
        indexes = [
            # The few items some readers may not see, for ``visible_through_item``.
            models.Index(
                fields=["id"],
                condition=Q(deleted_at__isnull=False) | Q(is_exempt=True),
                name="agenda_item_hidden",
            )
        ]
        constraints = [
            # An item in the bin gives up its number to the items that follow it.
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=Q(deleted_at__isnull=True),
                name="agenda_item_unique_number",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agenda_item_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=AgendaItemKind.values), name="agenda_item_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(is_exempt=False, exempt_paragraph__isnull=True)
                | Q(
                    is_exempt=True,
                    exempt_paragraph__isnull=False,
                    exempt_paragraph__gte=SCHEDULE_12A_PARAGRAPHS.start,
                    exempt_paragraph__lte=SCHEDULE_12A_PARAGRAPHS.stop - 1,
                ),
                name="agenda_item_exempt_names_paragraph",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def current_report(self):
        """The item's report unless it is in the bin (a one-to-one ignores managers)."""
        report = getattr(self, "report", None)
        return None if report is None or report.is_deleted else report

    @property
    def current_presentation(self):
        """The item's presentation unless it is in the bin, as ``current_report``."""
        presentation = getattr(self, "presentation", None)
        return None if presentation is None or presentation.is_deleted else presentation

    def get_absolute_url(self):
        return f"{self.meeting.get_absolute_url()}#item-{self.number}"

    def clean(self):
        if self.is_exempt and self.exempt_paragraph not in SCHEDULE_12A_PARAGRAPHS:
            raise ValidationError(
                {
                    "exempt_paragraph": (
                        "An exempt item must name its Schedule 12A paragraph (1 to 7)."
                    )
                }
            )
        if not self.is_exempt and self.exempt_paragraph is not None:
            raise ValidationError(
                {"exempt_paragraph": "Only an exempt item takes a Schedule 12A paragraph."}
            )
        # The unique constraint ignores items in the bin, so forms cannot check it for us.
        taken = AgendaItem.objects.filter(meeting_id=self.meeting_id, number=self.number)
        if self.meeting_id and self.number and taken.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"number": f"Item {self.number} is already on this meeting's agenda."}
            )
