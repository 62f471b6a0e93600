"""Officers' forms for writing in bulk: a report's body pasted or uploaded whole, and
several lines of enquiry or recommendations pasted one per line."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from scrutiny.kernel.forms import GdsFormMixin

from .models import AgendaItem, Meeting, Report
from .report_text import MAX_TEXT_CHARACTERS, ParsedReport, as_text, parse_docx, parse_text

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportBodyForm(GdsFormMixin, forms.Form):
    """The first step: the report's text, or its Word document, read for a preview."""

    submit_label = "Preview the sections and paragraphs"

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        required=False,
        max_length=MAX_TEXT_CHARACTERS,
        label="Paste the report's text",
        help_text='Start each section on a line of its own with its number ("1 Summary") '
        'and each paragraph with its number ("1.1"). Lines starting "-" or "•" are bullets; '
        "lines with tabs between cells are table rows. Text before section 1 is left out.",
    )
    document = forms.FileField(
        required=False,
        label="Or upload a Word document (.docx)",
        widget=forms.ClearableFileInput(attrs={"accept": f".docx,{DOCX_TYPE}"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = settings.SCRUTINY_UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields[
            "document"
        ].help_text = (
            f"Up to {size} MB. Headings, Word's own numbering, bullets and tables are kept."
        )
        self.helper = self.build_helper()
        self.parsed: ParsedReport | None = None

    def clean(self):
        cleaned = super().clean()
        text, document = cleaned.get("text"), cleaned.get("document")
        if self.errors:
            return cleaned
        if text and text.strip() and document:
            raise ValidationError("Paste the text or upload a document, not both")
        try:
            if document:
                self.parsed = parse_docx(document)
            else:
                self.parsed = parse_text(text)
        except ValidationError as error:
            self.add_error("document" if document else "text", error)
        return cleaned


class ReportBodyConfirmForm(GdsFormMixin, forms.Form):
    """The second step: the report as previewed, carried in the form (never the session),
    and, if it has paragraphs already, the officer's word that they go."""

    submit_label = "Save these sections and paragraphs"

    step = forms.CharField(widget=forms.HiddenInput, initial="confirm", required=False)
    text = forms.CharField(
        widget=forms.HiddenInput, max_length=2 * MAX_TEXT_CHARACTERS, required=False
    )

    # It shares the page with the text form below it: its own names and ids.
    prefix = "confirm"

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        # Sections alone count: an officer who typed headings would lose them too.
        if report.sections.exists():
            self.fields["replace"] = forms.BooleanField(
                label="Replace the report's sections and paragraphs with these",
                help_text="The sections and paragraphs it has now are taken out. Their "
                "words stay in the report's history.",
                error_messages={
                    "required": "Confirm that the report's sections and paragraphs are replaced"
                },
            )
            self.submit_label = "Replace the sections and paragraphs"
        self.helper = self.build_helper()
        self.parsed: ParsedReport | None = None

    def build_helper(self):
        helper = FormHelper(self)
        helper.label_size = "s"
        helper.add_input(Submit("save", self.submit_label))
        return helper

    @classmethod
    def carrying(cls, parsed: ParsedReport, *, report: Report):
        """The confirm form for what the first step read. ``parsed`` on it is the
        carried text read again, which is what the confirm step will save: the preview
        shows that, so that what the officer checks is what is saved."""
        text = as_text(parsed)
        form = cls(initial={"text": text}, report=report)
        form.parsed = parse_text(text)
        # What was left out is not carried (it is not saved), but the preview says what.
        form.parsed.left_out = parsed.left_out
        return form

    def clean(self):
        cleaned = super().clean()
        # A hidden field's errors have nowhere to show beside it: they go in the summary.
        for message in self.errors.pop("text", []):
            self.add_error(None, message)
        if "text" in cleaned and not cleaned["text"].strip():
            self.add_error(None, "Paste the report's text again: none came with the form")
        elif "text" in cleaned:
            try:
                self.parsed = parse_text(cleaned["text"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


def _lines(text: str) -> list[str]:
    """The non-blank lines of a box, each made one line of plain words."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class SeveralForm(GdsFormMixin, forms.Form):
    """Lines pasted into one box, one record a line; blank lines are ignored."""

    what = "item"
    items = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=100_000)

    def clean_items(self):
        lines = _lines(self.cleaned_data["items"])
        if not lines:
            raise ValidationError(f"Enter at least one {self.what}, one a line")
        if len(lines) > 200:
            raise ValidationError(f"Enter at most 200 {self.what}s at once")
        return lines


class LinesOfEnquiryAddSeveralForm(SeveralForm):
    submit_label = "Add the questions"
    what = "question"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].label = "Questions, one a line"
        self.fields["items"].help_text = (
            "Each line becomes a line of enquiry to every partner, numbered after those the "
            "meeting has. Aim one at a presentation or priority afterwards by editing it."
        )
        self.fields["items"].error_messages["required"] = "Enter at least one question, one a line"
        self.helper = self.build_helper()


class RecommendationsAddSeveralForm(SeveralForm):
    submit_label = "Add the recommendations"
    what = "recommendation"
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="None",
        label="Agenda item they were made on (optional)",
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by(
            "number"
        )
        self.fields["items"].label = "Recommendations, one a line"
        self.fields["items"].help_text = (
            "Each line becomes a proposed recommendation, numbered after those the meeting "
            "has. Choose who each is addressed to afterwards by editing it."
        )
        self.fields["items"].error_messages["required"] = (
            "Enter at least one recommendation, one a line"
        )
        self.helper = self.build_helper()
