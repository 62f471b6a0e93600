from django import forms

from meetings.models import Committee
from scrutiny.kernel.forms import GdsFormMixin

from .models import AlertKind


class SubscribeForm(GdsFormMixin, forms.Form):
    submit_label = "Subscribe"

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We send a link to this address. Your alerts start when you follow it.",
    )
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.order_by("name"),
        required=False,
        empty_label="Every committee",
        label="Which committee",
    )
    kinds = forms.MultipleChoiceField(
        label="Tell me when",
        choices=AlertKind.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=AlertKind.values,
        error_messages={"required": "Select at least one kind of alert"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["email"].widget.attrs["spellcheck"] = "false"
