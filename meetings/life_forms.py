"""The forms of a meeting's life (meetings/meeting_life.py) and of its attendance and
declarations of interest (meetings/attendance.py)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms

from scrutiny.kernel.editing import EditForm
from scrutiny.kernel.fields import GovDateField, GovTimeField
from scrutiny.kernel.forms import GdsFormMixin

from .attendance import COUNCILLOR_ROLES
from .models import Attendance, CommitteeMember, Declaration, Meeting, Person


def _councillor_label(person: Person) -> str:
    return f"{person.name}" + (f" ({person.description})" if person.description else "")


class MarkHeldForm(GdsFormMixin, forms.Form):
    submit_label = "Record the meeting as held"

    presiding = forms.ModelChoiceField(
        queryset=Person.objects.councillors(),
        label="Who presided?",
        help_text="The chair on the day, unless someone else took the chair.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presiding"].label_from_instance = _councillor_label


class CancelForm(GdsFormMixin, forms.Form):
    submit_label = "Cancel the meeting"

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is the meeting cancelled?",
        help_text='The meeting page shows it, e.g. "No business to transact".',
        max_length=2000,
    )
    cancelled_on = GovDateField(label="When was it decided?", help_text="For example, 3 3 2026")


class PostponeForm(GdsFormMixin, forms.Form):
    submit_label = "Move the meeting"

    new_date = GovDateField(label="New date", help_text="For example, 17 3 2026")
    new_start_time = GovTimeField(
        label="New start time (optional)",
        required=False,
        help_text="Leave it empty to keep the meeting's time, e.g. 18:30.",
    )
    decided_on = GovDateField(label="When was it decided?", help_text="For example, 3 3 2026")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why was it moved? (optional)",
        required=False,
        max_length=2000,
    )


class AttendanceForm(GdsFormMixin, forms.Form):
    """Every member on the meeting's day, each present, sent apologies or absent, in one
    form: one set of radios a member."""

    submit_label = "Save the attendance"

    def __init__(self, *args, members: list[tuple[CommitteeMember, Attendance | None]], **kwargs):
        self.members = {f"member_{seat.person_id}": seat.person for seat, _ in members}
        super().__init__(*args, **kwargs)
        for seat, row in members:
            role = seat.get_role_display()
            self.fields[f"member_{seat.person_id}"] = forms.ChoiceField(
                label=f"{seat.person.name} ({role.lower()})"
                if seat.role != CommitteeMember.Role.MEMBER
                else seat.person.name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                initial=row.status if row else None,
                error_messages={"required": f"Select whether {seat.person.name} attended"},
            )
        self.helper = self.build_helper()

    def build_helper(self) -> FormHelper:
        helper = FormHelper(self)
        helper.layout = Layout(
            *(Field.radios(name, legend_size="s", small=True, inline=True) for name in self.fields)
        )
        helper.add_input(Submit("submit", self.submit_label))
        return helper

    def statuses(self) -> dict[Person, str]:
        return {self.members[name]: value for name, value in self.cleaned_data.items()}


class AttendeeForm(GdsFormMixin, forms.Form):
    """Someone who came without a seat: the role decides whom the list offers."""

    submit_label = "Add to the attendance"

    role = forms.ChoiceField(
        label="They attended as",
        choices=[c for c in Attendance.Role.choices if c[0] != Attendance.Role.MEMBER],
        widget=forms.RadioSelect,
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        label="Who",
        help_text="Councillors for a substitute, visiting member or invited councillor; "
        "officers for an officer or partner's representative. Someone not listed is "
        "added on the people page first.",
    )
    substitute_for = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Standing in for (substitutes only)",
        required=False,
        help_text="A member who sent apologies.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=300,
        help_text='e.g. "Cabinet Member for Community Safety, for item 7".',
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        listed = meeting.attendance.values("person")
        self.fields["person"].queryset = Person.objects.exclude(pk__in=listed).select_related(
            "agency"
        )
        self.fields["person"].label_from_instance = _councillor_label
        apologised = meeting.attendance.filter(
            role=Attendance.Role.MEMBER, status=Attendance.Status.APOLOGIES
        ).values("person")
        self.fields["substitute_for"].queryset = Person.objects.filter(pk__in=apologised)
        self.fields["substitute_for"].empty_label = "Not a substitute"

    def clean(self):
        cleaned = super().clean()
        role, person = cleaned.get("role"), cleaned.get("person")
        if role == Attendance.Role.SUBSTITUTE and not cleaned.get("substitute_for"):
            self.add_error("substitute_for", "Choose the member this substitute stood in for")
        if role != Attendance.Role.SUBSTITUTE and cleaned.get("substitute_for"):
            self.add_error("substitute_for", "Only a substitute stands in for a member")
        if role and person:
            if role in COUNCILLOR_ROLES and not person.is_councillor:
                self.add_error("person", f"{person.name} is not a councillor")
            elif role not in COUNCILLOR_ROLES and person.is_councillor:
                self.add_error("person", f"{person.name} is a councillor: choose their role")
        return cleaned


class DeclarationForm(EditForm):
    submit_label = "Save the declaration"

    class Meta:
        model = Declaration
        fields = ["agenda_item", "person", "kind", "nature", "dispensation", "left_room"]
        widgets = {"kind": forms.RadioSelect, "nature": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "agenda_item": "Agenda item",
            "person": "Member declaring",
            "kind": "Kind of interest",
            "nature": "The nature of the interest, in the member's words",
            "dispensation": "A dispensation applies (Localism Act 2011 s.33)",
            "left_room": "The member left the room for the item",
        }
        error_messages = {
            "kind": {"required": "Select the kind of interest"},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("number")
        self.fields["agenda_item"].label_from_instance = str
        present = meeting.attendance.filter(status=Attendance.Status.PRESENT).values("person")
        self.fields["person"].queryset = Person.objects.councillors().filter(pk__in=present)
        self.fields["person"].help_text = (
            "Councillors recorded as present. A member declares each kind of interest "
            "once an item: to change what was declared, edit that declaration."
        )
