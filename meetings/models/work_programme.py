import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.roles import may_see_exempt

from .agendas import AgendaItemKind, MeetingStatus


class WorkProgrammeStatus(models.TextChoices):
    # Whether a planned item is on an agenda is read from the agenda item it became.
    PLANNED = "planned", "Planned"
    DROPPED = "dropped", "Dropped"


# What a planned item can become on the agenda: the standard items are not planned.
PLANNED_KINDS = [
    AgendaItemKind.REPORT,
    AgendaItemKind.PRESENTATION,
    AgendaItemKind.OTHER,
]


class WorkProgrammeItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Everyone may read the work programme, except what became an exempt item (in the
        bin or not: a binned item can be restored, and stays exempt)."""
        return self if may_see_exempt(user) else self.exclude(agenda_item__is_exempt=True)


class WorkProgrammeItem(models.Model):
    """A piece of business the committee plans to take at a coming meeting.

    Once an officer adds it to that meeting's agenda, it points at the agenda item it
    became. An item the committee no longer plans is dropped with a reason, not deleted,
    so the programme keeps a record of what was planned and why it changed.
    """

    Status = WorkProgrammeStatus

    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="work_programme"
    )
    title = models.CharField(max_length=300)
    purpose = models.TextField(
        blank=True, help_text="What the committee wants to find out or achieve."
    )
    kind = models.CharField(
        "kind of item",
        max_length=20,
        choices=[(kind.value, kind.label) for kind in PLANNED_KINDS],
        default=AgendaItemKind.REPORT,
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_items",
        help_text="Leave empty while the meeting is not yet chosen.",
    )
    lead_officer = models.ForeignKey(
        "meetings.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_items",
        limit_choices_to={"kind": "officer"},
    )
    priorities = models.ManyToManyField(
        "partnership.Priority", blank=True, related_name="planned_items"
    )
    agencies = models.ManyToManyField(
        "partnership.Agency", blank=True, related_name="planned_items"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    dropped_reason = models.TextField("reason for dropping it", blank=True)
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="planned_item",
    )
    # Changes to who or what a record links to are history too.
    history = HistoricalRecords(m2m_fields=[priorities, agencies])

    objects = WorkProgrammeItemQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "meeting__date", "title"]
        verbose_name = "work programme item"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WorkProgrammeStatus.values),
                name="work_programme_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in PLANNED_KINDS]),
                name="work_programme_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=WorkProgrammeStatus.DROPPED) | ~Q(dropped_reason=""),
                name="work_programme_dropped_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        url = reverse("meetings:work_programme", kwargs={"slug": self.committee.slug})
        return f"{url}#planned-{self.pk}"

    @property
    def live_agenda_item(self):
        """The agenda item it became, unless that item or its meeting is in the bin."""
        item = self.agenda_item
        if item is None or item.is_deleted or item.meeting.is_deleted:
            return None
        return item

    def agenda_refusal(self, day: datetime.date) -> str | None:
        """Why the item cannot go on its meeting's agenda on ``day``, or None if it can."""
        current = self.live_agenda_item
        if current is not None:
            return f"“{self.title}” is already on the agenda, as item {current.number}."
        became = self.agenda_item
        if became is not None and became.is_deleted and not became.meeting.is_deleted:
            # Adding it again would make a second agenda item once the first is restored.
            return (
                f"“{self.title}” became item {became.number} of the meeting of "
                f"{became.meeting.date:%-d %B %Y}, which is in the deleted items: restore "
                "it from there."
            )
        if self.status == self.Status.DROPPED:
            return (
                f"“{self.title}” was dropped from the work programme. Plan it again "
                "before adding it to an agenda."
            )
        meeting = self.meeting
        if meeting is None or meeting.is_deleted:
            return f"Choose the meeting “{self.title}” is planned for first."
        if meeting.date < day or meeting.status in {
            MeetingStatus.HELD,
            MeetingStatus.MINUTES_AGREED,
        }:
            return (
                f"The meeting of {meeting.date:%-d %B %Y} has already taken place: plan "
                f"“{self.title}” for a meeting still to come."
            )
        return None

    def clean(self):
        meeting = self.meeting
        if meeting is not None and self.committee_id and meeting.committee_id != self.committee_id:
            raise ValidationError({"meeting": "Choose a meeting of this committee."})
        if self.status == self.Status.DROPPED:
            if not self.dropped_reason.strip():
                raise ValidationError({"dropped_reason": "Say why the item is being dropped."})
            if self.live_agenda_item is not None:
                raise ValidationError(
                    {
                        "status": "The item is on the agenda: delete the agenda item first if "
                        "the committee will not take it."
                    }
                )
