"""The one base for every form: GOV.UK fields through crispy-forms-gds, errors in a summary."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit


class GdsFormMixin:
    """Builds the crispy helper for a form.

    Field errors are listed in the GOV.UK error summary at the top of the page (the
    ``form_page.html`` template renders it) and repeated beside each field; the button
    says what it does (``submit_label``).
    """

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = "s"
        self.helper.legend_size = "s"
        self.helper.add_input(Submit("submit", self.submit_label))
