"""Read-only JSON of the public record: meetings, their agenda items, recommendations and
the partners' responses. Whoever asks gets what the public may see: never a draft
meeting, an exempt item or a recommendation on one. Lists come a page at a time.

The minutes and resolutions (``minutes`` and ``resolutions``) are shown as their pages
show them (``Minute.objects.visible_to``): to the public, published minutes of open items
only; to councillors, exempt items' minutes too; unpublished minutes to officers only.

Every endpoint takes only the query parameters it names (``PARAMETERS``), each at most
once: anything else, or a value it cannot read, answers 400 with one JSON shape,
``{"error": "…", "parameter": "…"}``, never a list quietly left unfiltered."""

import datetime
import re
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse

from partnership.models import Agency, Partnership
from scrutiny.kernel.site import site_url

from ..models import (
    Amendment,
    Committee,
    Meeting,
    Minute,
    Motion,
    Recommendation,
    RecommendationResponse,
    RecordedVote,
)
from ..models.recommendations import NO_ADDRESSEE
from ..queries import agenda_for

PAGE_SIZE = 50
PUBLIC = AnonymousUser()

# The query parameters each endpoint reads; the lists take ``page`` too.
DATES = ("committee", "from", "to")
PARAMETERS = {
    "meetings": ("page", *DATES),
    "recommendations": ("page", *DATES, "status", "addressee"),
    "minutes": ("page",),
    "resolutions": ("page",),
    "agenda_items": (),
    "meeting_minutes": (),
}
# Strictly YYYY-MM-DD: ``date.fromisoformat`` also reads 20180925 and 2018-W39-2, which
# the documentation does not promise and a client should not come to rely on.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# How much of a value an error repeats back.
SHOWN = 60
MAX_PAGE_DIGITS = 18


class BadParameter(Exception):
    """A query parameter the endpoint does not take, or a value it cannot read."""

    def __init__(self, parameter: str, error: str):
        super().__init__(error)
        self.parameter = parameter
        self.error = error


def _shown(value: str) -> str:
    return repr(value if len(value) <= SHOWN else value[:SHOWN] + "…")


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _reads(endpoint: str):
    """Let the view read only its own parameters, and answer a 400 when the query
    holds another, holds one twice or empty, or the view finds a value it cannot read."""
    takes = PARAMETERS[endpoint]

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                params = _parameters(request.GET, takes)
                return view(request, params, *args, **kwargs)
            except BadParameter as problem:
                return _json({"error": problem.error, "parameter": problem.parameter}, 400)

        return wrapper

    return decorate


def _parameters(query: QueryDict, takes: tuple[str, ...]) -> dict[str, str]:
    """The query as one value a name, in the order given, once every name is one the
    endpoint takes and each is given once and not empty."""
    params = {}
    for name, values in query.lists():
        if name not in takes:
            taken = ", ".join(takes) if takes else "no parameters"
            raise BadParameter(name, f"Unknown parameter {_shown(name)}: this takes {taken}.")
        if len(values) > 1:
            raise BadParameter(name, f"{name} is given {len(values)} times: give it once.")
        if values[0] == "":
            raise BadParameter(name, f"{name} is empty: leave it out to have every record.")
        # PostgreSQL refuses a NUL in any string it is sent: a 500, not an answer.
        if "\x00" in values[0]:
            raise BadParameter(name, f"{name} holds a NUL character.")
        params[name] = values[0]
    return params


def _date(params: dict[str, str], name: str) -> datetime.date | None:
    value = params.get(name)
    if value is None:
        return None
    if not ISO_DATE.fullmatch(value):
        raise BadParameter(name, f"{name} must be a date as YYYY-MM-DD, not {_shown(value)}.")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadParameter(name, f"{name} {_shown(value)} is not a day of the calendar.") from error


def _dated(queryset, params: dict[str, str], *, date_field: str, committee_field: str):
    """The records of the committee named by its slug, on a date from ``from`` to ``to``
    (both inclusive): what ``/api/meetings/`` and ``/api/recommendations/`` share."""
    start, end = _date(params, "from"), _date(params, "to")
    if start and end and start > end:
        raise BadParameter("from", f"from ({start}) is after to ({end}).")
    if "committee" in params:
        committee = Committee.objects.filter(slug=params["committee"]).first()
        if committee is None:
            raise BadParameter(
                "committee",
                f"No committee has the slug {_shown(params['committee'])}: use a "
                "committee_slug from /api/meetings/.",
            )
        queryset = queryset.filter(**{committee_field: committee})
    if start:
        queryset = queryset.filter(**{f"{date_field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{date_field}__lte": end})
    return queryset


