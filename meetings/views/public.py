"""Pages anyone may read. Each view asks its queryset for what this user may see, so a
draft meeting or an exempt item answers 404 to those who may not see it."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.dateformat import format as format_date

from partnership.models import Partnership
from scrutiny.kernel.breadcrumbs import crumbs
from scrutiny.kernel.dates import today
from scrutiny.kernel.page_cache import cached_page
from scrutiny.kernel.roles import is_officer

from .. import accessibility_statement as statement
from ..following import follow_recommendations
from ..lifecycle import next_steps
from ..models import (
    Committee,
    CouncillorCallForAction,
    LineOfEnquiry,
    Meeting,
    Presentation,
    Presenter,
    Recommendation,
    RecommendationResponse,
    RecommendationStep,
    Report,
)
from ..queries import (
    agenda_for,
    agenda_in_order,
    lines_of_enquiry_grouped,
    meetings_by_municipal_year,
    report_sections,
)
from ..supplementing import supplements_shown
from ..work_programme import ready_for_agenda

RECENT_MEETINGS = 5


def _meeting_crumbs(meeting, *trail):
    return crumbs(
        (meeting.committee.name, meeting.committee.get_absolute_url()),
        (format_date(meeting.date, "j F Y"), meeting.get_absolute_url() if trail else None),
        *trail,
    )


@cached_page
def home(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("committee")
    context = {
        # A cancelled meeting is not the next one (its page and the committee's say so).
        "next_meeting": meetings.not_cancelled().upcoming(today()).first(),
        "recent_meetings": meetings.past(today())[:RECENT_MEETINGS],
        "committees": Committee.objects.all(),
        # The page only counts each partnership's members and plans.
        "partnerships": Partnership.objects.prefetch_related("memberships", "plans"),
    }
    return render(request, "meetings/home.html", context)


@cached_page
def committee_detail(request, slug):
    committee = get_object_or_404(Committee.objects.select_related("partnership"), slug=slug)
    meetings = committee.meetings.visible_to(request.user).order_by("-date", "-start_time")
    context = {
        "committee": committee,
        "members": committee.members.select_related("person").order_by("role", "person__name"),
        "meetings_by_year": meetings_by_municipal_year(meetings),
        "calls_for_action": committee.calls_for_action.all(),
        "crumbs": crumbs((committee.name, None)),
    }
    return render(request, "meetings/committee_detail.html", context)


@cached_page
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        # Officers see who published the meeting.
        Meeting.objects.visible_to(request.user).select_related("committee", "published_by"),
        pk=pk,
    )
    # The public see each exempt item's place and paragraph, as the printed agenda says.
    items = agenda_in_order(meeting, request.user, agenda_for(meeting, request.user))
    context = {
        "meeting": meeting,
        "items": items,
        "supplements": supplements_shown(meeting, request.user, items),
        "clear_days": settings.SCRUTINY_CLEAR_DAYS,
        "planned": ready_for_agenda(meeting, request.user, today())
        if is_officer(request.user)
        else [],
        "crumbs": _meeting_crumbs(meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


@cached_page
def report_detail(request, pk):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "author",
            "introduced_by",
            "agenda_item__meeting__committee",
            "supplement",
            "agenda_item__supplement",
        ),
        pk=pk,
    )
    meeting = report.agenda_item.meeting
    context = {
        "report": report,
        "item": report.agenda_item,
        "meeting": meeting,
        "sections": report_sections(report),
        "appendices": report.appendices.released_to(request.user)
        .select_related("supplement")
        .order_by("number"),
        "crumbs": _meeting_crumbs(meeting, (report.title, None)),
    }
    return render(request, "meetings/report_detail.html", context)


@cached_page
def presentation_detail(request, pk):
    presentation = get_object_or_404(
        Presentation.objects.visible_to(request.user)
        .select_related("agenda_item__meeting__committee", "slides")
        .prefetch_related(
            Prefetch("presenters", queryset=Presenter.objects.select_related("person", "agency")),
            "priorities__refresh",
        ),
        pk=pk,
    )
    meeting = presentation.agenda_item.meeting
    context = {
        "presentation": presentation,
        "item": presentation.agenda_item,
        "meeting": meeting,
        "lines_of_enquiry": LineOfEnquiry.objects.visible_to(request.user).filter(
            presentation=presentation
        ),
        "crumbs": _meeting_crumbs(meeting, (presentation.topic, None)),
    }
    return render(request, "meetings/presentation_detail.html", context)


@cached_page
def lines_of_enquiry(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    context = {
        "meeting": meeting,
        **lines_of_enquiry_grouped(meeting, request.user),
        "crumbs": _meeting_crumbs(meeting, ("Lines of enquiry", None)),
    }
    return render(request, "meetings/lines_of_enquiry.html", context)


@cached_page
def recommendations(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("committee"), pk=pk
    )
    recommendations = list(
        Recommendation.objects.visible_to(request.user)
        .filter(meeting=meeting)
        # The item's link names its meeting: join it rather than fetch it per row.
        .select_related(
            "addressee_partnership",
            "agenda_item__meeting",
            "source_paragraph__section",
            # Its number by minute (326.1) once the committee resolved it.
            "minute__committee",
        )
        .prefetch_related(
            "addressee_agencies",
            "priorities",
            "steps__response__agency",
            # Responses recorded outside the steps (in the admin, say) are shown too.
            Prefetch(
                "responses",
                queryset=RecommendationResponse.objects.select_related("agency", "step"),
            ),
        )
    )
    officer = is_officer(request.user)
    follow_recommendations(recommendations, request.user)
    for recommendation in recommendations:
        recommendation.is_overdue = recommendation.response_overdue_on(today())
        if officer:
            recommendation.next_steps = [
                (kind, RecommendationStep.Kind(kind).label) for kind in next_steps(recommendation)
            ]
    context = {
        "meeting": meeting,
        "recommendations": recommendations,
        "letters": meeting.letters.select_related("addressee") if is_officer(request.user) else [],
        "crumbs": _meeting_crumbs(meeting, ("Recommendations", None)),
    }
    return render(request, "meetings/recommendations.html", context)


@cached_page
def calls_for_action(request):
    calls = CouncillorCallForAction.objects.select_related("committee").order_by("-received_on")
    context = {
        "calls": calls,
        "crumbs": crumbs(("Councillor Calls for Action", None)),
    }
    return render(request, "meetings/calls_for_action.html", context)


@cached_page
def call_for_action_detail(request, pk):
    call = get_object_or_404(CouncillorCallForAction.objects.select_related("committee"), pk=pk)
    context = {
        "call": call,
        "crumbs": crumbs(
            ("Councillor Calls for Action", reverse("meetings:calls_for_action")),
            (str(call), None),
        ),
    }
    return render(request, "meetings/call_for_action_detail.html", context)


@cached_page
def accessibility_statement(request):
    """The site's accessibility statement, after the GOV.UK model statement: the same for
    every reader (meetings/accessibility_statement.py). Its contact details, dates and
    answer time are the council record's; its non-accessible content is what the upload
    check flagged, so it changes as files are published or replaced."""
    flagged = statement.flagged_files()
    context = {
        "flagged": flagged,
        "criteria_failed": statement.criteria_failed(flagged),
        "regulations_in_force": statement.REGULATIONS_IN_FORCE,
        "crumbs": crumbs(("Accessibility statement", None)),
    }
    return render(request, "meetings/accessibility_statement.html", context)
