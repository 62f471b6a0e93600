"""Every meeting the reader may see, across the committees: by month, as a calendar grid,
or as a list grouped by month (/meetings/). Drafts are for officers only, as everywhere
(``Meeting.objects.visible_to``)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.municipal_year import (
    municipal_year_days,
    municipal_year_label,
    municipal_year_start,
)
from scrutiny.kernel.page_cache import cached_page

from ..calendar_forms import LIST_VIEW, MONTH_VIEW, MeetingsFilterForm
from ..models import Meeting, Postponement
from ..month_grid import Month, by_month, month_weeks

# Weekday headings, Monday first: what the grid shows, and what a screen reader says.
WEEKDAYS = [
    ("Mon", "Monday"),
    ("Tue", "Tuesday"),
    ("Wed", "Wednesday"),
    ("Thu", "Thursday"),
    ("Fri", "Friday"),
    ("Sat", "Saturday"),
    ("Sun", "Sunday"),
]


def _address(**params) -> str:
    """The page's address with these filters; those left empty are left out."""
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return reverse("meetings:meetings") + (f"?{query}" if query else "")


def _described(committee, year) -> str:
    who = f"of {committee.name}" if committee else "of every committee"
    when = f"in the municipal year {municipal_year_label(year)}" if year is not None else ""
    return " ".join(filter(None, ["Meetings", who, when]))


def _default_month(shown, year: int | None, day) -> Month:
    """This month, unless a year other than this one is chosen: then the month of its
    first meeting, or May, when the year starts, if it has none."""
    if year is None or municipal_year_start(day) == year:
        return Month.of(day)
    first = shown.order_by("date").values_list("date", flat=True).first()
    return Month.of(first) if first else Month.of(municipal_year_days(year)[0])


def _month_context(shown, committee, year, month: Month | None, day) -> dict:
    month = month or _default_month(shown, year, day)
    meetings = list(shown.in_days(month.first, month.end).for_listing())
    # A meeting moved away from a day of this month is shown there too, as moved.
    moved_away = (
        Postponement.objects.filter(
            meeting__in=shown, previous_date__gte=month.first, previous_date__lt=month.end
        )
        .select_related("meeting__committee")
        .order_by("previous_date", "recorded_at")
    )
    slug = committee.slug if committee else ""

    def link(other: Month) -> str:
        # With a year chosen, the links cross into the next year and the filter follows.
        other_year = municipal_year_start(other.first) if year is not None else None
        return _address(committee=slug, year=other_year, month=str(other))

    context = {
        "month": month,
        "weeks": month_weeks(month, meetings, moved_away, day),
        "weekdays": WEEKDAYS,
        "month_meetings": meetings,
        "previous_month": (month.previous(), link(month.previous())),
        "next_month": (month.next(), link(month.next())),
        "this_month": _address(committee=slug) if Month.of(day) != month else "",
    }
    if not meetings:
        # An empty month says where the nearest meetings are, rather than leaving the
        # reader to page through empty months to find them.
        before = shown.filter(date__lt=month.first).order_by("-date").values("date").first()
        after = shown.filter(date__gte=month.end).order_by("date").values("date").first()
        context["nearest"] = [
            (Month.of(found["date"]), link(Month.of(found["date"])), label)
            for found, label in ((before, "earlier"), (after, "later"))
            if found
        ]
    return context


@cached_page(params=("view", "committee", "year", "month"))
def meetings(request):
    form = MeetingsFilterForm(request.GET, user=request.user)
    context = {
        "form": form,
        "crumbs": crumbs(("Meetings", None)),
        "all_meetings": _address(),
        "all_meetings_list": _address(view=LIST_VIEW),
    }
    if not form.is_valid():
        # The filters as sent select no set of meetings: say which is wrong, rather than
        # show some other set the reader would take for the one they asked for.
        return render(request, "meetings/meetings.html", context, status=400)
    committee, year = form.cleaned_data["committee"], form.cleaned_data["year"]
    view = form.cleaned_data["view"]
    shown = Meeting.objects.visible_to(request.user)
    if committee:
        shown = shown.filter(committee=committee)
    if year is not None:
        shown = shown.in_days(*municipal_year_days(year))
    day = today()
    slug = committee.slug if committee else ""
    month = form.cleaned_data["month"]
    context |= {
        "view": view,
        "committee": committee,
        "year_label": municipal_year_label(year) if year is not None else "",
        "described": _described(committee, year),
        "month_view_url": _address(committee=slug, year=year, month=str(month) if month else ""),
        "list_view_url": _address(committee=slug, year=year, view=LIST_VIEW),
    }
    if view == MONTH_VIEW:
        context |= _month_context(shown, committee, year, month, day)
    else:
        # A year reads from May to April; every year at once, the newest first.
        context["months"] = by_month(shown.for_listing(), newest_first=year is None)
    return render(request, "meetings/meetings.html", context)
