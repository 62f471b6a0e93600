"""The meetings page's filters (/meetings/), sent in the address (GET) so that a month or
a committee's year can be shared as a link."""

from crispy_forms_gds.layout import Layout
from django import forms
from django.db.models import Max, Min

from scrutiny.kernel.dates import today
from scrutiny.kernel.forms import GdsFormMixin
from scrutiny.kernel.municipal_year import municipal_year_label, municipal_year_start

from .models import Committee, Meeting
from .month_grid import YEARS, Month

MONTH_VIEW, LIST_VIEW = "month", "list"


class MeetingsFilterForm(GdsFormMixin, forms.Form):
    """Which meetings the page shows, and how: a committee, a municipal year, by month or
    as a list, and the month of the grid.

    An address that names no such committee, year or month is refused with a message
    saying which, not answered with some other set of meetings the reader would take
    for the one they asked for.
    """

    submit_label = "Show meetings"

    committee = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": "There is no committee “%(value)s”: select a committee from the list"
        },
    )
    year = forms.TypedChoiceField(
        label="Municipal year",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={
            "invalid_choice": "“%(value)s” is not a municipal year: select one from the "
            "list, or give the year it starts in, like 2018 for 2018/19"
        },
    )
    view = forms.ChoiceField(
        choices=[(MONTH_VIEW, "By month"), (LIST_VIEW, "As a list")],
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "“%(value)s” is not a way to show the meetings: choose "
            "“by month” or “as a list”"
        },
    )
    # Reached by the grid's previous and next links, not chosen in the form: a month
    # kept through a change of year would contradict the year.
    month = forms.CharField(required=False, max_length=7, widget=forms.HiddenInput)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.committees = {committee.slug: committee for committee in Committee.objects.all()}
        self.fields["committee"].choices = [
            ("", "All committees"),
            *((slug, committee.name) for slug, committee in self.committees.items()),
        ]
        self.fields["year"].choices = [
            ("", "Any year"),
            *((year, municipal_year_label(year)) for year in self._years(user, data)),
        ]
        self.helper.form_method = "get"
        self.helper.form_id = "filter"
        self.helper.layout = Layout("committee", "year", "view")

    @staticmethod
    def _years(user, data) -> list[int]:
        """The years with meetings this reader may see, the current one, and one asked
        for in the address (so that a year with no meetings shows as empty, not wrong)."""
        span = Meeting.objects.visible_to(user).aggregate(first=Min("date"), last=Max("date"))
        years = {municipal_year_start(today())}
        if span["first"]:
            years.update(
                range(municipal_year_start(span["first"]), municipal_year_start(span["last"]) + 1)
            )
        asked = str(data.get("year", "")).strip()
        if asked.isascii() and asked.isdigit() and int(asked) in YEARS:
            years.add(int(asked))
        return sorted(years, reverse=True)

    def clean_committee(self) -> Committee | None:
        return self.committees.get(self.cleaned_data["committee"])

    def clean_view(self) -> str:
        return self.cleaned_data["view"] or MONTH_VIEW

    def clean_month(self) -> Month | None:
        text = self.cleaned_data["month"]
        if not text:
            return None
        month = Month.parse(text)
        if month is None:
            raise forms.ValidationError(
                "“%(value)s” is not a month: write it as the year and the month's number, "
                "like 2018-09",
                params={"value": text},
            )
        return month

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        if year is not None and month is not None and municipal_year_start(month.first) != year:
            self.add_error(
                "month",
                f"{month.label} is not in the municipal year {municipal_year_label(year)}: "
                "choose “Any year”, or a month from May to April of that year",
            )
        return cleaned
