"""Officers' forms for building a meeting pack."""

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Max, Min, Q

from partnership.models import Agency, Priority
from scrutiny.documents.uploads import checked_fields, clean_pdf_upload
from scrutiny.kernel.editing import EditForm
from scrutiny.kernel.fields import GovDateField, GovTimeField
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.municipal_year import municipal_year_label, municipal_year_start

from .models import (
    AgendaItem,
    Appendix,
    Committee,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Person,
    Presentation,
    Recommendation,
    RecommendationResponse,
    Report,
    ReportParagraph,
    ReportSection,
    Slides,
    StandardQuestion,
    WorkProgrammeItem,
)
from .scoping import day_of, partnership_of

MARKUP_HINT = (
    'Plain text. Start a line with "- " for a bulleted list; *asterisks* for emphasis, '
    "**two** for bold."
)


class MeetingForm(EditForm):
    submit_label = "Save meeting"
    date = GovDateField(label="Date of the meeting", help_text="For example, 25 9 2018")
    start_time = GovTimeField(label="Start time", required=False)

    class Meta:
        model = Meeting
        fields = ["committee", "date", "start_time", "venue", "crime_and_disorder"]
        help_texts = {"venue": "For example, Council Chamber, Town Hall"}
        labels = {
            "crime_and_disorder": "Is the committee acting in its crime and disorder role "
            "for the whole meeting?"
        }


class AgendaItemForm(EditForm):
    submit_label = "Save item"

    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            "title",
            "description",
            "is_exempt",
            "exempt_paragraph",
            "crime_and_disorder",
        ]
        widgets = {"kind": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "kind": "Kind of item",
            "is_exempt": "Not for publication (exempt information)",
            "crime_and_disorder": "For this item only, the committee acts in its crime and "
            "disorder role",
        }
        help_texts = {"description": MARKUP_HINT}


class ReportForm(EditForm):
    submit_label = "Save report"

    class Meta:
        model = Report
        fields = ["title", "author", "introduced_by", "summary", "appendix_lettering"]
        labels = {"author": "Report of (officer)", "introduced_by": "Introduced by (optional)"}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "appendix_lettering": forms.RadioSelect,
        }
        help_texts = {
            "summary": MARKUP_HINT,
            "appendix_lettering": "As your council labels a report's appendices.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = scoped_officers(self.instance)
        # Left out (by a form or client that predates the choice), it stays as it was.
        self.fields["appendix_lettering"].required = False

    def clean_appendix_lettering(self):
        return self.cleaned_data["appendix_lettering"] or self.instance.appendix_lettering


class ReportSectionForm(EditForm):
    submit_label = "Save section"

    class Meta:
        model = ReportSection
        fields = ["title"]
        labels = {"title": "Section heading"}


class ReportParagraphForm(EditForm):
    submit_label = "Save paragraph"

    class Meta:
        model = ReportParagraph
        fields = ["text"]
        labels = {"text": "Paragraph"}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"text": MARKUP_HINT}


class AppendixFileMixin:
    """The file of an appendix, as every form that takes one checks it (this one, the
    admin's): through scrutiny.documents.uploads, keeping the cleaned copy, never the upload."""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is False:  # cleared (the admin's checkbox)
            self._keep_checked(checked_fields())
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged: the file already stored was checked on its way in
        cleaned = clean_pdf_upload(upload)
        self._keep_checked(checked_fields(cleaned))
        # The field stores whatever it is given; the name is made by appendix_file_name.
        return ContentFile(cleaned.content, name="appendix.pdf")

    def _keep_checked(self, checked: dict) -> None:
        # On the instance for the admin, which saves it; among the values for the
        # officers' form, which hands them to the service.
        for name, value in checked.items():
            setattr(self.instance, name, value)
        self.cleaned_data.update(checked)


class AppendixForm(AppendixFileMixin, EditForm):
    """Add an appendix, or change one's title and replace its file."""

    submit_label = "Upload appendix"

    class Meta:
        model = Appendix
        fields = ["title", "file"]
        labels = {"file": "PDF file"}
        # No "clear" box: an appendix without its file is removed from the report page.
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = settings.SCRUTINY_UPLOAD_MAX_BYTES // (1024 * 1024)
        pages = settings.SCRUTINY_UPLOAD_MAX_PAGES
        hint = f"A PDF of up to {size} MB and {pages:,} pages."
        if self.instance.pk:
            self.submit_label = "Save appendix"
            self.fields["file"].label = "Replace the PDF file (optional)"
            hint += " Leave this empty to keep the current file."
        else:
            self.fields["file"].required = True
        self.fields["file"].help_text = hint
        self.fields["file"].error_messages["required"] = "Select a PDF file"
        self.helper = self.build_helper()  # again, with this form's own button


