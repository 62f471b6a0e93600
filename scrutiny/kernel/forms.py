"""The one base for every form: GOV.UK fields through crispy-forms-gds, errors in a summary."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from scrutiny.kernel.text import without_control_characters

# The largest id a database row can have (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


def _ids_in_range(value) -> bool:
    """Whether every id sent for a record choice could be one: a whole number a row could
    have. A larger one makes the database itself fail (out of range for SQLite or
    PostgreSQL's bigint) before the field can say the choice is not one of its own."""
    for item in value if isinstance(value, list | tuple) else [value]:
        if item in (None, ""):
            continue
        text = str(item).strip()
        # isdigit() alone admits "²" and "①", which int() cannot read.
        if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= LARGEST_ID:
            return False
    return True


class FetchedChoiceIterator(forms.models.ModelChoiceIterator):
    """A record choice's options from one plain query. Django streams them through a
    server-side cursor, made for tables too long to hold, which on PostgreSQL costs
    three round trips a list; a form's lists are a few hundred rows at most."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.queryset.all():
            yield self.choice(record)


def _accept_pasted_text(field) -> None:
    """Give a text field a to_python() that takes the control characters out of what was
    typed or pasted (scrutiny/kernel/text.py) before its own checks, length included: text from
    a word processor goes in, and no record holds what a feed or a PDF cannot carry.
    Passwords are compared, never shown, and are left as typed."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return
    to_python = field.to_python

    def cleaned_to_python(value):
        return to_python(without_control_characters(value))

    field.to_python = cleaned_to_python


def _refuse_impossible_ids(field) -> None:
    """Give a record choice field a clean() that refuses an impossible id with the
    field's own "not one of the choices" message, before any query."""
    clean = field.clean

    def checked_clean(value):
        if not _ids_in_range(value):
            raise ValidationError(
                field.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": str(value)[:50]},
            )
        return clean(value)

    field.clean = checked_clean


class GdsFormMixin:
    """Builds the crispy helper for a form.

    Field errors are listed in the GOV.UK error summary at the top of the page (the
    ``form_page.html`` template renders it) and repeated beside each field; the button
    says what it does (``submit_label``).
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._say_what_to_do()
        for field in self.fields.values():
            # Not a password: it is compared with the one set, never shown.
            _accept_pasted_text(field)
            if isinstance(field, forms.ModelChoiceField):
                _refuse_impossible_ids(field)
                field.iterator = FetchedChoiceIterator
                field.widget.choices = field.choices
        self.helper = self.build_helper()

    def build_helper(self) -> FormHelper:
        """The layout of the form's fields as they stand, with its one button."""
        helper = FormHelper(self)
        helper.label_size = "s"
        helper.legend_size = "s"
        helper.add_input(Submit("submit", self.submit_label))
        return helper

    def _say_what_to_do(self):
        """GOV.UK error messages name the field and say how to put it right."""
        for field in self.fields.values():
            label = str(field.label or "this")
            if (
                field.error_messages.get("required")
                == forms.Field.default_error_messages["required"]
            ):
                verb = (
                    "Select"
                    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
                    else "Enter"
                )
                field.error_messages["required"] = f"{verb} {label[0].lower()}{label[1:]}"
            max_length = getattr(field, "max_length", None)
            if max_length:
                field.error_messages["max_length"] = (
                    f"{label} must be {max_length} characters or fewer"
                )


class PastedTextAdminMixin:
    """The admin's forms take pasted text as the app's own do (``_accept_pasted_text``):
    a door the records can come in by, like every other."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            _accept_pasted_text(field)
        return field
