"""Read-only JSON of the public record: meetings, their agenda items, recommendations and
the partners' responses. Whoever asks gets what the public may see: never a draft
meeting, an exempt item or a recommendation on one. Lists come a page at a time.

The minutes and resolutions (``minutes`` and ``resolutions``) are shown as their pages
show them (``Minute.objects.visible_to``): to the public, published minutes of open items
only; to councillors, exempt items' minutes too; unpublished minutes to officers only."""

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from scrutiny.kernel.site import site_url

from ..models import (
    Amendment,
    Meeting,
    Minute,
    Motion,
    Recommendation,
    RecommendationResponse,
    RecordedVote,
)
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
        # Its number by minute once the committee resolved it ("326.1"), else its place.
        "reference": recommendation.reference,
        "minute": recommendation.minute.reference if recommendation.minute_id else None,
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


def _person(person) -> str | None:
    return person.name if person else None


def _vote(record) -> dict | None:
    """The vote on a motion or amendment: the counts against the number present, and for
    a recorded vote each member's own."""
    vote = getattr(record, "vote", None)
    if vote is None:
        return None
    return {
        "for": vote.votes_for,
        "against": vote.votes_against,
        "abstain": vote.abstentions,
        "present": vote.present,
        "recorded": vote.recorded,
        "members": [{"name": named.person.name, "vote": named.choice} for named in vote.named.all()]
        if vote.recorded
        else [],
    }


def _moved(record) -> dict:
    return {
        "position": record.position,
        "text": record.text,
        "mover": _person(record.mover),
        "seconder": _person(record.seconder),
        "outcome": record.outcome,
        "vote": _vote(record),
    }


def _motion(motion: Motion) -> dict:
    return {
        **_moved(motion),
        "effect": motion.effect or None,
        "resolution": motion.resolved_text if motion.outcome == Motion.Outcome.CARRIED else None,
        "amendments": [_moved(amendment) for amendment in motion.amendments.all()],
        "recommendations": [r.reference for r in motion.recommendations.all()],
    }


def _minute(minute: Minute) -> dict:
    item = minute.agenda_item
    meeting = item.meeting
    return {
        "id": minute.pk,
        "meeting": meeting.pk,
        "date": meeting.date.isoformat(),
        "committee": minute.committee.name,
        "minutes_status": meeting.status,
        # A string: committees write them their own way ("CHE/18/326"). ``position``
        # orders them within the committee's municipal year.
        "minute_number": minute.reference,
        "position": minute.number,
        "municipal_year": minute.municipal_year,
        "item": {"number": item.number, "title": item.title, "exempt": item.is_exempt},
        "discussion": minute.discussion,
        "url": site_url(minute.get_absolute_url()),
        "motions": [_motion(motion) for motion in minute.motions.all()],
    }


def _voted(queryset):
    """The records with their vote and each named member's vote, read at once."""
    return queryset.select_related("mover", "seconder", "vote").prefetch_related(
        Prefetch("vote__named", queryset=RecordedVote.objects.select_related("person"))
    )


def _motions_with_the_record(motions):
    """Motions with their votes, amendments and the recommendations they adopted, in a
    fixed number of queries however many there are."""
    recommendations = Recommendation.objects.select_related("minute__committee").order_by(
        "number_in_minute", "position"
    )
    return _voted(motions).prefetch_related(
        Prefetch("amendments", queryset=_voted(Amendment.objects.all())),
        Prefetch("recommendations", queryset=recommendations),
    )


def _with_the_record(minutes):
    return minutes.select_related("committee", "agenda_item__meeting").prefetch_related(
        Prefetch("motions", queryset=_motions_with_the_record(Motion.objects.all()))
    )


def minutes(request):
    shown = _with_the_record(Minute.objects.visible_to(request.user)).order_by(
        "-agenda_item__meeting__date", "committee_id", "municipal_year", "number", "pk"
    )
    return _page(request, shown, _minute)


def meeting_minutes(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    shown = _with_the_record(
        Minute.objects.visible_to(request.user).filter(agenda_item__meeting=meeting)
    ).order_by("number", "pk")
    return JsonResponse(
        {
            "meeting": _meeting(meeting),
            "minutes_status": meeting.status,
            "results": [_minute(minute) for minute in shown],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _resolution(motion: Motion) -> dict:
    minute = motion.minute
    return {
        "id": motion.pk,
        "meeting": minute.agenda_item.meeting_id,
        "date": minute.agenda_item.meeting.date.isoformat(),
        "minute_number": minute.reference,
        "position": minute.number,
        "item": minute.agenda_item.title,
        **_motion(motion),
        "url": site_url(motion.get_absolute_url()),
    }


def resolutions(request):
    """What the committee resolved: carried motions, newest first."""
    carried = (
        _motions_with_the_record(Motion.objects.filter(outcome=Motion.Outcome.CARRIED))
        .filter(minute__in=Minute.objects.visible_to(request.user))
        .select_related("minute__committee", "minute__agenda_item__meeting")
        .order_by("-minute__agenda_item__meeting__date", "minute__number", "position", "pk")
    )
    return _page(request, carried, _resolution)