class PresentationForm(EditForm):
    submit_label = "Save presentation"

    class Meta:
        model = Presentation
        fields = ["topic", "summary", "priorities"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "priorities": forms.CheckboxSelectMultiple,
        }
        labels = {"priorities": "Priorities it covers"}
        help_texts = {"summary": MARKUP_HINT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = scoped_priorities(self.instance)


def scoped_priorities(record):
    """The priorities a form about ``record`` offers: its partnership's, the meeting's
    plan year first (meetings/scoping.py)."""
    return (
        Priority.objects.of_partnership(partnership_of(record))
        .year_first(day_of(record))
        .select_related("refresh")
    )


def scoped_agencies(record, partnership=None):
    """The agencies a form about ``record`` offers: its partnership's."""
    return Agency.objects.of_partnership(partnership or partnership_of(record)).order_by("name")


def scoped_officers(record):
    """The officers a form about ``record`` offers: the council's own (of no agency) and
    those of its partnership's agencies."""
    officers = Person.objects.filter(kind=Person.Kind.OFFICER).order_by("name")
    partnership = partnership_of(record)
    if partnership is None:
        return officers
    return officers.filter(
        Q(agency__isnull=True) | Q(agency__in=Agency.objects.of_partnership(partnership))
    )


class LineOfEnquiryForm(EditForm):
    submit_label = "Save question"

    class Meta:
        model = LineOfEnquiry
        fields = ["question", "presentation", "priority"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}
        labels = {"presentation": "Aimed at a presentation", "priority": "Aimed at a priority"}
        help_texts = {
            "presentation": "Leave blank for a question to every partner.",
            "priority": "Leave blank unless the question is about one priority.",
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presentation"].queryset = Presentation.objects.filter(
            agenda_item__meeting=meeting
        )
        self.fields["priority"].queryset = scoped_priorities(meeting)


class RecommendationForm(EditForm):
    submit_label = "Save recommendation"

    class Meta:
        model = Recommendation
        fields = [
            "text",
            "agenda_item",
            "addressee_partnership",
            "addressee_agencies",
            "priorities",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "addressee_agencies": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
        }
        labels = {
            "text": "Recommendation",
            "agenda_item": "Agenda item",
            "addressee_partnership": "To the partnership",
            "addressee_agencies": "To agencies",
            "priorities": "Priorities it concerns",
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # The item it was made on stays selectable even if that item is now in the bin.
        self.fields["agenda_item"].queryset = AgendaItem.all_objects.filter(
            Q(meeting=meeting, deleted_at__isnull=True) | Q(pk=self.instance.agenda_item_id)
        )
        self.fields["addressee_agencies"].queryset = scoped_agencies(meeting)
        self.fields["priorities"].queryset = scoped_priorities(meeting)
        self.issued_letters = self.instance.issued_letters() if self.instance.pk else []
        if self.issued_letters:
            self._ask_about_issued_letters()

    def _ask_about_issued_letters(self):
        """Once its letters have gone out, an edit changes the recommendation, never what
        the partners received: the officer confirms that, and may send a correction."""
        sent = "; ".join(
            f"{letter.reference} to {letter.addressee.name} ({letter.issued_on:%-d %B %Y})"
            for letter in self.issued_letters
        )
        self.fields["letters_stay"] = forms.BooleanField(
            label="I understand that the letters already issued will not change",
            help_text=f"This recommendation has been sent in letters {sent}. They stay "
            "as they were sent, whatever is changed here.",
            error_messages={
                "required": "Confirm that you understand the letters already issued will not change"
            },
        )
        self.fields["correction"] = forms.BooleanField(
            required=False,
            label="Issue a dated correction letter",
            help_text="A new letter, dated today, to each agency above, referring to its "
            "letter and setting out the recommendation as it reads once saved. It is kept "
            "as a record too.",
        )
        self.helper = self.build_helper()


class StandardQuestionForm(EditForm):
    submit_label = "Save question"

    class Meta:
        model = StandardQuestion
        fields = ["question", "position", "is_active"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}
        labels = {"position": "Order in the list"}


class StepForm(GdsFormMixin, forms.Form):
    """One step of a recommendation's life, as an officer records it (meetings/lifecycle.py)."""

    taken_on = GovDateField(label="Date", help_text="For example, 25 9 2018")

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        self.recommendation = recommendation
        super().__init__(*args, **kwargs)


class AgreedStepForm(StepForm):
    submit_label = "Record the agreement"
    taken_on = GovDateField(label="Date the committee agreed it", help_text="Usually its meeting")


class ResponseStepForm(StepForm):
    submit_label = "Record the response"
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Partner responding")
    outcome = forms.ChoiceField(
        choices=RecommendationResponse.Outcome.choices, widget=forms.RadioSelect, label="Answer"
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="The response in the partner's own words",
    )
    taken_on = GovDateField(label="Date received", help_text="For example, 20 10 2018")

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, recommendation=recommendation, **kwargs)
        # Those it is addressed to answer it; one addressed to the partnership, any partner.
        addressees = recommendation.addressee_agencies.all()
        self.fields["agency"].queryset = (
            addressees if addressees else scoped_agencies(recommendation.meeting)
        )


class UpdateStepForm(StepForm):
    submit_label = "Record the update"
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What has been done",
        help_text="Published on the recommendations page.",
    )
    taken_on = GovDateField(label="Date of the update", help_text="For example, 10 1 2019")


