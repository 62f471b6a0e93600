"""What the committee decided on each item: minutes, motions, amendments and votes.

Each agenda item of a held meeting gets one minute, numbered in a run per committee and
municipal year. A minute records the discussion and the motions put; a motion may be
amended, and each motion and amendment is carried, lost or withdrawn, on a show of hands
(a vote counted) or a recorded vote (each member's vote named).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.kernel.roles import is_officer

from .agendas import MINUTES_PUBLISHED, visible_through_item
from .searching import NOT_IN_HISTORY, stored_words


class MinuteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A minute is as private as its item: exempt items' minutes are for councillors
        and officers; a draft meeting's are for officers (``visible_through_item``).
        Until the officer publishes the draft minutes, they are for officers only."""
        shown = visible_through_item(self, user, item_path="agenda_item")
        if is_officer(user):
            return shown
        return shown.filter(agenda_item__meeting__status__in=MINUTES_PUBLISHED)


class Minute(models.Model):
    """The record of one agenda item at a held meeting."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="minute"
    )
    # Kept here as well as through the item so that the database can hold the numbering
    # rule: one minute per number in each committee's municipal year.
    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="minutes"
    )
    municipal_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the municipal year starts in (May to April)."
    )
    number = models.PositiveIntegerField(
        help_text="Its place in the committee's run of minutes for the municipal year."
    )
    discussion = models.TextField(
        "summary of the discussion",
        blank=True,
        help_text="What was said, in the minutes' own words. Blank lines start paragraphs.",
    )
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)
    belongs_to = ("agenda_item",)

    objects = MinuteQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "municipal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "municipal_year", "number"],
                name="minute_unique_number",
                violation_error_message="The committee already has a minute with this "
                "number in this municipal year.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="minute_number_positive"),
        ]

    def __str__(self):
        return f"Minute {self.reference}: {self.agenda_item.title}"

    def get_absolute_url(self):
        url = reverse("meetings:minutes", kwargs={"pk": self.agenda_item.meeting_id})
        return f"{url}#minute-{self.number}"

    @property
    def reference(self) -> str:
        """The number as the committee writes it, e.g. "326" or "CHE/18/326"."""
        return self.committee.minute_reference(self.municipal_year, self.number)


class MotionOutcome(models.TextChoices):
    PENDING = "pending", "Not yet recorded"
    CARRIED = "carried", "Carried"
    LOST = "lost", "Lost"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MotionEffect(models.TextChoices):
    """What a carried motion resolved. Only recommendations to partners get letters and
    response deadlines; noting, agreeing and referring never do."""

    NOTED = "noted", "Noted"
    AGREED = "agreed", "Agreed"
    RECOMMENDATIONS = "recommendations", "Recommendations to the partnership or agencies"
    REFERRED_EXECUTIVE = "referred_executive", "Referred to the executive"
    REFERRED_COUNCIL = "referred_council", "Referred to full council"


class Motion(models.Model):
    """A motion put to the committee on an item, moved and seconded."""

    Outcome = MotionOutcome
    Effect = MotionEffect

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="motions")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(help_text="The motion as moved.")
    mover = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="motions_moved"
    )
    seconder = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions_seconded",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    effect = models.CharField(
        "what it resolved",
        max_length=20,
        choices=Effect.choices,
        blank=True,
        help_text="For a carried motion.",
    )
    resolution = models.TextField(
        "the resolution as carried",
        blank=True,
        help_text="The words the committee resolved, once amendments are in. Empty: the "
        "motion's own words.",
    )
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)
    belongs_to = ("minute",)

    class Meta:
        ordering = ["minute", "position"]
        constraints = [
            models.UniqueConstraint(fields=["minute", "position"], name="motion_unique_position"),
            models.CheckConstraint(
                condition=~Q(seconder=F("mover")), name="motion_seconder_not_mover"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=MotionOutcome.values), name="motion_outcome_valid"
            ),
            # A carried motion says what it resolved; no other motion resolved anything.
            models.CheckConstraint(
                condition=Q(outcome=MotionOutcome.CARRIED, effect__in=MotionEffect.values)
                | (~Q(outcome=MotionOutcome.CARRIED) & Q(effect="")),
                name="motion_effect_when_carried",
            ),
        ]

    def __str__(self):
        return f"Motion {self.position} on minute {self.minute.reference}"

    def get_absolute_url(self):
        return f"{self.minute.get_absolute_url()}-motion-{self.position}"

    @property
    def resolved_text(self) -> str:
        return self.resolution or self.text

    def clean(self):
        errors = {}
        if self.seconder_id and self.seconder_id == self.mover_id:
            errors["seconder"] = "The seconder must be someone other than the mover."
        if self.outcome == MotionOutcome.CARRIED and not self.effect:
            errors["effect"] = "Say what the carried motion resolved."
        if self.outcome != MotionOutcome.CARRIED and self.effect:
            errors["effect"] = "Only a carried motion resolves something: leave this empty."
        if errors:
            raise ValidationError(errors)


class AmendmentOutcome(models.TextChoices):
    PENDING = "pending", "Not yet recorded"
    CARRIED = "carried", "Carried"
    LOST = "lost", "Lost"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Amendment(models.Model):
    """An amendment to a motion, moved and seconded in its own right."""

    Outcome = AmendmentOutcome

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="amendments")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(help_text="What the amendment adds to the motion or changes in it.")
    mover = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="amendments_moved"
    )
    seconder = models.ForeignKey(
        "meetings.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments_seconded",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    search_vector = stored_words()
    history = HistoricalRecords(excluded_fields=NOT_IN_HISTORY)
    belongs_to = ("motion",)

    class Meta:
        ordering = ["motion", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "position"], name="amendment_unique_position"
            ),
            models.CheckConstraint(
                condition=~Q(seconder=F("mover")), name="amendment_seconder_not_mover"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AmendmentOutcome.values), name="amendment_outcome_valid"
            ),
        ]

    def __str__(self):
        return f"Amendment {self.position} to {self.motion}"

    def get_absolute_url(self):
        return f"{self.motion.get_absolute_url()}-amendment-{self.position}"

    def clean(self):
        if self.seconder_id and self.seconder_id == self.mover_id:
            raise ValidationError(
                {"seconder": "The seconder must be someone other than the mover."}
            )


class Vote(models.Model):
    """A vote taken on a motion or on an amendment: counted, or recorded by name.

    ``present`` is how many voting members were present when it was taken, from the
    meeting's attendance, so the counts can be read against it later.
    """

    motion = models.OneToOneField(
        Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="vote"
    )
    amendment = models.OneToOneField(
        Amendment, on_delete=models.CASCADE, null=True, blank=True, related_name="vote"
    )
    votes_for = models.PositiveSmallIntegerField("for", default=0)
    votes_against = models.PositiveSmallIntegerField("against", default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    present = models.PositiveSmallIntegerField(
        "voting members present", help_text="From the meeting's attendance."
    )
    recorded = models.BooleanField(
        "a recorded vote", default=False, help_text="Each member's vote is named."
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(motion__isnull=False, amendment__isnull=True)
                | Q(motion__isnull=True, amendment__isnull=False),
                name="vote_on_motion_or_amendment",
            ),
            models.CheckConstraint(
                condition=Q(votes_for__gte=0, votes_against__gte=0, abstentions__gte=0),
                name="vote_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(present__gte=F("votes_for") + F("votes_against") + F("abstentions")),
                name="vote_counts_within_present",
            ),
        ]

    def __str__(self):
        return f"{self.votes_for} for, {self.votes_against} against, {self.abstentions} abstaining"

    def get_absolute_url(self):
        return self.on.get_absolute_url()

    @property
    def on(self):
        return self.motion if self.motion_id else self.amendment

    def clean(self):
        if self.votes_for + self.votes_against + self.abstentions > self.present:
            raise ValidationError(
                f"{self.votes_for + self.votes_against + self.abstentions} votes were "
                f"counted, but only {self.present} voting members were present."
            )


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstained"


class RecordedVote(models.Model):
    """One member's vote in a recorded vote."""

    Choice = VoteChoice

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="named")
    person = models.ForeignKey(
        "meetings.Person", on_delete=models.PROTECT, related_name="recorded_votes"
    )
    choice = models.CharField(max_length=10, choices=Choice.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["vote", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="recorded_vote_once"),
            models.CheckConstraint(
                condition=Q(choice__in=VoteChoice.values), name="recorded_vote_choice_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person.name}: {self.get_choice_display()}"

    def get_absolute_url(self):
        return self.vote.get_absolute_url()