def _page(request, params: dict[str, str], queryset, describe) -> JsonResponse:
    paginator = Paginator(queryset, PAGE_SIZE)
    value = params.get("page", "1")
    if not (value.isascii() and value.isdigit() and value.lstrip("0")):
        raise BadParameter("page", f"page must be a whole number from 1, not {_shown(value)}.")
    # Python will not read a number thousands of digits long; no such page exists anyway.
    number = int(value) if len(value) <= MAX_PAGE_DIGITS else None
    if number is None or number > paginator.num_pages:
        raise BadParameter(
            "page", f"There is no page {value[:SHOWN]}: the last is {paginator.num_pages}."
        )
    page = paginator.page(number)

    def link(number):
        # The next and previous pages keep the filters, in the order the client gave them.
        query = QueryDict(mutable=True)
        query.update(params)
        query["page"] = str(number)
        return f"{site_url(request.path)}?{query.urlencode()}"

    return _json(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [describe(record) for record in page.object_list],
        }
    )


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "committee": meeting.full_title,
        # What the ``committee`` filter takes.
        "committee_slug": meeting.committee.slug,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.isoformat("minutes") if meeting.start_time else None,
        "venue": meeting.venue or None,
        "url": site_url(meeting.get_absolute_url()),
        "agenda_pdf": site_url(reverse("meetings:agenda_pdf", args=[meeting.pk])),
        "agenda_items": site_url(reverse("meetings:api_agenda_items", args=[meeting.pk])),
    }


@_reads("meetings")
def meetings(request, params):
    published = (
        Meeting.objects.public()
        .select_related("committee")
        .prefetch_related("committee__titles")
        .order_by("-date", "pk")
    )
    published = _dated(published, params, date_field="date", committee_field="committee")
    return _page(request, params, published, _meeting)


@_reads("agenda_items")
def agenda_items(request, params, pk):
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

    return _json({"meeting": _meeting(meeting), "results": [describe(item) for item in items]})


def _recommendation(recommendation: Recommendation) -> dict:
    due = recommendation.response_due_on
    return {
        "id": recommendation.pk,
        "meeting": recommendation.meeting_id,
        # The date of the meeting that made it: what ``from`` and ``to`` filter.
        "date": recommendation.meeting.date.isoformat(),
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


def _addressed(recommendations, params: dict[str, str]):
    """Those addressed to the partnership or agency named as ``addressed_to`` names it;
    ``NO_ADDRESSEE`` for those to the committee itself."""
    name = params.get("addressee")
    if name is None:
        return recommendations
    if name == NO_ADDRESSEE:
        return recommendations.addressed_to_nobody()
    # Both names are unique; a partnership and an agency could share one.
    partnership = Partnership.objects.filter(name=name).first()
    agency = Agency.objects.filter(name=name).first()
    if partnership is None and agency is None:
        raise BadParameter(
            "addressee",
            f"No partnership or agency is named {_shown(name)}: give a name as "
            f'addressed_to spells it, or "{NO_ADDRESSEE}".',
        )
    return recommendations.addressed_to(partnership=partnership, agency=agency)


@_reads("recommendations")
def recommendations(request, params):
    status = params.get("status")
    if status is not None and status not in Recommendation.Status.values:
        raise BadParameter(
            "status",
            f"status must be one of {', '.join(Recommendation.Status.values)}, "
            f"not {_shown(status)}.",
        )
    public = (
        Recommendation.objects.visible_to(PUBLIC)
        .select_related("meeting", "addressee_partnership", "minute__committee")
        .prefetch_related(
            "addressee_agencies",
            "steps",
            Prefetch("responses", queryset=RecommendationResponse.objects.select_related("agency")),
        )
        # Ties broken for good, so that no record is skipped or repeated across pages.
        .order_by("-meeting__date", "meeting_id", "position", "pk")
    )
    public = _dated(
        public, params, date_field="meeting__date", committee_field="meeting__committee"
    )
    if status is not None:
        public = public.filter(status=status)
    public = _addressed(public, params)
    return _page(request, params, public, _recommendation)


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


@_reads("minutes")
def minutes(request, params):
    shown = _with_the_record(Minute.objects.visible_to(request.user)).order_by(
        "-agenda_item__meeting__date", "committee_id", "municipal_year", "number", "pk"
    )
    return _page(request, params, shown, _minute)


@_reads("meeting_minutes")
def meeting_minutes(request, params, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    shown = _with_the_record(
        Minute.objects.visible_to(request.user).filter(agenda_item__meeting=meeting)
    ).order_by("number", "pk")
    return _json(
        {
            "meeting": _meeting(meeting),
            "minutes_status": meeting.status,
            "results": [_minute(minute) for minute in shown],
        }
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


@_reads("resolutions")
def resolutions(request, params):
    """What the committee resolved: carried motions, newest first."""
    carried = (
        _motions_with_the_record(Motion.objects.filter(outcome=Motion.Outcome.CARRIED))
        .filter(minute__in=Minute.objects.visible_to(request.user))
        .select_related("minute__committee", "minute__agenda_item__meeting")
        .order_by("-minute__agenda_item__meeting__date", "minute__number", "position", "pk")
    )
    return _page(request, params, carried, _resolution)