class ImplementedStepForm(StepForm):
    submit_label = "Mark as implemented"
    taken_on = GovDateField(label="Date implemented", help_text="For example, 31 3 2019")
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="How (optional)",
        required=False,
        help_text="Published on the recommendations page.",
    )


class ClosedStepForm(StepForm):
    submit_label = "Close the recommendation"
    taken_on = GovDateField(label="Date closed", help_text="For example, 31 3 2019")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Why it is closed")


class TrackerFilterForm(GdsFormMixin, forms.Form):
    """The tracker's filters, sent in the address (GET) so a filtered view can be shared."""

    submit_label = "Show recommendations"

    committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(), required=False, empty_label="Any committee"
    )
    year = forms.TypedChoiceField(
        label="Municipal year", coerce=int, required=False, empty_value=None
    )
    # Chosen by following a meeting's link, not from a list: twenty years of meetings
    # would make a list too long to read, or to render.
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(), required=False, widget=forms.HiddenInput
    )
    addressee = forms.ModelChoiceField(
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="Any partner",
        label="Addressed to",
    )
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.select_related("refresh"),
        required=False,
        empty_label="Any priority",
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *Recommendation.Status.choices], required=False
    )
    overdue = forms.BooleanField(required=False, label="Only those with a response overdue")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        meetings = Meeting.objects.visible_to(user)
        self.fields["meeting"].queryset = meetings.select_related("committee")
        span = meetings.aggregate(first=Min("date"), last=Max("date"))
        years = (
            range(municipal_year_start(span["last"]), municipal_year_start(span["first"]) - 1, -1)
            if span["first"]
            else []
        )
        self.fields["year"].choices = [
            ("", "Any year"),
            *((year, municipal_year_label(year)) for year in years),
        ]


