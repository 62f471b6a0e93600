"""Officers' forms for people: councillors and officers, committee memberships, and
presenters. Memberships and presenters can name a new person in the same form, so that a
committee of six takes six submissions, not twelve."""

from django import forms
from django.db.models import Q

from partnership.models import Agency
from scrutiny.kernel.editing import EditForm
from scrutiny.kernel.fields import GovDateField
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.roles import Role

from .accounts import account_in_use
from .forms import scoped_agencies
from .models import CommitteeMember, Person, Presenter
from .scoping import partnership_of

PERSON_FIELDS = [
    "kind",
    "name",
    "title",
    "party",
    "ward",
    "job_title",
    "organisation",
    "agency",
    "email",
    "phone",
]


class PersonForm(EditForm):
    submit_label = "Save person"

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"kind": forms.RadioSelect}
        labels = {
            "kind": "Councillor or officer",
            "title": "Office held (optional)",
            "party": "Party or political group (councillors)",
            "ward": "Ward (councillors)",
            "job_title": "Job title (officers)",
            "organisation": "Organisation (officers)",
            "agency": "Partner agency (officers, optional)",
            "email": "Email address (optional)",
            "phone": "Telephone (optional)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("name")


def new_name_field() -> forms.CharField:
    return forms.CharField(
        label="Or a new person's name",
        required=False,
        max_length=200,
        help_text="Type a name here, instead of choosing someone above, to add them.",
    )


def new_title_field() -> forms.CharField:
    return forms.CharField(
        label="The new person's office (optional)",
        required=False,
        max_length=200,
        help_text='For example, "Cabinet Member for Community Safety"',
    )


class NewPersonMixin:
    """The "or a new person" fields (each form declares them, so that the forms base
    treats them as its own): a name typed instead of choosing someone makes the person
    in the same save. ``new_person`` in the cleaned data holds their values."""

    new_kind_default = Person.Kind.COUNCILLOR

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].required = False

    def clean_new_person(self, cleaned) -> dict | None:
        person, name = cleaned.get("person"), (cleaned.get("new_name") or "").strip()
        if person and name:
            self.add_error("new_name", "Choose a person or type a new name, not both.")
            return None
        if not person and not name:
            self.add_error("person", "Choose a person, or type a new person's name.")
            return None
        if person:
            return None
        kind = cleaned.get("new_kind") or self.new_kind_default
        values = {"kind": kind, "name": name, "title": cleaned.get("new_title", "")}
        if kind == Person.Kind.OFFICER:
            values["job_title"] = cleaned.get("new_job_title", "")
        elif cleaned.get("new_job_title"):
            self.add_error("new_job_title", "A councillor has no job title: give their office.")
        # A name typed again is the person already entered (one record per person), as
        # the unique rule on kind, name and job title has it.
        known = Person.objects.filter(
            kind=kind, name=name, job_title=values.get("job_title", "")
        ).first()
        if known is not None and known in self.fields["person"].queryset:
            cleaned["person"] = known
            return None
        return values


NEW_PERSON_FIELDS = ("new_name", "new_kind", "new_job_title", "new_title")


def with_new_person(fields: dict) -> dict:
    """A form's values as its service takes them: the typed new person's fields are
    gathered into ``new_person`` by the form's clean()."""
    return {name: value for name, value in fields.items() if name not in NEW_PERSON_FIELDS}


class MembershipForm(NewPersonMixin, EditForm):
    submit_label = "Save membership"
    field_order = ["person", "new_name", "new_title", "role", "start_date", "end_date"]
    new_name = new_name_field()
    new_title = new_title_field()
    start_date = GovDateField(label="From (optional)", required=False)
    end_date = GovDateField(
        label="Until (optional)", required=False, help_text="Leave blank while current."
    )

    class Meta:
        model = CommitteeMember
        fields = ["person", "role", "start_date", "end_date"]
        widgets = {"role": forms.RadioSelect}
        labels = {"person": "Councillor or co-optee"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("kind", "name")

    def clean(self):
        cleaned = super().clean()
        cleaned["new_person"] = self.clean_new_person(cleaned)
        return cleaned

    def validate_unique(self):
        # A membership for a person still to be made cannot be checked against the
        # one-chair rule until the person exists: the service checks it then.
        if self.instance.person_id:
            super().validate_unique()


class PresenterForm(NewPersonMixin, EditForm):
    submit_label = "Save presenter"
    new_kind_default = Person.Kind.OFFICER
    field_order = ["person", "new_name", "new_kind", "new_job_title", "new_title"]
    new_name = new_name_field()
    new_kind = forms.ChoiceField(
        label="The new person is",
        choices=Person.Kind.choices,
        initial=Person.Kind.OFFICER,
        widget=forms.RadioSelect,
        required=False,
    )
    new_job_title = forms.CharField(
        label="The new person's job title (officers)", required=False, max_length=200
    )
    new_title = new_title_field()

    class Meta:
        model = Presenter
        fields = ["person", "role", "agency"]
        labels = {
            "person": "Presenter",
            "agency": "Agency they present for",
            "role": "Role",
        }
        help_texts = {
            "role": "For example, Inspector, Early Help Manager or Cabinet Member",
            "agency": "Required for an officer (their own agency if left empty); "
            "empty for a councillor.",
        }

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A new presenter is not yet on its presentation: the page names the partnership.
        partnership = partnership or partnership_of(self.instance)
        agencies = scoped_agencies(self.instance, partnership)
        self.fields["agency"].queryset = agencies
        # Councillors, and the officers of the partnership's agencies or of no agency.
        people = Person.objects.select_related("agency").order_by("kind", "name")
        if partnership is not None:
            people = people.filter(Q(agency__isnull=True) | Q(agency__in=agencies))
        self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        new_person = self.clean_new_person(cleaned)
        cleaned["new_person"] = new_person
        person = cleaned.get("person")
        kind = person.kind if person else (new_person or {}).get("kind")
        agency = cleaned.get("agency")
        if kind == Person.Kind.OFFICER and agency is None:
            agency = person.agency if person else None
            if agency is None or agency not in self.fields["agency"].queryset:
                self.add_error("agency", "Choose the agency this officer presents for.")
            else:
                cleaned["agency"] = agency
        if kind == Person.Kind.COUNCILLOR and agency is not None:
            self.add_error("agency", "A councillor presents for no agency: leave it empty.")
        if new_person and kind == Person.Kind.OFFICER and cleaned.get("agency"):
            new_person["agency"] = cleaned["agency"]
        return cleaned


class InviteForm(GdsFormMixin, forms.Form):
    """An officer invites someone by email (meetings/accounts.py)."""

    submit_label = "Send invitation"

    # The address becomes the user name, which Django keeps to 150 characters.
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="They are sent a link to set their password. It is also their user name.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text="Councillors read items not for publication; officers also prepare meetings "
        "and invite others.",
    )
    person = forms.ModelChoiceField(
        label="Councillor's person record (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not linked",
        help_text="Councillors only: the record their committee memberships and attendance "
        "name. Only councillors without an account are listed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.councillors().filter(user__isnull=True)
        self.fields["person"].widget.choices = self.fields["person"].choices

    def clean_email(self):
        email = self.cleaned_data["email"]
        if account_in_use(email):
            raise forms.ValidationError(
                "An account already uses this email address. Find it in the list of accounts."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") and cleaned.get("role") != Role.COUNCILLOR:
            self.add_error(
                "person", "Only a councillor is linked to a person record: choose Not linked"
            )
        return cleaned
