"""The forms of the set-up pages: the council, its committees and their standard items."""

import re

from django import forms
from django.core.exceptions import ValidationError

from scrutiny.documents.uploads import clean_png_upload
from scrutiny.kernel.council import ACCESSIBLE_FORMAT_ANSWER_DAYS, Council
from scrutiny.kernel.dates import is_in_the_future
from scrutiny.kernel.editing import EditForm
from scrutiny.kernel.fields import GovDateField, GovTimeField
from scrutiny.kernel.forms import GdsFormMixin

from .models import Committee, Meeting, StandardItem
from .models.committees import MINUTE_NUMBER_PLACES

# Any {place} in a minute number format, known or not.
ANY_PLACE = re.compile(r"\{([^{}]*)\}")


class CouncilForm(EditForm):
    submit_label = "Save the council's details"

    logo = forms.FileField(
        label="Logo (optional)",
        required=False,
        help_text="A PNG image, shown in the header of every page. Leave this empty to "
        "keep the current logo.",
        widget=forms.FileInput(attrs={"accept": "image/png"}),
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    accessibility_statement_prepared_on = GovDateField(
        label="Accessibility statement first prepared on (optional)",
        required=False,
        help_text="The day the council first prepared its accessibility statement. "
        "For example, 23 9 2020",
    )
    accessibility_statement_reviewed_on = GovDateField(
        label="Accessibility statement last reviewed on (optional)",
        required=False,
        help_text="The day an officer last checked that the statement is true. Review it "
        "at least once a year. For example, 23 9 2021",
    )

    class Meta:
        model = Council
        fields = [
            "name",
            "address",
            "email",
            "phone",
            "footer_text",
            "accessibility_statement_prepared_on",
            "accessibility_statement_reviewed_on",
            "accessible_format_answer_days",
        ]
        labels = {
            "name": "Name of the council",
            "accessible_format_answer_days": "Working days to answer a request for an "
            "accessible format (optional)",
        }
        help_texts = {
            "accessible_format_answer_days": "The accessibility statement promises an "
            "answer within this many working days to anyone who asks for a document in "
            f"another format. Leave it empty for {ACCESSIBLE_FORMAT_ANSWER_DAYS}: an agenda "
            f"is published {ACCESSIBLE_FORMAT_ANSWER_DAYS} clear days before its meeting, so "
            "a reader who asks then has it in time.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 4}),
            "footer_text": forms.Textarea(attrs={"rows": 3}),
            "accessible_format_answer_days": forms.NumberInput(
                attrs={"class": "govuk-input govuk-input--width-2"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, it keeps the usual answer time.
        self.fields["accessible_format_answer_days"].required = False
        if not self.instance.has_logo:
            del self.fields["remove_logo"]
        self.helper = self.build_helper()

    def _clean_statement_date(self, name: str, what: str):
        day = self.cleaned_data.get(name)
        if day and is_in_the_future(day):
            raise ValidationError(f"The date the statement was {what} must be today or before")
        return day

    def clean_accessibility_statement_prepared_on(self):
        return self._clean_statement_date("accessibility_statement_prepared_on", "first prepared")

    def clean_accessibility_statement_reviewed_on(self):
        return self._clean_statement_date("accessibility_statement_reviewed_on", "last reviewed")

    def clean_accessible_format_answer_days(self):
        days = self.cleaned_data.get("accessible_format_answer_days")
        return ACCESSIBLE_FORMAT_ANSWER_DAYS if days is None else days

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        # Checked and rewritten here, at the one door, before anything is stored.
        return clean_png_upload(upload)

    def logo_change(self) -> bytes | None:
        """The new logo, b"" to remove it, or None to leave it as it is."""
        if self.cleaned_data.get("logo"):
            return self.cleaned_data["logo"]
        if self.cleaned_data.get("remove_logo"):
            return b""
        return None


class CommitteeForm(EditForm):
    submit_label = "Save committee"
    usual_start_time = GovTimeField(label="Usual start time (optional)", required=False)
    title_from = GovDateField(
        label="The new name or wording is in force from (optional)",
        required=False,
        help_text="If the committee was renamed, or took up or gave up the crime and "
        "disorder role, give the day: meetings before it keep the old name. Leave it "
        "empty to correct the name for every meeting. For example, 1 5 2024",
    )

    class Meta:
        model = Committee
        fields = [
            "name",
            "crime_and_disorder",
            "acting_as",
            "statutory_basis",
            "terms_of_reference",
            "usual_venue",
            "partnership",
            # The meeting record's settings (meetings/meeting_life.py, the minutes).
            "quorum",
            "minute_number_format",
            "minutes_due_days",
        ]
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "partnership": "The partnership it scrutinises",
            "quorum": "Quorum (optional)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields as the officer reads them: the time beside the venue, the date last.
        before, after = self.Meta.fields[:6], self.Meta.fields[7:]
        order = [*before, "usual_start_time", "partnership", *after]
        if self.instance.pk:
            order.append("title_from")
        else:
            del self.fields["title_from"]
        self.order_fields([*order, "edit_token"])
        # Both have a default, which an empty field keeps.
        for name in ("minute_number_format", "minutes_due_days"):
            self.fields[name].required = False
            self.fields[name].initial = getattr(self.instance, name)
        self.helper = self.build_helper()

    def clean_minute_number_format(self):
        """The format must place the number, and only the places it knows; left empty,
        minutes are numbered plainly."""
        value = self.cleaned_data["minute_number_format"].strip() or "{number}"
        unknown = sorted(set(ANY_PLACE.findall(value)) - set(MINUTE_NUMBER_PLACES.findall(value)))
        if unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            raise ValidationError(
                f"The format cannot fill in {names}: use {{number}}, {{year}} or {{yy}}"
            )
        if "{number}" not in value:
            raise ValidationError(
                "The format must contain {number}, where the minute's number goes, e.g. "
                '"CHE/{yy}/{number}"'
            )
        return value

    def clean_minutes_due_days(self):
        value = self.cleaned_data["minutes_due_days"]
        return self.fields["minutes_due_days"].initial if value is None else value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("crime_and_disorder") and not cleaned.get("acting_as", "").strip():
            self.add_error(
                "acting_as",
                'Enter the statutory capacity, e.g. "Crime and Disorder Committee"',
            )
        return cleaned


class StandardItemForm(EditForm):
    submit_label = "Save standard item"

    class Meta:
        model = StandardItem
        fields = ["kind", "title", "is_exempt", "exempt_paragraph"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": "Kind of item", "is_exempt": "Not for publication (exempt information)"}


class AgendaCopyForm(GdsFormMixin, forms.Form):
    """Choose an earlier meeting of the same committee whose agenda items to copy."""

    submit_label = "Copy its items"

    source = forms.ModelChoiceField(
        label="Copy the agenda of an earlier meeting",
        queryset=Meeting.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="Its items' titles, kinds and exemption are added at the end of this "
        "agenda, without their reports, presentations or papers.",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = Meeting.objects.filter(committee_id=meeting.committee_id, date__lt=meeting.date)
        # The latest dozen: the one to copy is nearly always the last.
        latest = list(earlier.order_by("-date").values_list("pk", flat=True)[:12])
        self.fields["source"].queryset = earlier.filter(pk__in=latest).order_by("-date")
        self.fields["source"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
        self.helper = self.build_helper()

    def clean_source(self):
        source = self.cleaned_data["source"]
        if not source.agenda_items.exists():
            raise ValidationError("That meeting has no agenda items to copy")
        return source
