"""Read-only JSON of the public record: meetings, their agenda items, recommendations and
the partners' responses. Whoever asks gets what the public may see: never a draft
meeting, an exempt item or a recommendation on one. Lists come a page at a time."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from scrutiny.kernel.site import site_url

from ..models import Meeting, Recommendation, RecommendationResponse
from ..queries import agenda_for

PAGE_SIZE = 50
PUBLIC = AnonymousUser()


def _page(request, queryset, describe) -> JsonResponse:
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("There is no such page.") from error

    def link(number):
        return f"{site_url(request.path)}?page={number}"

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [describe(record) for record in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "committee": meeting.full_title,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.isoformat("minutes") if meeting.start_time else None,
        "venue": meeting.venue or None,
        "url": site_url(meeting.get_absolute_url()),
        "agenda_pdf": site_url(reverse("meetings:agenda_pdf", args=[meeting.pk])),
        "agenda_items": site_url(reverse("meetings:api_agenda_items", args=[meeting.pk])),
    }


def meetings(request):
    published = (
        Meeting.objects.public()
        .select_related("committee")
        .prefetch_related("committee__titles")
        .order_by("-date", "pk")
    )
    return _page(request, published, _meeting)


def agenda_items(request, pk):
    meeting = get_object_or_404(Meeting.objects.public().select_related("committee"), pk=pk)
    items = agenda_for(meeting, PUBLIC)

    def describe(item):
        report = item.current_report
        return {
            "number": item.number,
            "title": item.title,
            "description": item.description or None,
            "kind": item.get_kind_display(),
            "report": site_url(report.get_absolute_url()) if report else None,
        }

    return JsonResponse(
        {"meeting": _meeting(meeting), "results": [describe(item) for item in items]},
        json_dumps_params={"ensure_ascii": False},
    )


def _recommendation(recommendation: Recommendation) -> dict:
    due = recommendation.response_due_on
    return {
        "id": recommendation.pk,
        "meeting": recommendation.meeting_id,
        "number": recommendation.position,
        # "326.1" once numbered by minute, else its position: a string, to show; "number"
        # stays the integer to order by.
        "reference": recommendation.reference,
        "text": recommendation.text,
        "status": recommendation.status,
        "status_label": recommendation.status_label,
        "addressed_to": recommendation.addressees_named(),
        "response_due": due.isoformat() if due else None,
        "url": site_url(recommendation.get_absolute_url()),
        "responses": [
            {
                "agency": response.agency.name if response.agency else None,
                "outcome": response.outcome,
                "received_on": response.received_on.isoformat(),
                "text": response.text,
            }
            for response in recommendation.responses.all()
        ],
    }


def recommendations(request):
    public = (
        Recommendation.objects.visible_to(PUBLIC)
        .select_related("addressee_partnership", "minute__committee")
        .prefetch_related(
            "addressee_agencies",
            "steps",
            Prefetch("responses", queryset=RecommendationResponse.objects.select_related("agency")),
        )
        # Ties broken for good, so that no record is skipped or repeated across pages.
        .order_by("-meeting__date", "meeting_id", "position", "pk")
    )
    return _page(request, public, _recommendation)
