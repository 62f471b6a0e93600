"""Officers' forms for writing the minutes (meetings/views/minutes_editing.py).

Movers, seconders and named voters are offered from the meeting's voting members present;
the services (meetings/minutes_record.py) refuse anyone else, and anyone with a pecuniary
interest in the item, with a message the form shows.
"""

from django import forms
from django.core.exceptions import ValidationError

from partnership.models import Partnership
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.updates import edit_token

from .authoring_forms import _lines
from .forms import scoped_agencies
from .minutes_record import voting_members_present
from .models import Amendment, Meeting, Motion, Recommendation, RecordedVote

TEXT_LIMIT = 20_000


class MinutesForm(GdsFormMixin, forms.Form):
    """A form about a record of the minutes: carries the version it was opened on."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record is not None and record.pk:
            self.fields["edit_token"].initial = edit_token(record)

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "edit_token"}


class MinuteForm(MinutesForm):
    submit_label = "Save the minute"
    discussion = forms.CharField(
        label="Summary of the discussion",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was said, in the minutes' own words. Blank lines start paragraphs.",
    )


class _MovedForm(MinutesForm):
    """Words moved (each form says what they are), with a mover and a seconder from the
    voting members present."""

    field_order = ["text", "mover", "seconder"]
    mover = forms.ModelChoiceField(queryset=None, label="Moved by")
    seconder = forms.ModelChoiceField(
        queryset=None, required=False, label="Seconded by", empty_label="Not seconded"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def _people(self):
        for name in ("mover", "seconder"):
            self.fields[name].queryset = voting_members_present(self.meeting)
            self.fields[name].widget.choices = self.fields[name].choices
        self.fields[
            "mover"
        ].help_text = "The voting members present on the attendance: record the attendance first."

    def clean(self):
        data = super().clean()
        if data.get("mover") and data.get("mover") == data.get("seconder"):
            self.add_error("seconder", "The seconder must be someone other than the mover")
        return data


class MotionForm(_MovedForm):
    submit_label = "Save the motion"
    text = forms.CharField(
        label="The motion as moved",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._people()


class AmendmentForm(_MovedForm):
    submit_label = "Save the amendment"
    text = forms.CharField(
        label="What the amendment adds or changes",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome = forms.ChoiceField(
        choices=Amendment.Outcome.choices,
        initial=Amendment.Outcome.PENDING,
        widget=forms.RadioSelect,
        label="Outcome",
    )
    recommendations = forms.CharField(
        label="Recommendations it adds, one a line (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For a carried amendment: each line becomes a recommendation the motion "
        "adopts when it is carried.",
    )
    addressee_partnership = forms.ModelChoiceField(
        queryset=None, required=False, label="Added recommendations to the partnership"
    )
    addressee_agencies = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Added recommendations to agencies",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._people()
        self.fields["addressee_partnership"].queryset = Partnership.objects.filter(
            pk=self.meeting.committee.partnership_id
        )
        self.fields["addressee_agencies"].queryset = scoped_agencies(self.meeting)
        for name in ("addressee_partnership", "addressee_agencies"):
            self.fields[name].widget.choices = self.fields[name].choices

    def clean_recommendations(self):
        return _lines(self.cleaned_data["recommendations"])

    def clean(self):
        data = super().clean()
        if data.get("recommendations") and data.get("outcome") != Amendment.Outcome.CARRIED:
            self.add_error("recommendations", "Only a carried amendment adds recommendations")
        return data


class VoteForm(GdsFormMixin, forms.Form):
    """A show of hands counted, or a recorded vote naming each member's vote."""

    submit_label = "Save the vote"
    votes_for = forms.IntegerField(label="For", min_value=0, max_value=999, initial=0)
    votes_against = forms.IntegerField(label="Against", min_value=0, max_value=999, initial=0)
    abstentions = forms.IntegerField(label="Abstained", min_value=0, max_value=999, initial=0)
    recorded = forms.BooleanField(
        label="A recorded vote: name each member's vote below",
        required=False,
        help_text="The counts are then worked out from the names.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(voting_members_present(meeting))
        for person in self.members:
            self.fields[f"member_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                required=False,
                choices=[("", "Did not vote"), *RecordedVote.Choice.choices],
                widget=forms.RadioSelect,
            )
        self.helper = self.build_helper()

    def clean(self):
        data = super().clean()
        named = any(data.get(f"member_{person.pk}") for person in self.members)
        if data.get("recorded") and not named:
            raise ValidationError("Name at least one member's vote for a recorded vote")
        return data

    def named(self) -> dict | None:
        if not self.cleaned_data.get("recorded"):
            return None
        return {
            person: self.cleaned_data[f"member_{person.pk}"]
            for person in self.members
            if self.cleaned_data.get(f"member_{person.pk}")
        }


class DecideForm(GdsFormMixin, forms.Form):
    submit_label = "Save the outcome"
    outcome = forms.ChoiceField(
        choices=[c for c in Motion.Outcome.choices if c[0] != Motion.Outcome.PENDING],
        widget=forms.RadioSelect,
        label="Outcome",
    )
    effect = forms.ChoiceField(
        choices=Motion.Effect.choices,
        widget=forms.RadioSelect,
        required=False,
        label="What the carried motion resolved",
        help_text="Only recommendations to the partnership or agencies get letters and "
        "response deadlines.",
    )
    resolution = forms.CharField(
        label="The resolution as carried (optional)",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave empty if the motion's own words stand.",
    )
    adopt = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The item's proposed recommendations the motion adopted",
        help_text="Those not ticked are closed as not agreed by the committee. "
        "Recommendations added by carried amendments are adopted as well.",
    )

    def __init__(self, *args, motion: Motion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopt"].queryset = Recommendation.objects.filter(
            agenda_item=motion.minute.agenda_item,
            status=Recommendation.Status.PROPOSED,
            amendment__isnull=True,
        ).order_by("position")
        self.fields["adopt"].widget.choices = self.fields["adopt"].choices

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Motion.Outcome.CARRIED and not data.get("effect"):
            self.add_error("effect", "Select what the carried motion resolved")
        return data