class PublishForm(GdsFormMixin, forms.Form):
    """Publishing a meeting; a late agenda needs the reason its business is urgent."""

    submit_label = "Publish meeting"

    urgent_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why is the business urgent?",
        help_text="The agenda will show this. The chair's reasons for taking an item as "
        "urgent go in the minutes too (Local Government Act 1972 s.100B(4)).",
    )

    agenda_published_on = GovDateField(
        label="When was the agenda published?",
        required=False,
        help_text="The meeting has been held: give the day its agenda was published, "
        "which the clear-days check will judge. Leave it blank if you do not know. "
        "For example, 14 10 2025",
    )

    def __init__(self, *args, late: bool, held: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if held:
            # Entered after the fact: nothing was published late here, so a reason is
            # the officer's to give, not the form's to ask for.
            self.fields["urgent_reason"].required = False
            self.fields["urgent_reason"].label = "Was the business urgent? (optional)"
            self.fields["urgent_reason"].help_text = (
                "Only if the agenda went out late because the business was urgent: "
                "the agenda will show the reason given."
            )
        else:
            del self.fields["agenda_published_on"]
            if not late:
                del self.fields["urgent_reason"]
        # The helper was laid out with every field: again, with those left.
        self.helper = self.build_helper()


class SupplementPublishForm(PublishForm):
    """Publishing a supplement; a late one needs the reason its business is urgent."""

    submit_label = "Publish supplement"

    def __init__(self, *args, late: bool, **kwargs):
        super().__init__(*args, late=late, **kwargs)
        if late:
            self.fields["urgent_reason"].help_text = (
                "The meeting page, the agenda and the supplement will show this. The chair's "
                "reasons for taking an item as urgent go in the minutes too (Local "
                "Government Act 1972 s.100B(4))."
            )


class CallForActionForm(EditForm):
    """A Councillor Call for Action (Police and Justice Act 2006 s.19(3)), as referred and
    as the committee decided it."""

    submit_label = "Save the call for action"
    received_on = GovDateField(label="Date received", help_text="For example, 3 9 2018")
    decided_on = GovDateField(
        label="Date of the committee's decision",
        required=False,
        help_text="Leave empty while the committee has not decided.",
    )

    class Meta:
        model = CouncillorCallForAction
        fields = [
            "councillor",
            "ward",
            "matter",
            "received_on",
            "decision",
            "decided_on",
            "reasons",
            "outcome",
        ]
        widgets = {
            "matter": forms.Textarea(attrs={"rows": 5}),
            "decision": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "councillor": "Councillor referring the matter",
            "matter": "The matter referred",
            "decision": "The committee's decision",
            "reasons": "The committee's reasons",
            "outcome": "What came of it",
        }


class WorkProgrammeItemForm(EditForm):
    """An item of the committee's work programme, planned for one of its coming meetings."""

    submit_label = "Save the planned item"

    class Meta:
        model = WorkProgrammeItem
        fields = [
            "title",
            "purpose",
            "kind",
            "meeting",
            "lead_officer",
            "priorities",
            "agencies",
            "status",
            "dropped_reason",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "priorities": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
            "dropped_reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "meeting": "Planned for the meeting of",
            "lead_officer": "Officer who will report",
            "priorities": "Priorities it concerns",
            "agencies": "Partners to invite",
        }
        help_texts = {
            "purpose": "The work programme is public: anyone may read what is planned.",
            "lead_officer": "A report item added to the agenda starts a report by this officer.",
            "dropped_reason": "Needed when the item is dropped.",
        }

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        # Only meetings still to come, but an item keeps the meeting it already has.
        meetings = Meeting.objects.filter(committee_id=item.committee_id)
        self.fields["meeting"].queryset = meetings.filter(
            Q(date__gte=today) | Q(pk=item.meeting_id)
        ).order_by("date", "start_time")
        self.fields["meeting"].empty_label = "Not chosen yet"
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{meeting.date:%-d %B %Y}" + ("" if meeting.is_public else " (draft)")
        )
        self.fields["priorities"].queryset = scoped_priorities(item.committee).year_first(
            item.meeting.date if item.meeting_id else today
        )
        self.fields["agencies"].queryset = scoped_agencies(item.committee)
        self.fields["lead_officer"].queryset = scoped_officers(item.committee)
        if item.pk and item.live_agenda_item is not None:
            # It is on an agenda now: the agenda item carries its meeting and kind.
            for name in ["kind", "meeting", "status", "dropped_reason"]:
                del self.fields[name]
            self.fields[
                "title"
            ].help_text = "The agenda item it became keeps its own title: edit that on the agenda."
        elif not item.pk:
            del self.fields["status"], self.fields["dropped_reason"]
        # The layout lists the fields, so it is made again for those left.
        self.helper = self.build_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == WorkProgrammeItem.Status.PLANNED:
            # Planned again: the old reason no longer applies (the history keeps it).
            cleaned["dropped_reason"] = ""
        return cleaned


class SlidesForm(AppendixFileMixin, GdsFormMixin, forms.ModelForm):
    """A presentation's slides: one PDF, through the same checks as an appendix's file."""

    submit_label = "Upload slides"

    class Meta:
        model = Slides
        fields = ["file"]
        labels = {"file": "Slides (PDF file)"}
        widgets = {"file": forms.FileInput(attrs={"accept": "application/pdf"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = settings.SCRUTINY_UPLOAD_MAX_BYTES // (1024 * 1024)
        pages = settings.SCRUTINY_UPLOAD_MAX_PAGES
        self.fields["file"].required = True
        self.fields[
            "file"
        ].help_text = (
            f"A PDF of up to {size} MB and {pages:,} pages. Slides already uploaded are replaced."
        )
        self.fields["file"].error_messages["required"] = "Select a PDF file"
        self.helper = self.build_helper()  # again, with this form's own button


class MinutesApproveForm(GdsFormMixin, forms.Form):
    """Approving an earlier meeting's draft minutes at this one (meetings/minutes_approval.py):
    as a correct record, or subject to the corrections typed in."""

    submit_label = "Approve the minutes"

    earlier = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        widget=forms.RadioSelect,
        label="Which meeting's minutes did this meeting approve?",
        empty_label=None,
    )
    approval = forms.ChoiceField(
        choices=[
            ("correct", "As a correct record"),
            ("corrections", "As a correct record, subject to corrections"),
        ],
        widget=forms.RadioSelect,
        label="How were they approved?",
    )
    corrections = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="The corrections (if subject to corrections)",
        help_text="As the approving minute records them; the approved minutes show them. "
        + MARKUP_HINT,
    )

    def __init__(self, *args, earlier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier"].queryset = earlier
        self.fields["earlier"].label_from_instance = lambda meeting: (
            f"{meeting.date:%-d %B %Y} (draft minutes published)"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("approval") == "corrections" and not cleaned.get("corrections", "").strip():
            self.add_error("corrections", "Enter the corrections the meeting made")
        if cleaned.get("approval") == "correct" and cleaned.get("corrections", "").strip():
            self.add_error(
                "corrections",
                "Leave the corrections empty for minutes approved as a correct record, or "
                "choose “subject to corrections”",
            )
        return cleaned
