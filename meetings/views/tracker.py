"""The recommendations tracker: as a page, a spreadsheet (CSV) and a printed report."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.page_cache import cached_page
from scrutiny.kernel.roles import is_officer
from scrutiny.kernel.text import without_control_characters

from ..documents import tracker_filter_values
from ..forms import TrackerFilterForm
from ..tracker import (
    TrackerFilters,
    chasers,
    followed,
    for_the_table,
    marked,
    status_counts,
    tracked_recommendations,
)
from .documents import serve_document

CSV_COLUMNS = [
    "Meeting",
    "Committee",
    "Number",
    "Recommendation",
    "Addressed to",
    "Priorities",
    "Status",
    "Letter issued",
    "Response due",
    "Response overdue",
    "Responses",
]


# A page of the tracker: twenty years of recommendations are read a page at a time. Each
# row carries a recommendation's whole text and every partner's answer: 25 of them fill
# several screens already, and each row takes its share of the page's time to write.
PAGE_SIZE = 25


def _filtered(request):
    """The filter form as sent, and the recommendations it selects for this reader."""
    form = TrackerFilterForm(request.GET or None, user=request.user)
    filters = TrackerFilters(**form.cleaned_data) if form.is_valid() else TrackerFilters()
    return form, filters, tracked_recommendations(request.user, filters, today())


@cached_page(params=("page", *TrackerFilterForm.base_fields))
def tracker(request):
    form, filters, recommendations = _filtered(request)
    day = today()
    counts = status_counts(recommendations, day)
    officer = is_officer(request.user)
    paginator = Paginator(for_the_table(recommendations, chasing=officer), PAGE_SIZE)
    # The counts by status add up to the total: the paginator need not count again.
    paginator.count = counts.total
    page = paginator.get_page(request.GET.get("page"))
    rows = marked(page.object_list, day)
    if officer:
        for recommendation in rows:
            recommendation.chasers = chasers(recommendation)
    query = request.GET.copy()
    query.pop("page", None)
    query = query.urlencode()
    context = {
        "form": form,
        "filters": filters.describe(),
        "recommendations": rows,
        "chasing": officer,
        "total": page.paginator.count,
        "page": page,
        "pages": page.paginator.get_elided_page_range(page.number),
        "counts": counts.by_status,
        "overdue": counts.overdue,
        "query": f"?{query}" if query else "",
        "page_query": f"?{query}&page=" if query else "?page=",
        "response_days": settings.SCRUTINY_RESPONSE_DAYS,
        "crumbs": crumbs(("Recommendations tracker", None)),
    }
    return render(request, "meetings/tracker.html", context)


def tracker_csv(request):
    _, _, recommendations = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{today():%Y-%m-%d}-recommendations-tracker.csv"
    )
    # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for recommendation in marked(followed(recommendations), today()):
        meeting = recommendation.meeting
        due = recommendation.response_due_on
        # Every cell, not only the free text: an agency's, a priority's or a committee's
        # name is typed by someone too.
        writer.writerow(
            _spreadsheet_safe(cell)
            for cell in [
                f"{meeting.date:%Y-%m-%d}",
                meeting.committee.name,
                recommendation.reference,
                recommendation.text,
                "; ".join(recommendation.addressees_named()),
                "; ".join(priority.title for priority in recommendation.priorities.all()),
                recommendation.status_label,
                f"{recommendation.letter_issued_on:%Y-%m-%d}"
                if recommendation.letter_issued_on
                else "",
                f"{due:%Y-%m-%d}" if due else "",
                "yes" if recommendation.is_overdue else "no",
                "; ".join(
                    f"{response.agency or 'Partner'}: {response.get_outcome_display()} "
                    f"({response.received_on:%Y-%m-%d})"
                    for response in recommendation.responses.all()
                ),
            ]
        )
    return response


def _spreadsheet_safe(cell) -> str:
    """A cell a spreadsheet will show rather than run: text starting =, +, - or @ is a
    formula to it (CSV injection), even after a tab or line break, so such text gets a
    leading apostrophe. Control characters are taken out first (scrutiny/kernel/text.py)."""
    text = without_control_characters(str(cell))
    starts_formula = text.lstrip()[:1] in {"=", "+", "-", "@"}
    return f"'{text}" if starts_formula or text[:1] in {"\t", "\r", "\n"} else text


def tracker_pdf(request):
    """The printed tracker of what the filters select; filters the form refuses queue
    nothing."""
    form = TrackerFilterForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "meetings/tracker_filters_invalid.html",
            {"form": form, "tracker_url": reverse("meetings:tracker")},
            status=400,
        )
    filters = tracker_filter_values(form) if form.is_bound else {}
    return serve_document(request, "tracker", {"filters": filters, "day": today().isoformat()})
