"""The recommendations tracker: as a page, a spreadsheet (CSV) and a printed report."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from scrutiny.breadcrumbs import crumbs
from scrutiny.page_cache import cached_page
from scrutiny.roles import is_officer

from ..documents import tracker_document
from ..forms import TrackerFilterForm
from ..queries import today
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


@cached_page
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
        writer.writerow(
            [
                f"{meeting.date:%Y-%m-%d}",
                meeting.committee.name,
                recommendation.position,
                _spreadsheet_safe(recommendation.text),
                "; ".join(recommendation.addressees_named()),
                "; ".join(priority.title for priority in recommendation.priorities.all()),
                recommendation.status_label,
                f"{recommendation.letter_issued_on:%Y-%m-%d}"
                if recommendation.letter_issued_on
                else "",
                f"{due:%Y-%m-%d}" if due else "",
                "yes" if recommendation.is_overdue else "no",
                _spreadsheet_safe(
                    "; ".join(
                        f"{response.agency or 'Partner'}: {response.get_outcome_display()} "
                        f"({response.received_on:%Y-%m-%d})"
                        for response in recommendation.responses.all()
                    )
                ),
            ]
        )
    return response


def _spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will show rather than run: a cell starting =, +, - or @ is a
    formula to it (CSV injection), so such text gets a leading apostrophe."""
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def tracker_pdf(request):
    day = today()

    def build():
        _, filters, recommendations = _filtered(request)
        return tracker_document(for_the_table(recommendations, chasing=False), filters, day)

    return serve_document(request, f"tracker {day} {request.GET.urlencode()}", build)
