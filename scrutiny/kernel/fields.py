"""Form fields in the GOV.UK patterns, with messages that say what to do."""

import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError


class GovDateField(DateInputField):
    """Day, month and year boxes (the GOV.UK date input)."""

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if not (str(year).strip().isdigit() and len(str(year).strip()) == 4):
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(
                "Enter a real date, for example 25 9 2018", code="invalid"
            ) from error


class GovTimeField(forms.TimeField):
    """A time typed as people write it: 18:30, 6.30pm or 6pm."""

    default_error_messages = {"invalid": "Enter a time, for example 18:30 or 6.30pm"}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "input_formats", ["%H:%M", "%H.%M", "%I.%M%p", "%I:%M%p", "%I%p", "%H:%M:%S"]
        )
        kwargs.setdefault("help_text", "For example, 18:30 or 6.30pm")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(" ", "").lower()
        return super().to_python(value)
